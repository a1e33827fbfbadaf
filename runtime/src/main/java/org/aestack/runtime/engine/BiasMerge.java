package org.aestack.runtime.engine;

/**
 * How a deep Boltzmann machine composed from pretrained RBMs gets the bias of a layer that two RBMs
 * trained: the lower one as its hidden layer, the upper one as its visible layer. Salakhutdinov's
 * code adds them; other implementations average them. {@code DbmPretrainingTest} compares the two
 * by the exact test log-likelihood of 784-16-8 DBMs on binarized Fashion-MNIST (1,000 test images,
 * mean of three seeds): with halving, −327.97 nats per image summed against −329.93 averaged (naive
 * stacking: −328.97 and −330.87). Summing came out ahead at every seed tried, so {@link #SUM} is the
 * default.
 */
public enum BiasMerge {
    /** The sum of the two biases: the default, the better of the two in the experiment above. */
    SUM,
    /** Their mean. */
    AVERAGE;

    /**
     * The merged bias of a layer, from the lower RBM's hidden biases and the upper RBM's visible
     * biases, as a new array; {@link #SUM} unless there is reason to choose otherwise.
     *
     * @throws IllegalArgumentException when the two disagree about the layer's size
     */
    public static float[] merge(float[] lowerHidden, float[] upperVisible, BiasMerge how) {
        if (lowerHidden.length != upperVisible.length) {
            throw new IllegalArgumentException("the two RBMs disagree about the layer's size: " + lowerHidden.length
                    + " and " + upperVisible.length);
        }
        float[] merged = new float[lowerHidden.length];
        for (int i = 0; i < merged.length; i++) {
            float sum = lowerHidden[i] + upperVisible[i];
            merged[i] = how == SUM ? sum : sum / 2;
        }
        return merged;
    }

    /**
     * {@link #merge} for a layer whose biases its machine multiplies by {@code scale} (the first
     * hidden layer above word counts of length D hears D·c): the lower RBM's hidden biases are that
     * layer's own, scaled as the machine scales them, the upper RBM's visible biases are not, so the
     * upper ones are divided by the scale before merging.
     */
    public static float[] merge(float[] lowerHidden, float[] upperVisible, BiasMerge how, float scale) {
        float[] upper = new float[upperVisible.length];
        for (int i = 0; i < upper.length; i++) {
            upper[i] = upperVisible[i] / scale;
        }
        return merge(lowerHidden, upper, how);
    }
}
