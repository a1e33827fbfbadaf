package org.aestack.runtime.metric;

import org.aestack.runtime.data.DataSet;

/**
 * How sparse a layer's activations are: their mean, and the fraction of activations (sample × unit)
 * whose magnitude is below {@link #NEAR_ZERO}.
 */
public record Sparsity(double meanActivation, double nearZeroFraction) {
    /** The magnitude below which an activation counts as near zero. */
    public static final double NEAR_ZERO = 0.05;

    /** The statistics of {@code activations}, one row per sample and one column per unit. */
    public static Sparsity of(DataSet activations) {
        float[] h = activations.toArray();
        double sum = 0;
        long near = 0;
        for (float v : h) {
            sum += v;
            if (Math.abs(v) < NEAR_ZERO) {
                near++;
            }
        }
        return new Sparsity(sum / h.length, (double) near / h.length);
    }
}
