package org.aestack.examples;

import org.aestack.dsl.Autoencoder;
import org.aestack.dsl.Denoising;
import org.aestack.dsl.Encoder;
import org.aestack.dsl.FineTune;
import org.aestack.dsl.Layer;
import org.aestack.dsl.Noise;

/** A denoising autoencoder, 784 → 500, trained to remove additive Gaussian noise of σ = 0.3. */
@Autoencoder(input = 784)
@Denoising(p = 0.3, noise = Noise.GAUSSIAN)
@FineTune(epochs = 10, batch = 128)
public interface GaussianDenoisingAe {
    @Encoder(units = 500)
    Layer code();
}
