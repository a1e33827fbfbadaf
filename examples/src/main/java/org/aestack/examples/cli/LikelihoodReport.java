package org.aestack.examples.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.aestack.runtime.BeliefNetModel;
import org.aestack.runtime.BoltzmannMachineModel;
import org.aestack.runtime.data.DataSet;
import org.aestack.runtime.io.JsonLine;
import org.aestack.runtime.kernel.Rng;
import org.aestack.runtime.metric.BeliefNetBound;
import org.aestack.runtime.metric.LikelihoodEstimate;
import org.aestack.runtime.metric.LogZEstimate;

/**
 * What {@code train} and {@code eval} report of a belief net's or a DBM's likelihood, from both
 * sides: log Z by AIS from the training images' base rates with its error bars, the spread and the
 * effective sample size of its runs, and (with {@code check}) the estimate at half the temperatures;
 * the test log-likelihood per image resting on it (the variational bound: it errs high as far as
 * log Z errs low); and on the first test images, RAISE's reverse estimate, which errs low, beside
 * the forward figure on the same images. It warns in words when the runs disagree or the estimate
 * still moves with the temperatures.
 *
 * @param logZ AIS's estimate; null when log Z is exact
 * @param exactLogZ log Z when computed exactly, else NaN
 * @param half AIS at half the temperatures, or null
 * @param forward the mean test log-likelihood (bound) resting on log Z
 * @param reverseRows how many test images RAISE ran on (0: none)
 * @param forwardOnReverseRows {@code forward} on those images only
 * @param reverse RAISE's mean on them
 */
