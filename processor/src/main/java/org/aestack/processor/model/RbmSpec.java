package org.aestack.processor.model;

import org.aestack.dsl.UnitType;

/**
 * How a layer is trained as a restricted Boltzmann machine, from {@code @RBMLayer}.
 *
 * @param visible the visible units (Bernoulli except, possibly, on the first layer)
 * @param hidden the hidden units
 * @param cd k, the Gibbs steps of contrastive divergence
 * @param persistent whether the negative chains persist between batches
 * @param chains the persistent chains; 0 for one per batch row
 * @param learningRate this layer's rate; 0 for the pretraining rate
 */
public record RbmSpec(UnitType visible, UnitType hidden, int cd, boolean persistent, int chains, double learningRate) {}
