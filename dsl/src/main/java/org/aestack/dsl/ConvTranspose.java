package org.aestack.dsl;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares a transposed convolution layer (PyTorch's {@code ConvTranspose2d} without output
 * padding): the first one in an {@link Autoencoder} starts the explicit decoder, which replaces the
 * mirrored one. Its output is {@code filters × outHeight × outWidth}, where
 * {@code outHeight = (height − 1)·stride − 2·padding + kernel}, and the same for the width; the
 * decoder's last layer must give the input's shape, which the compiler checks.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface ConvTranspose {
    /** The number of filters: the output's channels. Must be positive. No default. */
    int filters();

    /** The side of the square kernel, e.g. 4. Must be positive. No default. */
    int kernel();

    /** The upsampling factor, on both axes. Default 1. */
    int stride() default 1;

    /** The rows and columns taken off each side of the output. Default 0. */
    int padding() default 0;

    /**
     * The nonlinearity. Default {@link Activation#RELU}. The decoder's last layer gives the
     * reconstruction, whose activation is {@link Autoencoder#output()}.
     */
    Activation activation() default Activation.RELU;
}
