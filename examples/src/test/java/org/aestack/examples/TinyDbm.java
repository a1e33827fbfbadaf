package org.aestack.examples;

import org.aestack.dsl.BoltzmannMachine;
import org.aestack.dsl.JointTraining;
import org.aestack.dsl.Layer;
import org.aestack.dsl.Pretrain;
import org.aestack.dsl.RBMLayer;

/**
 * A deep Boltzmann machine 784-16-8 for the tests: pretrained with halving, then trained jointly; its
 * 16 first-layer units are few enough to enumerate, so its likelihoods are computed exactly.
 */
@BoltzmannMachine(input = 784)
@Pretrain(epochs = 8, batch = 100, learningRate = 0.05)
@JointTraining(epochs = 6, batch = 100, learningRate = 0.01, momentum = 0.5, weightDecay = 0, learningRateDecay = 0.2,
        chains = 100, sweeps = 3, meanFieldIterations = 30, tolerance = 1e-6)
public interface TinyDbm {
    @RBMLayer(units = 16)
    Layer low();

    @RBMLayer(units = 8)
    Layer top();
}
