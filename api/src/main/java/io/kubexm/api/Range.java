package io.kubexm.api;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** Inclusive bounds of an integer field. */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
@interface Range {
    long min();

    long max() default Integer.MAX_VALUE;

    /** What a good value is, for the hint of an out-of-range one. */
    String hint();
}
