package org.aestack.examples;

import org.aestack.dsl.BoltzmannMachine;
import org.aestack.dsl.JointTraining;
import org.aestack.dsl.Layer;
import org.aestack.dsl.Pretrain;
import org.aestack.dsl.RBMLayer;

/**
 * A deep Boltzmann machine 784-12-8-4 for the tests: three hidden layers, so pretraining halves the
 * middle RBM's weights, and odd layers of 12 + 4 units, few enough to enumerate for exact likelihoods.
 */
@BoltzmannMachine(input = 784)
@Pretrain(epochs = 6, batch = 100, learningRate = 0.05)
@JointTraining(epochs = 4, batch = 100, learningRate = 0.01, momentum = 0.5, weightDecay = 0, learningRateDecay = 0.2,
        chains = 100, sweeps = 3, meanFieldIterations = 30, tolerance = 1e-6)
public interface TinyDbm3 {
    @RBMLayer(units = 12)
    Layer low();

    @RBMLayer(units = 8)
    Layer middle();

    @RBMLayer(units = 4)
    Layer top();
}
