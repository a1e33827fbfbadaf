package org.aestack.dsl;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares a deep belief net: a greedy stack of RBMs with top-down generation.
 *
 * <p><b>Not generated yet:</b> this version of aestack reserves the annotation and reports a
 * compile error on it (and on a declaration that combines it with another model kind); the
 * generator arrives with the RBM and Boltzmann-machine work.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface BeliefNet {
    /** The number of visible units; must be positive. No default. */
    int input();
}
