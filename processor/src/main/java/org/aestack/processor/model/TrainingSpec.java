package org.aestack.processor.model;

import org.aestack.dsl.Optimizer;

/** The validated settings of one training phase, from {@code @Pretrain} or {@code @FineTune} or their defaults. */
public record TrainingSpec(int epochs, int batch, Optimizer optimizer, double learningRate, double momentum) {}
