package org.aestack.runtime.train;

/**
 * How a deep Boltzmann machine composed from pretrained RBMs gets the bias of a layer that two RBMs
 * trained: the lower one as its hidden layer, the upper one as its visible layer. Salakhutdinov's
 * code adds them; other implementations average them. {@code DbmPretrainingTest} compares the two
 * by the exact test log-likelihood of 784-16-8 DBMs on binarized Fashion-MNIST: with halving,
 * −325.3 nats per image summed against −327.0 averaged (naive stacking: −328.7 and −330.6), so
 * {@link #SUM} is the default.
 */
public enum BiasMerge {
    /** The sum of the two biases: the default. */
    SUM,
    /** Their mean. */
    AVERAGE;

    /** The merged bias of a layer, from the lower RBM's hidden biases and the upper RBM's visible biases. */
    public float[] merge(float[] lowerHidden, float[] upperVisible) {
        if (lowerHidden.length != upperVisible.length) {
            throw new IllegalArgumentException("the two RBMs disagree about the layer's size: " + lowerHidden.length
                    + " and " + upperVisible.length);
        }
        float[] merged = new float[lowerHidden.length];
        for (int i = 0; i < merged.length; i++) {
            merged[i] = this == SUM ? lowerHidden[i] + upperVisible[i] : (lowerHidden[i] + upperVisible[i]) / 2;
        }
        return merged;
    }
}
