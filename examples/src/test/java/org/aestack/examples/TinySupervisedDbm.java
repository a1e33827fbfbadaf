package org.aestack.examples;

import org.aestack.dsl.BoltzmannMachine;
import org.aestack.dsl.JointTraining;
import org.aestack.dsl.Layer;
import org.aestack.dsl.Pretrain;
import org.aestack.dsl.RBMLayer;
import org.aestack.dsl.Supervised;

/**
 * A deep Boltzmann machine 784-64-32 with {@code @Supervised}: trained without labels, then the
 * classifier it starts is fine-tuned on a few (Salakhutdinov and Hinton 2009, section 4).
 */
@BoltzmannMachine(input = 784)
@Pretrain(epochs = 3, batch = 100, learningRate = 0.05)
@JointTraining(epochs = 2, batch = 100, learningRate = 0.002, chains = 50, sweeps = 2)
@Supervised(classes = 10, epochs = 40, batch = 50, learningRate = 3e-3)
public interface TinySupervisedDbm {
    @RBMLayer(units = 64)
    Layer low();

    @RBMLayer(units = 32)
    Layer top();
}
