package org.aestack.examples;

import org.aestack.dsl.Autoencoder;
import org.aestack.dsl.Denoising;
import org.aestack.dsl.Encoder;
import org.aestack.dsl.FineTune;
import org.aestack.dsl.Layer;
import org.aestack.dsl.Noise;

/**
 * The dense baseline of the inpainting comparison: 784 → 98 → 784, as many parameters as
 * {@link ConvInpaint}, trained on the same blanked blocks.
 */
@Autoencoder(channels = 1, height = 28, width = 28)
@Denoising(p = 0.15, noise = Noise.BLOCKS)
@FineTune(epochs = 3, batch = 64)
public interface DenseInpaint {
    @Encoder(units = 98)
    Layer code();
}
