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
        return Annealing.baseRates(data, data.cols());
    }
}
