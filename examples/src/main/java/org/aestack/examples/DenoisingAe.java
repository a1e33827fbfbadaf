package org.aestack.examples;

import org.aestack.dsl.Autoencoder;
import org.aestack.dsl.Denoising;
import org.aestack.dsl.Encoder;
import org.aestack.dsl.FineTune;
import org.aestack.dsl.Layer;

/**
 * A denoising autoencoder, 784 → 500: trained to restore images with half their pixels zeroed.
 * Restores masked test images, and samples by the corrupt–reconstruct chain.
 */
@Autoencoder(input = 784)
@Denoising(p = 0.5)
@FineTune(epochs = 10, batch = 128)
public interface DenoisingAe {
    @Encoder(units = 500)
    Layer code();
}
