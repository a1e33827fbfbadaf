package org.aestack.runtime.metric;

import java.util.Locale;

/**
 * An annealed importance sampling estimate of log Z: log Z₀ of the base model plus the log of the
 * mean importance weight of the runs. The estimate of Z is unbiased, so that of log Z errs low
 * (Jensen), most when the weights are spread over many nats; the error bars here are those of
 * Salakhutdinov and Murray (2008): log(Ẑ ± 3 standard errors of Ẑ), the standard error from the
 * runs' weights.
 *
 * @param logZ the estimate: log Z₀ + log mean(wᵣ)
 * @param logZBase log Z₀ of the base model the runs started from
 * @param logWeights the log importance weights log wᵣ of the runs
 * @param temperatures the inverse temperatures the runs went through
 * @param baseRates whether the base model's visible biases were fitted to data (the base-rate
 *     start), rather than copied from the model's own
 */
public record LogZEstimate(double logZ, double logZBase, double[] logWeights, int temperatures, boolean baseRates) {
    /** The spread above which the runs disagree too much to trust: 1 nat. */
    public static final double MAX_SPREAD = 1.0;

    /** The estimate from the runs' log weights. */
    public static LogZEstimate of(double logZBase, double[] logWeights, int temperatures, boolean baseRates) {
        return new LogZEstimate(logZBase + logMeanExp(logWeights), logZBase, logWeights.clone(), temperatures, baseRates);
    }

    /** The number of AIS runs. */
    public int runs() {
        return logWeights.length;
    }

    /** The standard deviation of the runs' log weights, in nats: near 0 when the runs agree. */
    public double spread() {
        double mean = 0;
        for (double x : logWeights) {
            mean += x / logWeights.length;
        }
        double var = 0;
        for (double x : logWeights) {
            var += (x - mean) * (x - mean);
        }
        return Math.sqrt(var / Math.max(1, logWeights.length - 1));
    }

    /** (Σ wᵣ)² / Σ wᵣ²: how many runs the weighted average is worth; {@link #runs()} when the weights are equal. */
    public double effectiveSampleSize() {
        double max = max();
        double sum = 0;
        double squares = 0;
        for (double x : logWeights) {
            double w = Math.exp(x - max);
            sum += w;
            squares += w * w;
        }
        return sum * sum / squares;
    }

    /** log(Ẑ − 3 SE(Ẑ)); −∞ when three standard errors exceed the estimate itself. */
    public double logZLow() {
        return logZBase + max() + Math.log(Math.max(0, meanWeight() - 3 * standardError()));
    }

    /** log(Ẑ + 3 SE(Ẑ)). */
    public double logZHigh() {
        return logZBase + max() + Math.log(meanWeight() + 3 * standardError());
    }

    /** Whether the runs disagree by more than {@link #MAX_SPREAD}: the estimate is likely too low. */
    public boolean spreadTooWide() {
        return spread() > MAX_SPREAD;
    }

    /**
     * Whether this estimate, made with more temperatures than {@code coarser}, moved from it by more
     * than its own error bars: the estimate is still climbing with the temperatures, so not converged.
     */
    public boolean movedFrom(LogZEstimate coarser) {
        double moved = logZ - coarser.logZ;
        return moved > logZHigh() - logZ || -moved > logZ - logZLow();
    }

    private double max() {
        double max = Double.NEGATIVE_INFINITY;
        for (double x : logWeights) {
            max = Math.max(max, x);
        }
        return max;
    }

    /** The mean of the weights scaled by e^−max. */
    private double meanWeight() {
        double max = max();
        double sum = 0;
        for (double x : logWeights) {
            sum += Math.exp(x - max);
        }
        return sum / logWeights.length;
    }

    /** The standard error of the mean of the weights scaled by e^−max. */
    private double standardError() {
        if (logWeights.length < 2) {
            return Double.POSITIVE_INFINITY;
        }
        double max = max();
        double mean = meanWeight();
        double var = 0;
        for (double x : logWeights) {
            double d = Math.exp(x - max) - mean;
            var += d * d;
        }
        return Math.sqrt(var / (logWeights.length - 1) / logWeights.length);
    }

    static double logMeanExp(double[] x) {
        return Rbm.logSumExp(x) - Math.log(x.length);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "log Z %.2f (−3 SE %.2f, +3 SE %.2f; %d runs x %,d temperatures from %s, spread %.2f, "
                + "effective sample size %.1f)", logZ, logZLow(), logZHigh(), runs(), temperatures,
                baseRates ? "the data's base rates" : "the model's visible biases", spread(), effectiveSampleSize());
    }
}
