package org.aestack.dsl;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares a two-dimensional convolution layer of an {@link Autoencoder} with an image input: a
 * square kernel, the same stride and zero padding on both axes, one bias per filter, PyTorch's
 * {@code Conv2d}. Its output is {@code filters × outHeight × outWidth}, where
 * {@code outHeight = (height + 2·padding − kernel) / stride + 1} (rounded down), and the same for the width.
 *
 * <p>In the encoder (before any {@link ConvTranspose}) each such layer is mirrored in the decoder by
 * a transposed convolution back to exactly the shape it read; after a {@link ConvTranspose} it is a
 * layer of the explicit decoder (for instance the last one, which gives the reconstruction).
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface Conv {
    /** The number of filters: the output's channels. Must be positive. No default. */
    int filters();

    /** The side of the square kernel, e.g. 3. Must be positive. No default. */
    int kernel();

    /** The step between kernel positions, on both axes. Default 1. */
    int stride() default 1;

    /** The zeros added around each side of the input. Default 0. */
    int padding() default 0;

    /**
     * The nonlinearity. Default {@link Activation#RELU}. The decoder's last layer gives the
     * reconstruction, whose activation is {@link Autoencoder#output()}.
     */
    Activation activation() default Activation.RELU;
}
