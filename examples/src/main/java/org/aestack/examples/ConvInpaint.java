package org.aestack.examples;

import org.aestack.dsl.Autoencoder;
import org.aestack.dsl.Conv;
import org.aestack.dsl.ConvTranspose;
import org.aestack.dsl.Denoising;
import org.aestack.dsl.FineTune;
import org.aestack.dsl.Layer;
import org.aestack.dsl.Noise;

/**
 * Inpainting with a convolutional autoencoder: {@link ConvDae}'s architecture trained to fill in
 * Fashion-MNIST images with two 8 × 8 blocks blanked at random places (Noise.BLOCKS at p = 0.15 of
 * the 28 × 28 image).
 */
@Autoencoder(channels = 1, height = 28, width = 28)
@Denoising(p = 0.15, noise = Noise.BLOCKS)
@FineTune(epochs = 3, batch = 64)
public interface ConvInpaint {
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
