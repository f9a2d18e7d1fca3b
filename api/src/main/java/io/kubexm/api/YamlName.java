package io.kubexm.api;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** The field's name in cluster.yaml when it differs from the component name, and any aliases it accepts. */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
@interface YamlName {
    String value();

    String[] aliases() default {};
}
