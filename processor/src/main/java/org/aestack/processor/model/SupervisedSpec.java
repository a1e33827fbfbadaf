package org.aestack.processor.model;

/**
 * A softmax classifier head on the code layer, from {@code @Supervised}.
 *
 * @param classes the number of classes
 * @param training the supervised phase's settings
 */
public record SupervisedSpec(int classes, TrainingSpec training) {}
