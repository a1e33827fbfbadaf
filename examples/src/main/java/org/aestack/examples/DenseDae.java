package org.aestack.examples;

import org.aestack.dsl.Autoencoder;
import org.aestack.dsl.Denoising;
import org.aestack.dsl.Encoder;
import org.aestack.dsl.FineTune;
import org.aestack.dsl.Layer;

/**
 * The dense baseline of the restoration comparison: a denoising autoencoder 784 → 98 → 784 with
 * 154,546 parameters, as many as {@link ConvDae}'s 154,433, trained the same way (masking noise
 * p = 0.5, Adam, batch 64).
 */
@Autoencoder(input = 784)
@Denoising(p = 0.5)
@FineTune(epochs = 3, batch = 64)
public interface DenseDae {
    @Encoder(units = 98)
    Layer code();
}
