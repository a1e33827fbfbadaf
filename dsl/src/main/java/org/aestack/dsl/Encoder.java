package org.aestack.dsl;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares a fully connected encoder layer. The annotated method takes no parameters and returns
 * {@link Layer}; the generated model implements it by returning a view of the layer's parameters.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface Encoder {
    /** The number of units; must be positive. No default. */
    int units();

    /** The nonlinearity. Default {@link Activation#SIGMOID}. */
    Activation activation() default Activation.SIGMOID;
}
