package org.aestack.runtime.metric;

import org.aestack.runtime.data.DataSet;
import org.aestack.runtime.kernel.Rng;

/**
 * The test log-likelihood of a belief net, per sample in nats: exact in the top RBM's log Z when
 * one of its layers is small enough to enumerate, else by AIS; for one RBM the log-likelihood
 * itself, for deeper nets the variational lower bound.
 *
 * @param logZ the top RBM's log partition function
 * @param logZSpread the standard deviation of the AIS runs' log weights; 0 when exact
 * @param exact whether log Z was computed exactly
 * @param meanLogLikelihood the mean log-likelihood (one RBM) or its lower bound (deeper nets)
 * @param bound whether {@code meanLogLikelihood} is a lower bound
 */
public record LikelihoodEstimate(double logZ, double logZSpread, boolean exact, double meanLogLikelihood, boolean bound) {
    /** The most units on one side of the top RBM for which log Z is enumerated rather than estimated. */
    public static final int ENUMERATE_UP_TO = 20;

    /**
     * Estimates the mean log-likelihood of {@code data} under the belief net of these RBMs (see
     * {@link BeliefNetBound} for the layout).
     *
     * @param aisRuns the AIS chains, e.g. 100
     * @param temperatures the AIS inverse temperatures, e.g. 10,000
     * @param samples the up-pass samples per row for the bound, e.g. 10
     */
    public static LikelihoodEstimate of(int[] sizes, float[][] weights, float[][] visibleBias, float[][] hiddenBias,
            DataSet data, int aisRuns, int temperatures, int samples, long seed) {
        int top = weights.length - 1;
        Rbm rbm = new Rbm(sizes[top], sizes[top + 1], weights[top], visibleBias[top], hiddenBias[top]);
        Rng rng = new Rng(seed);
        double logZ;
        double spread = 0;
        boolean exact = Math.min(sizes[top], sizes[top + 1]) <= ENUMERATE_UP_TO;
        if (exact) {
            logZ = rbm.exactLogZ();
        } else {
            Rbm.Estimate estimate = rbm.ais(aisRuns, temperatures, rng.split());
            logZ = estimate.logZ();
            spread = estimate.standardDeviation();
        }
        double mean = new BeliefNetBound(sizes, weights, visibleBias, hiddenBias).meanBound(data, logZ, samples, rng.split());
        return new LikelihoodEstimate(logZ, spread, exact, mean, weights.length > 1);
    }

    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT, "log Z %.2f%s, mean log-likelihood%s %.2f nats",
                logZ, exact ? " (exact)" : String.format(java.util.Locale.ROOT, " (AIS, spread %.2f)", logZSpread),
                bound ? " lower bound" : "", meanLogLikelihood);
    }
}
