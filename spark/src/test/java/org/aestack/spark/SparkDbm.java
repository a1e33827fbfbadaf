package org.aestack.spark;

import org.aestack.dsl.BoltzmannMachine;
import org.aestack.dsl.JointTraining;
import org.aestack.dsl.Layer;
import org.aestack.dsl.Optimizer;
import org.aestack.dsl.Pretrain;
import org.aestack.dsl.RBMLayer;

/** A small deep Boltzmann machine for the Spark tests: halving pretraining, then joint training with persistent chains. */
@BoltzmannMachine(input = 784)
@Pretrain(epochs = 1, batch = 50, optimizer = Optimizer.MOMENTUM, learningRate = 0.05, momentum = 0.5)
@JointTraining(epochs = 2, batch = 50, learningRate = 0.001, momentum = 0.5, chains = 20, sweeps = 2, meanFieldIterations = 5)
public interface SparkDbm {
    @RBMLayer(units = 32)
    Layer features();

    @RBMLayer(units = 16, persistent = true, chains = 20)
    Layer top();
}
