package io.kubexm.api;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Map;

/**
 * A field whose default depends on other fields: when absent it is bound as {@link #UNSET} and the
 * record's constructor derives it. (Taking it from {@code defaults()} would give the value derived
 * for the default types instead.)
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
@interface Derived {
    Map<Class<?>, Object> UNSET = Map.of(String.class, "", int.class, 0);
}