record LikelihoodReport(LogZEstimate logZ, double exactLogZ, LogZEstimate half, double forward, int testRows, int reverseRows,
        double forwardOnReverseRows, double reverse, Binarization binarization, String data, double seconds) {

    /** The settings of a report. */
    record Settings(int runs, int temperatures, boolean check, int reverseRows, long seed) {
        Settings {
            if (runs < 1 || temperatures < 1) {
                throw new IllegalArgumentException("--ais-runs and --ais-temperatures must be at least 1");
            }
            if (reverseRows < 0) {
                throw new IllegalArgumentException("--reverse-rows must be at least 0, not " + reverseRows);
            }
        }
    }

    static LikelihoodReport of(BoltzmannMachineModel model, DataSet binaryTrain, DataSet binaryTest, Settings s,
            Binarization binarization, String data) {
        long start = System.nanoTime();
        LogZEstimate logZ = model.logZ(s.runs(), s.temperatures(), binaryTrain, s.seed());
        LogZEstimate half = s.check() ? model.logZ(s.runs(), Math.max(1, s.temperatures() / 2), binaryTrain, s.seed() + 1) : null;
        double forward = model.logLikelihoodBound(binaryTest, logZ.logZ());
        int rows = Math.min(s.reverseRows(), binaryTest.rows());
        double onRows = Double.NaN;
        double reverse = Double.NaN;
        if (rows > 0) {
            DataSet head = binaryTest.head(rows);
            onRows = model.logLikelihoodBound(head, logZ.logZ());
            reverse = mean(model.reverseLogLikelihoods(head, binaryTrain, s.temperatures(), s.seed() + 2));
        }
        return new LikelihoodReport(logZ, Double.NaN, half, forward, binaryTest.rows(), rows, onRows, reverse, binarization, data,
                (System.nanoTime() - start) / 1e9);
    }

    static LikelihoodReport of(BeliefNetModel model, DataSet binaryTrain, DataSet binaryTest, Settings s,
            Binarization binarization, String data) {
        long start = System.nanoTime();
        BeliefNetBound net = model.beliefNet();
        double[] base = net.topBaseRates(binaryTrain);
        LikelihoodEstimate estimate = LikelihoodEstimate.of(net, binaryTest, base, s.runs(), s.temperatures(), 10, s.seed());
        LogZEstimate half = s.check() && !estimate.exact()
                ? net.topRbm().ais(s.runs(), Math.max(1, s.temperatures() / 2), base, new Rng(s.seed() + 1)) : null;
        int rows = Math.min(s.reverseRows(), binaryTest.rows());
        double onRows = Double.NaN;
        double reverse = Double.NaN;
        if (rows > 0) {
            DataSet head = binaryTest.head(rows);
            onRows = net.meanBound(head, estimate.logZ(), 10, new Rng(s.seed() + 3));
            reverse = mean(net.reverseLogLikelihoods(head, s.temperatures(), base, new Rng(s.seed() + 2)));
        }
        return new LikelihoodReport(estimate.ais(), estimate.exact() ? estimate.logZ() : Double.NaN, half,
                estimate.meanLogLikelihood(), binaryTest.rows(), rows, onRows, reverse, binarization, data,
                (System.nanoTime() - start) / 1e9);
    }

    private static double mean(double[] x) {
        double s = 0;
        for (double v : x) {
            s += v;
        }
        return s / x.length;
    }

    /** log Z, exact or estimated. */
    double logZValue() {
        return logZ == null ? exactLogZ : logZ.logZ();
    }

    /** What is wrong with the estimate, in words; empty when it looks converged. */
    List<String> warnings() {
        List<String> warnings = new ArrayList<>();
        if (logZ != null && logZ.spreadTooWide()) {
            warnings.add(String.format(Locale.ROOT, "the AIS runs disagree: their log weights spread %.2f nats (more than %.0f),"
                    + " so log Z is likely too low and the likelihood too high; raise --ais-temperatures or --ais-runs",
                    logZ.spread(), LogZEstimate.MAX_SPREAD));
        }
        if (logZ != null && half != null && logZ.movedFrom(half)) {
            warnings.add(String.format(Locale.ROOT, "doubling the temperatures from %,d to %,d moved log Z by %+.2f nats, outside"
                    + " its error bars: it has not converged", half.temperatures(), logZ.temperatures(), logZ.logZ() - half.logZ()));
        }
        if (forward > 0) {
            warnings.add("the likelihood is above 0, which a binary image's cannot be: log Z is far too low");
        }
        if (reverseRows > 0 && reverse > forwardOnReverseRows + 1) {
            warnings.add(String.format(Locale.ROOT, "the reverse estimate lies %.2f nats above the forward one: the annealing has"
                    + " not reached the model; raise --ais-temperatures", reverse - forwardOnReverseRows));
        }
        return warnings;
    }

    void print(PrintWriter w, String boundName) {
        w.printf(Locale.ROOT, "data: %s; %,d test images, binarized: %s%n", data, testRows, binarization.description());
        if (logZ == null) {
            w.printf(Locale.ROOT, "log Z: %.2f (exact)%n", exactLogZ);
        } else {
            w.printf(Locale.ROOT, "log Z: %.2f, error bars %.2f to %.2f (±3 standard errors of Z), by AIS from the training images'"
                    + " base rates, %d runs x %,d temperatures%n", logZ.logZ(), logZ.logZLow(), logZ.logZHigh(), logZ.runs(),
                    logZ.temperatures());
            w.printf(Locale.ROOT, "  spread of the runs' log weights %.2f nats, effective sample size %.1f of %d%n", logZ.spread(),
                    logZ.effectiveSampleSize(), logZ.runs());
            if (half != null) {
                w.printf(Locale.ROOT, "  with half the temperatures (%,d): %.2f%n", half.temperatures(), half.logZ());
            }
        }
        w.printf(Locale.ROOT, "test log-likelihood per image, %s with this log Z: %.2f nats (%.0f s)%n", boundName, forward, seconds);
        if (reverseRows > 0) {
            w.printf(Locale.ROOT, "on the first %,d test images: %.2f nats forward, %.2f by reverse annealing (RAISE, errs low);"
                    + " gap %.2f nats%n", reverseRows, forwardOnReverseRows, reverse, forwardOnReverseRows - reverse);
        }
        List<String> warnings = warnings();
        if (warnings.isEmpty()) {
            w.println(logZ == null ? "log Z is exact" : "converged: the runs agree" + (half == null ? "" : " and the estimate held"
                    + " when the temperatures doubled"));
        }
        for (String warning : warnings) {
            w.println("WARNING: " + warning);
        }
    }

    JsonLine into(JsonLine line) {
        line.put("data", data).put("binarize", binarization.id()).put("log_z", logZValue()).put("log_z_exact", logZ == null ? 1 : 0);
        if (logZ != null) {
            line.put("log_z_low", logZ.logZLow()).put("log_z_high", logZ.logZHigh()).put("log_z_spread", logZ.spread())
                    .put("log_z_effective_sample_size", logZ.effectiveSampleSize()).put("ais_runs", logZ.runs())
                    .put("ais_temperatures", logZ.temperatures());
        }
        if (half != null) {
            line.put("log_z_half_temperatures", half.logZ());
        }
        line.put("test_log_likelihood_bound", forward).put("test_images", testRows);
        if (reverseRows > 0) {
            line.put("reverse_rows", reverseRows).put("forward_on_reverse_rows", forwardOnReverseRows)
                    .put("test_log_likelihood_reverse", reverse).put("forward_reverse_gap", forwardOnReverseRows - reverse);
        }
        List<String> warnings = warnings();
        return line.put("converged", warnings.isEmpty() ? 1 : 0).put("warnings", String.join("; ", warnings));
    }
}
