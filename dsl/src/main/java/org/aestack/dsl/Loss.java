package org.aestack.dsl;

/**
 * The reconstruction loss of an autoencoder, summed over the input's components and averaged over
 * the samples of a mini-batch.
 */
public enum Loss {
    /**
     * Cross-entropy −Σ<sub>i</sub> [x<sub>i</sub> log y<sub>i</sub> + (1 − x<sub>i</sub>) log(1 − y<sub>i</sub>)]
     * for inputs in [0, 1]; needs a {@link Activation#SIGMOID} output.
     */
    CROSS_ENTROPY,
    /** Squared error Σ<sub>i</sub> (y<sub>i</sub> − x<sub>i</sub>)²; works with any output activation. */
    SQUARED_ERROR
}
