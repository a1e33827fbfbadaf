package org.aestack.dsl;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares an autoencoder: the annotated interface's layer methods, in declaration order, are the
 * encoder layers, and the decoder mirrors them (the decoder layer that reconstructs a layer's input
 * has that input layer's activation, and the last one has {@link #output()}).
 *
 * <p>Generates {@code <Name>Model} and {@code <Name>Trainer} next to the declaration.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface Autoencoder {
    /** The number of inputs (for Fashion-MNIST, 784); must be positive. No default. */
    int input();

    /**
     * The reconstruction loss. Default {@link Loss#CROSS_ENTROPY}, which needs a sigmoid
     * {@link #output()}.
     */
    Loss loss() default Loss.CROSS_ENTROPY;

    /**
     * Whether each decoder layer uses the transpose of its encoder layer's weights (with biases of
     * its own) instead of weights of its own. Default {@code false}.
     */
    boolean tied() default false;

    /** The activation of the reconstruction, the decoder's last layer. Default {@link Activation#SIGMOID}. */
    Activation output() default Activation.SIGMOID;
}
