package org.aestack.examples;

import org.aestack.dsl.Autoencoder;
import org.aestack.dsl.Encoder;
import org.aestack.dsl.FineTune;
import org.aestack.dsl.Layer;

/**
 * The baseline the regularized examples are measured against: a 784 → 500 sigmoid autoencoder
 * with cross-entropy and no regularizer.
 */
@Autoencoder(input = 784)
@FineTune(epochs = 10, batch = 128)
public interface PlainAe {
    @Encoder(units = 500)
    Layer code();
}
