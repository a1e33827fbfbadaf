package org.aestack.examples;

import org.aestack.dsl.Autoencoder;
import org.aestack.dsl.Encoder;
import org.aestack.dsl.FineTune;
import org.aestack.dsl.Layer;
import org.aestack.dsl.Sparse;

/**
 * An overcomplete autoencoder, 784 → 1000, kept from learning the identity by a sparsity penalty:
 * the KL divergence of each unit's mean activation from 5%.
 */
@Autoencoder(input = 784)
@FineTune(epochs = 10, batch = 128)
public interface SparseAe {
    @Sparse(lambda = 0.5, target = 0.05)
    @Encoder(units = 1000)
    Layer code();
}
