package org.aestack.examples;

import org.aestack.dsl.Autoencoder;
import org.aestack.dsl.Conv;
import org.aestack.dsl.ConvTranspose;
import org.aestack.dsl.Denoising;
import org.aestack.dsl.FineTune;
import org.aestack.dsl.Layer;

/**
 * A convolutional denoising autoencoder for restoring Fashion-MNIST images with half their pixels
 * zeroed: W4's architecture (three ReLU convolutions down to 64 × 7 × 7, two 4 × 4 transposed
 * convolutions back up, a 3 × 3 convolution to the sigmoid image), 154,433 parameters, trained with
 * masking noise p = 0.5 as the dense {@link DenoisingAe} is.
 */
@Autoencoder(channels = 1, height = 28, width = 28)
@Denoising(p = 0.5)
@FineTune(epochs = 3, batch = 64)
public interface ConvDae {
    @Conv(filters = 32, kernel = 3, padding = 1)
    Layer conv1();

    @Conv(filters = 64, kernel = 3, stride = 2, padding = 1)
    Layer conv2();

    @Conv(filters = 64, kernel = 3, stride = 2, padding = 1)
    Layer code();

    @ConvTranspose(filters = 64, kernel = 4, stride = 2, padding = 1)
    Layer up1();

    @ConvTranspose(filters = 32, kernel = 4, stride = 2, padding = 1)
    Layer up2();

    @Conv(filters = 1, kernel = 3, padding = 1)
    Layer pixels();
}
