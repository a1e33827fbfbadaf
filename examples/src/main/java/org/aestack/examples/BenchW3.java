package org.aestack.examples;

import org.aestack.dsl.BeliefNet;
import org.aestack.dsl.Layer;
import org.aestack.dsl.Optimizer;
import org.aestack.dsl.Pretrain;
import org.aestack.dsl.RBMLayer;

/**
 * The W3 workload of the benchmark contract: a 784 – 500 Bernoulli RBM trained by CD-1 with plain
 * SGD at 0.05, batch 100, no momentum or weight decay (a one-layer belief net).
 */
@BeliefNet(input = 784)
@Pretrain(epochs = 1, batch = 100, optimizer = Optimizer.SGD, learningRate = 0.05)
public interface BenchW3 {
    @RBMLayer(units = 500, cd = 1)
    Layer hidden();
}
