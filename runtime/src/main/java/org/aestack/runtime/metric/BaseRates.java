package org.aestack.runtime.metric;

import org.aestack.runtime.data.DataSet;

/**
 * The base-rate model of annealed importance sampling (Salakhutdinov and Murray 2008): independent
 * visible units, each on as often as in the training data. Starting AIS there rather than from the
 * model's own visible biases puts the first distribution near the data the model was fitted to, so
 * far fewer temperatures reach the model.
 */
public final class BaseRates {
    private BaseRates() {}

    /**
     * The visible biases of the base-rate model of {@code data} (binary, or probabilities): the logits
     * of each column's mean, smoothed by half an observation each way so that a pixel never on (or
     * never off) gets a finite bias.
     */
    public static double[] of(DataSet data) {
        if (data.rows() == 0) {
            throw new IllegalArgumentException("the base rates need at least one row of data");
        }
        double[] sum = new double[data.cols()];
        for (int r = 0; r < data.rows(); r++) {
            float[] row = data.row(r);
            for (int i = 0; i < sum.length; i++) {
                sum[i] += row[i];
            }
        }
        return fromSums(sum, data.rows());
    }

    /** The base-rate biases from each column's sum over {@code rows} rows, smoothed as in {@link #of}. */
    static double[] fromSums(double[] sum, long rows) {
        double[] logits = new double[sum.length];
        for (int i = 0; i < sum.length; i++) {
            double p = (sum[i] + 0.5) / (rows + 1.0);
            logits[i] = Math.log(p) - Math.log1p(-p);
        }
        return logits;
    }
}
