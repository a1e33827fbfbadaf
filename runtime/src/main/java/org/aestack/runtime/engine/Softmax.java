package org.aestack.runtime.engine;

/**
 * The softmax of a classifier head and its cross-entropy with integer labels. Row-wise over a
 * {@code rows × classes} matrix; classes are few (tens), so plain loops, computed stably (the row's
 * maximum subtracted first) with the sums in double.
 */
public final class Softmax {
    private Softmax() {}

    /** Replaces each row of logits {@code z} by its probabilities. */
    public static void probabilities(float[] z, int rows, int classes) {
        for (int r = 0; r < rows; r++) {
            int o = r * classes;
            float max = Float.NEGATIVE_INFINITY;
            for (int k = 0; k < classes; k++) {
                max = Math.max(max, z[o + k]);
            }
            double sum = 0;
            for (int k = 0; k < classes; k++) {
                double e = Math.exp(z[o + k] - max);
                z[o + k] = (float) e;
                sum += e;
            }
            for (int k = 0; k < classes; k++) {
                z[o + k] = (float) (z[o + k] / sum);
            }
        }
    }

    /**
     * Turns logits {@code z} into probabilities in place and writes the gradient of the summed
     * cross-entropy with respect to the logits, {@code scale · (p − onehot(label))}, into {@code grad}.
     *
     * @return the summed cross-entropy −Σ log p(label)
     * @throws IllegalArgumentException if a label is outside [0, classes)
     */
    public static double crossEntropyWithGradient(float[] z, int[] labels, int rows, int classes, float[] grad, float scale) {
        double loss = 0;
        for (int r = 0; r < rows; r++) {
            int label = labels[r];
            if (label < 0 || label >= classes) {
                throw new IllegalArgumentException("label " + label + " of row " + r + " is outside 0.." + (classes - 1));
            }
            int o = r * classes;
            float max = Float.NEGATIVE_INFINITY;
            for (int k = 0; k < classes; k++) {
                max = Math.max(max, z[o + k]);
            }
            double sum = 0;
            for (int k = 0; k < classes; k++) {
                sum += Math.exp(z[o + k] - max);
            }
            double logSum = Math.log(sum) + max;
            loss += logSum - z[o + label];
            for (int k = 0; k < classes; k++) {
                float p = (float) Math.exp(z[o + k] - logSum);
                z[o + k] = p;
                grad[o + k] = scale * (k == label ? p - 1f : p);
            }
        }
        return loss;
    }

    /** The index of each row's largest value. */
    public static int[] argmax(float[] p, int rows, int classes) {
        int[] out = new int[rows];
        for (int r = 0; r < rows; r++) {
            int best = 0;
            for (int k = 1; k < classes; k++) {
                if (p[r * classes + k] > p[r * classes + best]) {
                    best = k;
                }
            }
            out[r] = best;
        }
        return out;
    }
}
