package org.aestack.examples.cli;

import java.io.PrintWriter;
import java.util.Locale;
import org.aestack.runtime.BoltzmannMachineModel;
import org.aestack.runtime.data.DataSet;
import org.aestack.runtime.io.JsonLine;
import org.aestack.runtime.metric.LogZEstimate;

/**
 * What {@code train} and {@code eval} report of a deep Boltzmann machine: log Z by annealed
 * importance sampling with the spread of its runs' log weights, and the mean-field lower bound on
 * the test log-likelihood per binarized image that it gives.
 */
record BoltzmannReport(LogZEstimate logZ, double bound, int runs, int temperatures, double seconds) {
    static BoltzmannReport measure(BoltzmannMachineModel model, DataSet binaryTest, int runs, int temperatures, long seed) {
        if (runs < 1 || temperatures < 1) {
            throw new IllegalArgumentException("--ais-runs and --ais-temperatures must be at least 1");
        }
        long start = System.nanoTime();
        LogZEstimate logZ = model.logZ(runs, temperatures, seed);
        double bound = model.logLikelihoodBound(binaryTest, logZ.logZ());
        return new BoltzmannReport(logZ, bound, runs, temperatures, (System.nanoTime() - start) / 1e9);
    }

    void print(PrintWriter w, int testRows) {
        w.printf(Locale.ROOT, "log Z: %.2f ± %.2f (AIS, %d runs x %,d temperatures; ± is the spread of the runs' log weights)%n",
                logZ.logZ(), logZ.spread(), runs, temperatures);
        w.printf(Locale.ROOT, "test log-likelihood per image, mean-field lower bound: %.2f nats (%,d binarized images; %.0f s)%n",
                bound, testRows, seconds);
        if (bound > 0) {
            // log p(v) of a binary image is at most 0: only a log Z estimated far too low puts the bound above it.
            w.println("  (above 0, so AIS has underestimated log Z: raise --ais-temperatures, e.g. to 20000)");
        }
    }

    JsonLine into(JsonLine line) {
        return line.put("log_z", logZ.logZ()).put("log_z_spread", logZ.spread()).put("ais_runs", runs)
                .put("ais_temperatures", temperatures).put("test_log_likelihood_bound", bound);
    }
}
