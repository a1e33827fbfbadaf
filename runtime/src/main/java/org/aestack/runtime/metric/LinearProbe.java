package org.aestack.runtime.metric;

import org.aestack.runtime.data.DataSet;
import org.aestack.runtime.data.Standardizer;
import org.aestack.runtime.engine.Softmax;
import org.aestack.runtime.kernel.KernelOps;
import org.aestack.runtime.kernel.Kernels;
import org.aestack.runtime.kernel.Rng;

/**
 * A linear classifier on fixed features, the usual yardstick of a representation (a "linear
 * probe"): multinomial logistic regression on the features standardized by the training set's mean
 * and deviation, trained by Adam on the mean cross-entropy plus an L2 penalty, in mini-batches
 * shuffled by a seeded generator, so the same data and seed give the same classifier.
 */
public final class LinearProbe {
    private static final int BATCH = 64;
    private static final float LEARNING_RATE = 0.01f;
    private static final float BETA1 = 0.9f;
    private static final float BETA2 = 0.999f;
    private static final float EPSILON = 1e-8f;

    private final int features;
    private final int classes;
    private final Standardizer standardizer;
    /** classes × features. */
    private final float[] weights;
    private final float[] bias;
    private final KernelOps ops = Kernels.ops();

    private LinearProbe(int features, int classes, Standardizer standardizer) {
        this.features = features;
        this.classes = classes;
        this.standardizer = standardizer;
        this.weights = new float[classes * features];
        this.bias = new float[classes];
    }

    /**
     * Fits a classifier to {@code train}'s labels over {@code epochs} passes.
     *
     * @param l2 the coefficient of ½‖W‖² added to the mean cross-entropy
     */
    public static LinearProbe fit(DataSet train, int epochs, double l2, long seed) {
        if (!train.hasLabels()) {
            throw new IllegalArgumentException("a linear probe needs labelled training rows: " + train);
        }
        if (epochs < 1 || l2 < 0) {
            throw new IllegalArgumentException("a linear probe needs at least one epoch and l2 >= 0, not " + epochs + ", " + l2);
        }
        LinearProbe probe = new LinearProbe(train.cols(), train.classes(), Standardizer.fit(train));
        probe.train(probe.standardized(train), train.labels(), epochs, (float) l2, new Rng(seed));
        return probe;
    }

    private float[] standardized(DataSet data) {
        if (data.cols() != features) {
            throw new IllegalArgumentException("this probe takes " + features + " features, not " + data.cols());
        }
        return standardizer.apply(data).toArray();
    }

    private void train(float[] x, int[] labels, int epochs, float l2, Rng rng) {
        int n = labels.length;
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        float[] batch = new float[BATCH * features];
        int[] batchLabels = new int[BATCH];
        float[] logits = new float[BATCH * classes];
        float[] grad = new float[BATCH * classes];
        float[] gW = new float[weights.length];
        float[] gb = new float[classes];
        float[] mW = new float[weights.length];
        float[] vW = new float[weights.length];
        float[] mb = new float[classes];
        float[] vb = new float[classes];
        int step = 0;
        for (int e = 0; e < epochs; e++) {
            rng.shuffle(order);
            for (int start = 0; start < n; start += BATCH) {
                int rows = Math.min(BATCH, n - start);
                for (int r = 0; r < rows; r++) {
                    System.arraycopy(x, order[start + r] * features, batch, r * features, features);
                    batchLabels[r] = labels[order[start + r]];
                }
                gradient(batch, batchLabels, rows, l2, logits, grad, gW, gb);
                step++;
                double correction = Math.sqrt(1 - Math.pow(BETA2, step)) / (1 - Math.pow(BETA1, step));
                float lr = (float) (LEARNING_RATE * correction);
                float eps = (float) (EPSILON * Math.sqrt(1 - Math.pow(BETA2, step)));
                ops.adam(weights, gW, mW, vW, weights.length, lr, BETA1, BETA2, eps);
                ops.adam(bias, gb, mb, vb, classes, lr, BETA1, BETA2, eps);
            }
        }
    }

    /**
     * The gradient of the batch's mean cross-entropy plus ½ l2 ‖W‖² into gW and gb, from the
     * standardized rows {@code x}; returns that objective. Package-private for the gradient check.
     */
    double gradient(float[] x, int[] labels, int rows, float l2, float[] logits, float[] grad, float[] gW, float[] gb) {
        logits(x, rows, logits);
        double loss = Softmax.crossEntropyWithGradient(logits, labels, rows, classes, grad, 1f / rows);
        ops.gemmTN(classes, features, rows, 1f, grad, classes, x, features, 0f, gW, features);
        double penalty = 0;
        for (int i = 0; i < weights.length; i++) {
            gW[i] += l2 * weights[i];
            penalty += 0.5 * l2 * weights[i] * weights[i];
        }
        ops.columnSums(grad, rows, classes, gb);
        return loss / rows + penalty;
    }

    private void logits(float[] x, int rows, float[] out) {
        ops.gemmNT(rows, classes, features, 1f, x, features, weights, features, 0f, out, classes);
        for (int r = 0; r < rows; r++) {
            for (int k = 0; k < classes; k++) {
                out[r * classes + k] += bias[k];
            }
        }
    }

    /** The most probable class of each row of {@code data}. */
    public int[] predict(DataSet data) {
        float[] x = standardized(data);
        float[] z = new float[data.rows() * classes];
        logits(x, data.rows(), z);
        return Softmax.argmax(z, data.rows(), classes);
    }

    /** The fraction of {@code test}'s rows whose label is predicted. */
    public double accuracy(DataSet test) {
        if (!test.hasLabels()) {
            throw new IllegalArgumentException("accuracy needs labelled rows: " + test);
        }
        int[] predicted = predict(test);
        int right = 0;
        for (int r = 0; r < predicted.length; r++) {
            right += predicted[r] == test.label(r) ? 1 : 0;
        }
        return (double) right / predicted.length;
    }

    /** The weights, classes × features (of standardized features), live: for tests. */
    float[] weights() {
        return weights;
    }

    float[] bias() {
        return bias;
    }
}
