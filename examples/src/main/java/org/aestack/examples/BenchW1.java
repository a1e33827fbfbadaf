package org.aestack.examples;

import org.aestack.dsl.Autoencoder;
import org.aestack.dsl.Denoising;
import org.aestack.dsl.Encoder;
import org.aestack.dsl.FineTune;
import org.aestack.dsl.Layer;
import org.aestack.dsl.Optimizer;

/**
 * Workload W1 of the benchmark contract: a denoising autoencoder 784 → 500 → 784, sigmoid, untied,
 * cross-entropy, masking noise p = 0.3, SGD at 0.1, batch 128 (as {@code ../shared/anchors/torch_ae.py W1}).
 */
@Autoencoder(input = 784)
@Denoising(p = 0.3)
@FineTune(epochs = 1, batch = 128, optimizer = Optimizer.SGD, learningRate = 0.1)
public interface BenchW1 {
    @Encoder(units = 500)
    Layer code();
}
