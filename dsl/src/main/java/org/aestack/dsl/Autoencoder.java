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
 * <p>With an image input ({@link #channels()}, {@link #height()}, {@link #width()}) the layers may
 * be {@link Conv} layers, mirrored by transposed convolutions; the first {@link ConvTranspose}
 * layer, if any, starts a decoder declared explicitly instead, which must end at the input's
 * shape.
 *
 * <p>Generates {@code <Name>Model} and {@code <Name>Trainer} next to the declaration.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface Autoencoder {
    /**
     * The number of inputs (for Fashion-MNIST, 784); must be positive. May be left out when
     * {@link #channels()}, {@link #height()} and {@link #width()} give the input's shape.
     */
    int input() default 0;
    /**
     * The input image's channels (1 for grey, 3 for colour), with {@link #height()} and
     * {@link #width()}: the shape {@link Conv} layers work on; inputs are rows of channels ×
     * height × width values, channel by channel, row by row (PyTorch's NCHW). Default 0: no image
     * shape, which only dense layers take.
     */
    int channels() default 0;
    /** The input image's height in pixels; see {@link #channels()}. */
    int height() default 0;
    /** The input image's width in pixels; see {@link #channels()}. */
    int width() default 0;
    /**
     * The channels of the image a declared decoder predicts, where that is not the input: the model
     * then maps each input image to a target image of {@code outputChannels × height × width}
     * (colorization: the grey luminance in, the two chroma channels out), and trains on pairs, rows
     * of the input's values followed by the target's. Default 0: the decoder reconstructs the input.
     */
    int outputChannels() default 0;

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
