package org.aestack.runtime.metric;

import java.util.Locale;
import org.aestack.runtime.data.DataSet;
import org.aestack.runtime.kernel.Rng;

/**
 * The test log-likelihood of a belief net, per sample in nats: exact in the top RBM's log Z when
 * one of its layers is small enough to enumerate, else by AIS; for one RBM the log-likelihood
 * itself, for deeper nets the variational lower bound.
 *
 * @param logZ the top RBM's log partition function
 * @param ais the AIS estimate log Z came from, with its error bars; null when log Z is exact
 * @param meanLogLikelihood the mean log-likelihood (one RBM) or its lower bound (deeper nets)
 * @param bound whether {@code meanLogLikelihood} is a lower bound
 */
public record LikelihoodEstimate(double logZ, LogZEstimate ais, double meanLogLikelihood, boolean bound) {
    /** The most units on one side of the top RBM for which log Z is enumerated rather than estimated. */
    public static final int ENUMERATE_UP_TO = 20;

    /** Whether log Z was computed exactly. */
    public boolean exact() {
        return ais == null;
    }

    /** The standard deviation of the AIS runs' log weights; 0 when exact. */
    public double logZSpread() {
        return ais == null ? 0 : ais.spread();
    }

    /**
     * Estimates the mean log-likelihood of {@code data} under the belief net {@code net}: the top
     * RBM's log Z exactly when one of its layers has at most {@link #ENUMERATE_UP_TO} units, else by
     * AIS from the base rates {@code topBaseRates} ({@link BeliefNetBound#topBaseRates} of the
     * training data; null to start from the top RBM's own visible biases).
     *
     * @param aisRuns the AIS chains, e.g. 100
     * @param temperatures the AIS inverse temperatures, e.g. 10,000
     * @param samples the up-pass samples per row for the bound, e.g. 10
     */
    public static LikelihoodEstimate of(BeliefNetBound net, DataSet data, double[] topBaseRates, int aisRuns, int temperatures,
            int samples, long seed) {
        int[] sizes = net.sizes();
        int top = sizes.length - 2;
        Rbm rbm = net.topRbm();
        Rng rng = new Rng(seed);
        double logZ;
        LogZEstimate ais = null;
        if (Math.min(sizes[top], sizes[top + 1]) <= ENUMERATE_UP_TO) {
            logZ = rbm.exactLogZ();
        } else {
            ais = topBaseRates == null ? rbm.ais(aisRuns, temperatures, rng.split())
                    : rbm.ais(aisRuns, temperatures, topBaseRates, rng.split());
            logZ = ais.logZ();
        }
        double mean = net.meanBound(data, logZ, samples, rng.split());
        return new LikelihoodEstimate(logZ, ais, mean, top > 0);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "log Z %.2f%s, mean log-likelihood%s %.2f nats",
                logZ, exact() ? " (exact)" : String.format(Locale.ROOT, " (AIS, spread %.2f)", logZSpread()),
                bound ? " lower bound" : "", meanLogLikelihood);
    }
}
