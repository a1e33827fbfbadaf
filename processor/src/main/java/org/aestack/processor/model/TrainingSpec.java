package org.aestack.processor.model;

import org.aestack.dsl.Optimizer;

/**
 * The validated settings of one training phase, from {@code @Pretrain}, {@code @FineTune} or
 * {@code @Supervised}, or their defaults.
 */
public record TrainingSpec(int epochs, int batch, Optimizer optimizer, double learningRate, double momentum,
        double weightDecay, double learningRateDecay) {
    /** Settings without weight decay or a schedule. */
    public TrainingSpec(int epochs, int batch, Optimizer optimizer, double learningRate, double momentum) {
        this(epochs, batch, optimizer, learningRate, momentum, 0, 0);
    }
}
