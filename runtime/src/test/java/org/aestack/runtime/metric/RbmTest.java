package org.aestack.runtime.metric;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.aestack.runtime.data.DataSet;
import org.aestack.runtime.kernel.Rng;
import org.junit.jupiter.api.Test;

/** The RBM's partition function against brute force, and AIS against the exact value. */
class RbmTest {
    static Rbm random(int visible, int hidden, float scale, long seed) {
        Rng rng = new Rng(seed);
        float[] w = new float[visible * hidden];
        float[] b = new float[visible];
        float[] c = new float[hidden];
        rng.fillGaussian(w, w.length, 0, scale);
        rng.fillGaussian(b, b.length, 0, scale);
        rng.fillGaussian(c, c.length, 0, scale);
        return new Rbm(visible, hidden, w, b, c);
    }

    /** Σ over every (v, h) of exp(−E(v, h)), in double, straight from the energy. */
    private static double bruteForceLogZ(int visible, int hidden, float[] w, float[] b, float[] c) {
        return Rbm.logSumExp(bruteForceLogMarginals(visible, hidden, w, b, c));
    }

    @Test
    void exactLogZMatchesBruteForceEnumeratingEitherLayer() {
        for (int[] shape : new int[][] {{6, 4}, {3, 7}}) {
            int visible = shape[0], hidden = shape[1];
            Rng rng = new Rng(2);
            float[] w = new float[visible * hidden];
            float[] b = new float[visible];
            float[] c = new float[hidden];
            rng.fillGaussian(w, w.length, 0, 1);
            rng.fillGaussian(b, b.length, 0, 1);
            rng.fillGaussian(c, c.length, 0, 1);
            Rbm rbm = new Rbm(visible, hidden, w, b, c);
            assertEquals(bruteForceLogZ(visible, hidden, w, b, c), rbm.exactLogZ(), 1e-9);
        }
    }

    @Test
    void probabilitiesFromFreeEnergySumToOne() {
        Rbm rbm = random(5, 3, 1f, 4);
        double logZ = rbm.exactLogZ();
        double total = 0;
        for (int s = 0; s < 32; s++) {
            float[] v = new float[5];
            for (int i = 0; i < 5; i++) {
                v[i] = s >> i & 1;
            }
            total += Math.exp(-rbm.freeEnergy(v) - logZ);
        }
        assertEquals(1, total, 1e-9);
        DataSet one = DataSet.of(new float[] {1, 0, 1, 1, 0}, 1, 5);
        assertEquals(-rbm.freeEnergy(one.row(0)) - logZ, rbm.meanLogLikelihood(one, logZ), 1e-12);
    }

    @Test
    void aisEstimatesLogZCloselyOnAModelSmallEnoughToCheck() {
        Rbm rbm = random(20, 12, 0.3f, 6);
        double exact = rbm.exactLogZ();
        LogZEstimate estimate = rbm.ais(200, 1000, new Rng(9));
        assertEquals(exact, estimate.logZ(), 0.05, "AIS " + estimate + " vs exact " + exact);
        assertTrue(estimate.spread() < 1, estimate.toString());
    }

    /** log Σ_h exp(−E(v, h)) for every binary v (v's bits are the state's), straight from the energy. */
    private static double[] bruteForceLogMarginals(int visible, int hidden, float[] w, float[] b, float[] c) {
        double[] marginals = new double[1 << visible];
        double[] terms = new double[1 << hidden];
        for (int vs = 0; vs < 1 << visible; vs++) {
            for (int hs = 0; hs < 1 << hidden; hs++) {
                double e = 0;
                for (int i = 0; i < visible; i++) {
                    e += b[i] * (vs >> i & 1);
                }
                for (int j = 0; j < hidden; j++) {
                    e += c[j] * (hs >> j & 1);
                    for (int i = 0; i < visible; i++) {
                        e += w[j * visible + i] * (hs >> j & 1) * (vs >> i & 1);
                    }
                }
                terms[hs] = e;
            }
            marginals[vs] = Rbm.logSumExp(terms);
        }
        return marginals;
    }

    @Test
    void pseudoLogLikelihoodIsTheSumOfExactConditionalsOfTheJoint() {
        int visible = 6, hidden = 4, rows = 12;
        Rng rng = new Rng(21);
        float[] w = new float[visible * hidden];
        float[] b = new float[visible];
        float[] c = new float[hidden];
        rng.fillGaussian(w, w.length, 0, 1.5f);
        rng.fillGaussian(b, b.length, 0, 1);
        rng.fillGaussian(c, c.length, 0, 1);
        Rbm rbm = new Rbm(visible, hidden, w, b, c);
        double[] logP = bruteForceLogMarginals(visible, hidden, w, b, c);

        float[] x = new float[rows * visible];
        int[] states = new int[rows];
        double expected = 0;
        for (int r = 0; r < rows; r++) {
            states[r] = rng.nextInt(1 << visible);
            for (int i = 0; i < visible; i++) {
                x[r * visible + i] = states[r] >> i & 1;
                // p(v_i | v_−i): the joint normalised over v_i ∈ {0, 1} with the rest fixed
                double own = logP[states[r]];
                double flipped = logP[states[r] ^ 1 << i];
                expected += own - Rbm.logSumExp(new double[] {own, flipped});
            }
        }
        expected /= rows;
        DataSet data = DataSet.of(x, rows, visible);
        assertEquals(expected, rbm.pseudoLogLikelihood(data), 1e-9);

        // A single row on its own gives its own sum, so rows are averaged, not pooled differently.
        double first = 0;
        for (int i = 0; i < visible; i++) {
            double own = logP[states[0]];
            first += own - Rbm.logSumExp(new double[] {own, logP[states[0] ^ 1 << i]});
        }
        assertEquals(first, rbm.pseudoLogLikelihood(data.head(1)), 1e-9);
    }

    @Test
    void aisEstimatesLogZOnAHundredVisibleUnitsAgainstEnumeratingTheHidden() {
        Rbm rbm = random(100, 16, 0.1f, 8);
        double exact = rbm.exactLogZ();
        LogZEstimate estimate = rbm.ais(100, 1000, new Rng(10));
        assertEquals(exact, estimate.logZ(), 0.1, "AIS " + estimate + " vs exact " + exact);
    }

    @Test
    void aisSpreadShrinksWithMoreTemperatures() {
        Rbm rbm = random(40, 16, 0.5f, 12);
        double exact = rbm.exactLogZ();
        LogZEstimate coarse = rbm.ais(100, 10, new Rng(13));
        LogZEstimate fine = rbm.ais(100, 1000, new Rng(13));
        assertTrue(Double.isFinite(coarse.logZ()) && Double.isFinite(fine.logZ()), coarse + " " + fine);
        assertTrue(fine.spread() > 0, fine.toString());
        assertTrue(fine.spread() < coarse.spread() / 2, coarse + " then " + fine);
        assertTrue(Math.abs(fine.logZ() - exact) < Math.abs(coarse.logZ() - exact) + 0.05,
                coarse + " then " + fine + " vs exact " + exact);
    }

    @Test
    void tooLargeToEnumerateSaysSo() {
        Rbm rbm = random(30, 30, 0.1f, 1);
        assertThrows(IllegalArgumentException.class, rbm::exactLogZ);
    }
}
