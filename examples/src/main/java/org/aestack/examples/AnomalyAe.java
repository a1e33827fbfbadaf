package org.aestack.examples;

import org.aestack.dsl.Activation;
import org.aestack.dsl.Autoencoder;
import org.aestack.dsl.Encoder;
import org.aestack.dsl.FineTune;
import org.aestack.dsl.Layer;

/**
 * The anomaly detector: an undercomplete 784 → 256 → 32 autoencoder. Its narrow code can hold only
 * what the training classes share, so images of an unseen class reconstruct worse and score higher.
 * (A wide code, like PlainAe's 500 units, learns to copy almost any image, unseen ones included.)
 */
@Autoencoder(input = 784)
@FineTune(epochs = 5, batch = 128)
public interface AnomalyAe {
    @Encoder(units = 256)
    Layer hidden();

    @Encoder(units = 32, activation = Activation.LINEAR)
    Layer code();
}
