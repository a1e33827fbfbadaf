package org.aestack.examples;

import org.aestack.dsl.BoltzmannMachine;
import org.aestack.dsl.JointTraining;
import org.aestack.dsl.Layer;
import org.aestack.dsl.Optimizer;
import org.aestack.dsl.Pretrain;
import org.aestack.dsl.RBMLayer;

/**
 * A deep Boltzmann machine on binarized Fashion-MNIST, 784 – 500 – 1000, as Salakhutdinov and
 * Hinton (2009) built theirs for MNIST: two RBMs pretrained with the weight-halving trick (the
 * second by persistent contrastive divergence), composed, then trained jointly with mean-field
 * posteriors for the data and 100 persistent chains for the model.
 */
@BoltzmannMachine(input = 784)
@Pretrain(epochs = 10, batch = 100, optimizer = Optimizer.MOMENTUM, learningRate = 0.05, momentum = 0.5, weightDecay = 2e-4)
@JointTraining(epochs = 20, batch = 100, learningRate = 0.001, momentum = 0.5, weightDecay = 2e-4,
        learningRateDecay = 0.1, chains = 100, sweeps = 5, meanFieldIterations = 10)
public interface FashionDbm {
    @RBMLayer(units = 500)
    Layer features();

    @RBMLayer(units = 1000, persistent = true, chains = 100)
    Layer top();
}
