package org.aestack.examples;

import org.aestack.dsl.Activation;
import org.aestack.dsl.Autoencoder;
import org.aestack.dsl.Conv;
import org.aestack.dsl.ConvTranspose;
import org.aestack.dsl.FineTune;
import org.aestack.dsl.Layer;
import org.aestack.dsl.Loss;

/**
 * Colorization of 32 × 32 photos (CIFAR-10): the grey image's luminance Y in, its two chroma
 * channels Cb and Cr out (JPEG's YCbCr), so the model only has to guess colour while the detail of
 * the photo passes through untouched in Y. Three ReLU convolutions take 1 × 32 × 32 to 32 × 8 × 8,
 * two 2 × 2 transposed convolutions double it back to 32 × 32, and two 3 × 3 convolutions give the
 * sigmoid chroma, trained by squared error on pairs of luminance and chroma.
 */
@Autoencoder(channels = 1, height = 32, width = 32, outputChannels = 2, loss = Loss.SQUARED_ERROR)
@FineTune(epochs = 5, batch = 64)
public interface Colorizer {
    @Conv(filters = 16, kernel = 3, padding = 1)
    Layer conv1();

    @Conv(filters = 32, kernel = 3, stride = 2, padding = 1)
    Layer conv2();

    @Conv(filters = 32, kernel = 3, stride = 2, padding = 1)
    Layer code();

    @ConvTranspose(filters = 32, kernel = 2, stride = 2)
    Layer up1();

    @ConvTranspose(filters = 16, kernel = 2, stride = 2)
    Layer up2();

    @Conv(filters = 16, kernel = 3, padding = 1)
    Layer smooth();

    @Conv(filters = 2, kernel = 3, padding = 1, activation = Activation.SIGMOID)
    Layer chroma();
}
