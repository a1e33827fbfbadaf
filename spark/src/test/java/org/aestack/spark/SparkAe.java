package org.aestack.spark;

import org.aestack.dsl.Activation;
import org.aestack.dsl.Autoencoder;
import org.aestack.dsl.Encoder;
import org.aestack.dsl.FineTune;
import org.aestack.dsl.Layer;
import org.aestack.dsl.Optimizer;
import org.aestack.dsl.Pretrain;

/** A small deep autoencoder for the Spark tests: two layers pretrained greedily, then fine-tuned by Adam. */
@Autoencoder(input = 784)
@Pretrain(epochs = 2, batch = 50, optimizer = Optimizer.MOMENTUM, learningRate = 0.05, momentum = 0.9)
@FineTune(epochs = 4, batch = 50, optimizer = Optimizer.ADAM, learningRate = 1e-3)
public interface SparkAe {
    @Encoder(units = 64, activation = Activation.SIGMOID)
    Layer hidden();

    @Encoder(units = 16, activation = Activation.SIGMOID)
    Layer code();
}
