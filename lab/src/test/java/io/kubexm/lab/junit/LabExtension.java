package io.kubexm.lab.junit;

import io.kubexm.lab.Lab;
import io.kubexm.lab.LabManager;
import io.kubexm.lab.LabSettings;
import io.kubexm.lab.LabSpec;
import io.kubexm.lab.NodeShell;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * Boots the lab a {@link WithLab} class asks for. Shared labs live in the root store, so one
 * lab serves every class of a test run and is removed (down) when the run ends; isolated labs
 * live in the class's store and are removed after the class. Labs go to the default cache and
 * state directories; their cluster.yaml goes to {@code target/lab-conf/NAME/cluster.yaml}.
 */
public final class LabExtension implements BeforeAllCallback, ParameterResolver {
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(LabExtension.class);

    /** A running lab that goes down when JUnit closes the store holding it. */
    private record RunningLab(LabManager manager, Lab lab) implements ExtensionContext.Store.CloseableResource {
        @Override
        public void close() {
            manager.down(lab.name());
        }
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        running(context);
    }

    @Override
    public boolean supportsParameter(ParameterContext p, ExtensionContext e) {
        Class<?> type = p.getParameter().getType();
        return type == Lab.class || type == NodeShell.class || type == LabManager.class;
    }

    @Override
    public Object resolveParameter(ParameterContext p, ExtensionContext e) {
        RunningLab running = running(e);
        Class<?> type = p.getParameter().getType();
        if (type == Lab.class) {
            return running.lab();
        }
        if (type == NodeShell.class) {
            return running.manager().shell(running.lab());
        }
        if (type == LabManager.class) {
            return running.manager();
        }
        throw new ParameterResolutionException("LabExtension cannot supply " + type);
    }

    private static RunningLab running(ExtensionContext context) {
        Class<?> testClass = context.getRequiredTestClass();
        WithLab want = AnnotationSupport.findAnnotation(testClass, WithLab.class).orElseThrow(() ->
                new IllegalStateException(testClass.getName() + " uses LabExtension without @WithLab"));
        if (want.isolated()) {
            String name = TestLabs.name("i" + Character.forDigit(Math.floorMod(testClass.getName().hashCode(), 36), 36));
            ExtensionContext classContext = context;
            while (classContext.getTestMethod().isPresent()) { // the lab belongs to the class, not to one test
                classContext = classContext.getParent().orElseThrow();
            }
            return classContext.getStore(NS).getOrComputeIfAbsent(name, n -> boot(n, want.nodes()), RunningLab.class);
        }
        String name = TestLabs.name(Integer.toString(want.nodes()));
        return context.getRoot().getStore(NS).getOrComputeIfAbsent(name, n -> boot(n, want.nodes()), RunningLab.class);
    }

    /** A fresh lab; labs of earlier test runs that died without removing theirs are removed first. */
    private static RunningLab boot(String name, int nodes) {
        LabManager manager = new LabManager(LabSettings.withConfDir(Path.of("target", "lab-conf")),
                line -> System.out.println("[lab " + name + "] " + line));
        TestLabs.removeStale(manager).forEach(stale -> System.out.println("[lab] removed stale test lab " + stale));
        return new RunningLab(manager, manager.up(LabSpec.of(name, nodes)).lab());
    }
}
