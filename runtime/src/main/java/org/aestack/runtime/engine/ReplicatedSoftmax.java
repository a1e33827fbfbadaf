package org.aestack.runtime.engine;

import org.aestack.runtime.kernel.Rng;

/**
 * The arithmetic of replicated softmax units (Salakhutdinov and Hinton 2009): a document's D words
 * are D draws from one softmax over the vocabulary, so the visible means are D times the softmax and
 * a sample is a multinomial count vector summing to D.
 */
public final class ReplicatedSoftmax {
    private ReplicatedSoftmax() {}

    /** {@code x[offset … offset+k)} becomes {@code scale · softmax(x)} in place, computed stably in double. */
    public static void softmax(float[] x, int offset, int k, float scale) {
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < k; i++) {
            max = Math.max(max, x[offset + i]);
        }
        double sum = 0;
        for (int i = 0; i < k; i++) {
            sum += Math.exp(x[offset + i] - max);
        }
        for (int i = 0; i < k; i++) {
            x[offset + i] = (float) (scale * Math.exp(x[offset + i] - max) / sum);
        }
    }

    /**
     * Replaces the means {@code x[offset … offset+k)} (a length times a distribution, as
     * {@link #softmax} leaves them) by a multinomial sample of {@code length} draws from that
     * distribution: counts summing to {@code length}, each draw a search of the cumulative
     * distribution, kept in {@code cumulative} ({@code k} entries or more).
     */
    public static void sampleCounts(float[] x, int offset, int k, int length, Rng rng, double[] cumulative) {
        double total = 0;
        for (int i = 0; i < k; i++) {
            total += x[offset + i];
            cumulative[i] = total;
            x[offset + i] = 0;
        }
        for (int t = 0; t < length; t++) {
            double u = rng.nextDouble() * total;
            int lo = 0;
            int hi = k - 1;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (cumulative[mid] > u) {
                    hi = mid;
                } else {
                    lo = mid + 1;
                }
            }
            x[offset + lo]++;
        }
    }
}
