package org.aestack.examples;

import org.aestack.dsl.Autoencoder;
import org.aestack.dsl.Conv;
import org.aestack.dsl.ConvTranspose;
import org.aestack.dsl.Denoising;
import org.aestack.dsl.FineTune;
import org.aestack.dsl.Layer;

/**
 * Workload W4 of the benchmark contract: a convolutional denoising autoencoder on 1 × 28 × 28 images,
 * masking noise p = 0.3, cross-entropy, Adam at 1e-3, batch 64 (as {@code ../shared/anchors/torch_ae.py W4}).
 * The encoder's three ReLU convolutions take 28 × 28 to 64 × 7 × 7; the declared decoder's two 4 × 4
 * transposed convolutions double the size twice, and a 3 × 3 convolution gives the sigmoid reconstruction.
 */
@Autoencoder(channels = 1, height = 28, width = 28)
@Denoising(p = 0.3)
@FineTune(epochs = 1, batch = 64)
public interface BenchW4 {
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
