package org.aestack.examples.cli;

import org.aestack.runtime.data.DataSet;
import org.aestack.runtime.kernel.Rng;

/**
 * How grey images become the binary images Bernoulli models (RBMs, belief nets, DBMs) are trained
 * and scored on. The published likelihoods of DBNs and DBMs (Salakhutdinov and Murray 2008;
 * Salakhutdinov and Hinton 2009) are on stochastically binarized images, which carry more entropy
 * than thresholded ones: figures under the two conventions do not compare.
 */
enum Binarization {
    /** Each pixel on with probability its intensity, drawn once: the training images with one fixed seed, the test images with another. */
    STOCHASTIC("stochastic (each pixel on with probability its intensity, drawn once with a fixed seed)"),
    /** Pixels above 0.5 on, the rest off. */
    THRESHOLD("threshold (pixels above 0.5 on)");

    private static final long TRAIN_SEED = 2008;
    private static final long TEST_SEED = 2009;

    private final String description;

    Binarization(String description) {
        this.description = description;
    }

    /** What the convention is, in words, for printed results. */
    String description() {
        return description;
    }

    /** The name {@code --binarize} takes and JSON results carry. */
    String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Binarizes training images (the same draw every time for the same images). */
    DataSet train(DataSet d) {
        return apply(d, TRAIN_SEED);
    }

    /** Binarizes test images (the same draw every time for the same images). */
    DataSet test(DataSet d) {
        return apply(d, TEST_SEED);
    }

    private DataSet apply(DataSet d, long seed) {
        float[] x = d.toArray();
        if (this == THRESHOLD) {
            for (int i = 0; i < x.length; i++) {
                x[i] = x[i] > 0.5f ? 1f : 0f;
            }
        } else {
            float[] u = new float[x.length];
            new Rng(seed).fillUniform(u, u.length, 0f, 1f);
            for (int i = 0; i < x.length; i++) {
                x[i] = u[i] < x[i] ? 1f : 0f;
            }
        }
        return new DataSet(x, d.rows(), d.cols(), d.hasLabels() ? d.labels() : null, d.classes());
    }
}
