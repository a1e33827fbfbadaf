package org.aestack.examples;

import org.aestack.dsl.BeliefNet;
import org.aestack.dsl.Layer;
import org.aestack.dsl.Optimizer;
import org.aestack.dsl.Pretrain;
import org.aestack.dsl.RBMLayer;

/**
 * A deep belief net on Fashion-MNIST, 784 – 500 – 1000: the first RBM (CD-1) learns features of
 * the pixels, the second, trained with persistent contrastive divergence (100 chains) on the first's
 * hidden probabilities, is the undirected prior from which samples are drawn before a top-down
 * pass turns them into images.
 */
@BeliefNet(input = 784)
@Pretrain(epochs = 10, batch = 100, optimizer = Optimizer.MOMENTUM, learningRate = 0.05, momentum = 0.5, weightDecay = 2e-4)
public interface FashionDbn {
    @RBMLayer(units = 500)
    Layer features();

    @RBMLayer(units = 1000, persistent = true, chains = 100)
    Layer top();
}
