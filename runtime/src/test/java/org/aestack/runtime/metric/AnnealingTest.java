package org.aestack.runtime.metric;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.aestack.runtime.data.DataSet;
import org.aestack.runtime.kernel.Rng;
import org.junit.jupiter.api.Test;

/**
 * The annealing schedule, the error bars of an AIS estimate, base rates, and reverse annealing
 * (RAISE) against exact likelihoods of machines small enough to enumerate.
 */
class AnnealingTest {
    @Test
    void theScheduleRisesFromZeroToOneSpendingMostStepsNearOne() {
        for (int k : new int[] {1, 2, 3, 10, 1_000, 20_000}) {
            double[] beta = Annealing.schedule(k);
            assertEquals(k + 1, beta.length);
            assertEquals(0, beta[0]);
            assertEquals(1, beta[k]);
            for (int i = 1; i <= k; i++) {
                assertTrue(beta[i] > beta[i - 1], "β rises at " + i + " of " + k);
            }
        }
        double[] beta = Annealing.schedule(1_500);
        long nearOne = java.util.Arrays.stream(beta).filter(b -> b > 0.9).count();
        assertEquals(1_000, nearOne, "two thirds of the steps over the last tenth");
        assertThrows(IllegalArgumentException.class, () -> Annealing.schedule(0));
    }

    @Test
    void errorBarsAndEffectiveSampleSizeFollowTheWeights() {
        // Equal weights: every run counts, the error bars close.
        LogZEstimate equal = LogZEstimate.of(10, new double[] {2, 2, 2, 2}, 100, true);
        assertEquals(12, equal.logZ(), 1e-12);
        assertEquals(4, equal.effectiveSampleSize(), 1e-12);
        assertEquals(0, equal.spread(), 1e-12);
        assertEquals(12, equal.logZLow(), 1e-12);
        assertEquals(12, equal.logZHigh(), 1e-12);
        // Weights 1, 1, 1 and e³ (log 0, 0, 0, 3): by hand.
        double e3 = Math.exp(3);
        LogZEstimate skewed = LogZEstimate.of(0, new double[] {0, 0, 0, 3}, 100, true);
        double mean = (3 + e3) / 4;
        double sd = Math.sqrt((3 * (1 - mean) * (1 - mean) + (e3 - mean) * (e3 - mean)) / 3);
        assertEquals(Math.log(mean), skewed.logZ(), 1e-12);
        assertEquals((3 + e3) * (3 + e3) / (3 + e3 * e3), skewed.effectiveSampleSize(), 1e-9);
        assertEquals(Math.log(mean + 3 * sd / 2), skewed.logZHigh(), 1e-9);
        assertEquals(Double.NEGATIVE_INFINITY, skewed.logZLow(), "three standard errors exceed the mean");
        assertEquals(1.5, skewed.spread(), 1e-12, "the log weights' mean is 0.75, their variance (3 · 0.75² + 2.25²) / 3");
        assertTrue(skewed.spreadTooWide());
        // A finer estimate that moved outside its own error bars has not converged.
        LogZEstimate fine = LogZEstimate.of(0, new double[] {5, 5.1, 4.9, 5}, 200, true);
        assertTrue(fine.movedFrom(LogZEstimate.of(0, new double[] {3, 3.1, 2.9, 3}, 100, true)));
        assertTrue(!fine.movedFrom(LogZEstimate.of(0, new double[] {5, 5.05, 4.95, 5}, 100, true)));
    }

    @Test
    void baseRatesAreTheSmoothedLogitsOfTheColumnMeans() {
        DataSet data = DataSet.of(new float[] {1, 0, 1, 1, 0, 1, 1, 0, 0}, 3, 3);
        double[] b = BaseRates.of(data);
        assertEquals(Math.log(3.5 / 0.5), b[0], 1e-12, "always on: p = (3 + ½) / (3 + 1), finite");
        assertEquals(Math.log(0.5 / 3.5), b[1], 1e-12, "never on: finite");
        assertEquals(Math.log(2.5 / 1.5), b[2], 1e-12, "on 2 of 3: p = (2 + ½) / (3 + 1)");
    }

    @Test
    void aisFromTheBaseRatesFindsTheExactLogZ() {
        Rbm rbm = RbmTest.random(40, 10, 0.4f, 21);
        double exact = rbm.exactLogZ();
        DataSet data = randomRows(500, 40, 22);
        LogZEstimate estimate = rbm.ais(100, 1_000, BaseRates.of(data), new Rng(23));
        assertEquals(exact, estimate.logZ(), 0.05, estimate.toString());
        assertTrue(estimate.logZLow() <= exact && exact <= estimate.logZHigh(), estimate + " vs " + exact);
        assertTrue(estimate.baseRates() && !rbm.ais(10, 10, new Rng(1)).baseRates());
    }

    @Test
    void reverseAnnealingOfAnRbmConvergesToTheExactLikelihoodFromBelow() {
        Rbm rbm = RbmTest.random(40, 10, 0.4f, 21);
        double logZ = rbm.exactLogZ();
        DataSet data = randomRows(200, 40, 22);
        double exact = rbm.meanLogLikelihood(data, logZ);
        double[] coarse = rbm.reverseLogLikelihoods(data, 10, BaseRates.of(data), new Rng(3));
        double[] fine = rbm.reverseLogLikelihoods(data, 2_000, BaseRates.of(data), new Rng(3));
        double coarseMean = mean(coarse);
        double fineMean = mean(fine);
        assertTrue(coarseMean < fineMean && fineMean <= exact + 0.02, "RAISE " + coarseMean + " (10) -> " + fineMean
                + " (2,000) vs exact " + exact);
        assertEquals(exact, fineMean, 0.1);
    }

    @Test
    void reverseAnnealingOfADbmConvergesToTheExactLikelihoodFromBelow() {
        int[] sizes = {12, 10, 6};
        Object[] p = DbmTest.random(sizes, 0.7f, 7);
        Dbm dbm = new Dbm(sizes, (float[][]) p[0], (float[][]) p[1]);
        DataSet data = randomRows(100, 12, 4);
        double exact = mean(dbm.exactLogProbabilities(data));
        double[] base = BaseRates.of(data);
        double coarse = mean(dbm.reverseLogLikelihoods(data, 5, base, 30, 1e-6, new Rng(5)));
        double fine = mean(dbm.reverseLogLikelihoods(data, 2_000, base, 30, 1e-6, new Rng(5)));
        assertTrue(coarse < fine && fine <= exact + 0.02, "RAISE " + coarse + " (5) -> " + fine + " (2,000) vs exact " + exact);
        assertEquals(exact, fine, 0.1);
        LogZEstimate ais = dbm.ais(100, 2_000, base, new Rng(6));
        assertEquals(dbm.exactLogZ(), ais.logZ(), 0.1, ais.toString());
    }

    /** Uniformly random binary rows of the RBM's width. */
    private static DataSet randomRows(int rows, int width, long seed) {
        Rng rng = new Rng(seed);
        float[] x = new float[rows * width];
        for (int i = 0; i < x.length; i++) {
            x[i] = rng.nextFloat() < 0.5f ? 1f : 0f;
        }
        return DataSet.of(x, rows, width);
    }

    private static double mean(double[] x) {
        double s = 0;
        for (double v : x) {
            s += v;
        }
        return s / x.length;
    }
}
