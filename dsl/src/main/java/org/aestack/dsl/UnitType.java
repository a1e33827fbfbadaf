package org.aestack.dsl;

/** The kind of a layer's units in a restricted Boltzmann machine. */
public enum UnitType {
    /** Binary units: on with probability σ(input); data in [0, 1] is read as probabilities. */
    BERNOULLI,
    /**
     * Linear units with unit-variance Gaussian noise: the mean is the input itself. As visible
     * units they expect data standardized to zero mean and unit variance; as hidden units they
     * make the linear code layer of a deep autoencoder (Hinton and Salakhutdinov 2006).
     */
    GAUSSIAN,
    /**
     * Replicated softmax units (Salakhutdinov and Hinton 2009), visible units only: a row is a
     * document's word counts over the vocabulary, its length D their sum; the D words are draws from
     * one softmax over the vocabulary that the hidden units set, and each hidden unit's bias counts D
     * times. In a {@link Multimodal} machine's pathway every row has the pathway's
     * {@link Modality#length()}.
     */
    REPLICATED_SOFTMAX
}
