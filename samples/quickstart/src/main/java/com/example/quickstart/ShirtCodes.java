package com.example.quickstart;

import org.aestack.dsl.Activation;
import org.aestack.dsl.Autoencoder;
import org.aestack.dsl.Denoising;
import org.aestack.dsl.Encoder;
import org.aestack.dsl.FineTune;
import org.aestack.dsl.Layer;
import org.aestack.dsl.Optimizer;
import org.aestack.dsl.Sparse;

/**
 * A denoising, sparse 784-256-64 autoencoder of this project's own. javac generates
 * {@code ShirtCodesModel} and {@code ShirtCodesTrainer} from it.
 */
@Autoencoder(input = 784)
@Denoising(p = 0.2)
@FineTune(epochs = 3, batch = 64, optimizer = Optimizer.ADAM, learningRate = 2e-3)
public interface ShirtCodes {
    @Encoder(units = 256)
    Layer hidden();

    @Sparse(lambda = 1e-4)
    @Encoder(units = 64, activation = Activation.SIGMOID)
    Layer code();
}
