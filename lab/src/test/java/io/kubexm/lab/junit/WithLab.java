package io.kubexm.lab.junit;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Gives the test class a running lab: {@link io.kubexm.lab.Lab}, {@link io.kubexm.lab.NodeShell}
 * and {@link io.kubexm.lab.LabManager} parameters are resolved in constructors, lifecycle
 * methods and tests. The class is tagged {@code lab} (left out by {@code -Dkubexm.skipLab=true}).
 *
 * <p>By default the lab is shared: every class in the same test JVM that asks for the same
 * number of nodes gets the same lab ({@code kxt<N>-<PID>}, see {@link TestLabs}), booted at
 * first use and removed when the JVM's tests end. A class that powers nodes off or otherwise leaves them changed
 * asks for {@code isolated = true}: its own lab, removed after the class.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Tag("lab")
@ExtendWith(LabExtension.class)
public @interface WithLab {
    int nodes() default 3;

    boolean isolated() default false;
}
