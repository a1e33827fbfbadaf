package org.aestack.examples;

import org.aestack.dsl.Autoencoder;
import org.aestack.dsl.Conv;
import org.aestack.dsl.ConvTranspose;
import org.aestack.dsl.FineTune;
import org.aestack.dsl.Layer;
import org.aestack.dsl.Loss;

/**
 * The dense baseline of colorization: a dense autoencoder 1,024 → 64 → 2,048 from the luminance to
 * the chroma, written as convolutions whose kernel is the whole image (a 32 × 32 convolution of a
 * 32 × 32 image is a dense layer to one pixel per filter, and its transpose a dense layer back), so it
 * trains on the same pairs with the same trainer as {@link Colorizer}: 196,674 parameters to its 22,850.
 */
@Autoencoder(channels = 1, height = 32, width = 32, outputChannels = 2, loss = Loss.SQUARED_ERROR)
@FineTune(epochs = 5, batch = 64)
public interface DenseColorizer {
    @Conv(filters = 64, kernel = 32)
    Layer code();

    @ConvTranspose(filters = 2, kernel = 32)
    Layer chroma();
}
