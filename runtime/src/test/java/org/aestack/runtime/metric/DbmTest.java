package org.aestack.runtime.metric;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.aestack.runtime.data.DataSet;
import org.aestack.runtime.kernel.Rng;
import org.junit.jupiter.api.Test;

/** The DBM's partition function, likelihoods and bound against brute force over every state. */
class DbmTest {
    /** A random DBM: weights N(0, scale²), biases N(0, (scale/2)²). */
    static Object[] random(int[] sizes, float scale, long seed) {
        return random(sizes, scale, scale / 2, seed);
    }

    /** A random DBM: weights N(0, weightScale²), biases N(0, biasScale²). */
    static Object[] random(int[] sizes, float weightScale, float biasScale, long seed) {
        Rng rng = new Rng(seed);
        float[][] w = new float[sizes.length - 1][];
        float[][] b = new float[sizes.length][];
        for (int l = 0; l < w.length; l++) {
            w[l] = new float[sizes[l + 1] * sizes[l]];
            rng.fillGaussian(w[l], w[l].length, 0, weightScale);
        }
        for (int l = 0; l < b.length; l++) {
            b[l] = new float[sizes[l]];
            rng.fillGaussian(b[l], b[l].length, 0, biasScale);
        }
        return new Object[] {w, b};
    }

    /** −E of a full state, each layer's bits packed in an int. */
    private static double negativeEnergy(int[] sizes, float[][] w, float[][] b, int[] state) {
        double s = 0;
        for (int l = 0; l < sizes.length; l++) {
            for (int i = 0; i < sizes[l]; i++) {
                s += b[l][i] * (state[l] >> i & 1);
            }
            if (l + 1 < sizes.length) {
                for (int k = 0; k < sizes[l + 1]; k++) {
                    for (int i = 0; i < sizes[l]; i++) {
                        s += w[l][k * sizes[l] + i] * (state[l + 1] >> k & 1) * (state[l] >> i & 1);
                    }
                }
            }
        }
        return s;
    }

    /** log Σ over the hidden states of exp(−E), for a given visible state, or over everything (v = −1). */
    private static double bruteForce(int[] sizes, float[][] w, float[][] b, int visible) {
        int hiddenBits = 0;
        for (int l = 1; l < sizes.length; l++) {
            hiddenBits += sizes[l];
        }
        int vFrom = visible < 0 ? 0 : visible;
        int vTo = visible < 0 ? 1 << sizes[0] : visible + 1;
        double[] terms = new double[(vTo - vFrom) << hiddenBits];
        int t = 0;
        for (int v = vFrom; v < vTo; v++) {
            for (int h = 0; h < 1 << hiddenBits; h++) {
                int[] state = new int[sizes.length];
                state[0] = v;
                int rest = h;
                for (int l = 1; l < sizes.length; l++) {
                    state[l] = rest & ((1 << sizes[l]) - 1);
                    rest >>= sizes[l];
                }
                terms[t++] = negativeEnergy(sizes, w, b, state);
            }
        }
        return Rbm.logSumExp(terms);
    }

    @Test
    void exactLogZAndLogProbabilitiesMatchBruteForceForTwoAndThreeHiddenLayers() {
        for (int[] sizes : new int[][] {{5, 4, 3}, {4, 3, 2, 3}}) {
            Object[] p = random(sizes, 1f, 3);
            float[][] w = (float[][]) p[0];
            float[][] b = (float[][]) p[1];
            Dbm dbm = new Dbm(sizes, w, b);
            double logZ = bruteForce(sizes, w, b, -1);
            assertEquals(logZ, dbm.exactLogZ(), 1e-9);
            float[] data = new float[3 * sizes[0]];
            int[] states = {0, 5, (1 << sizes[0]) - 1};
            for (int r = 0; r < 3; r++) {
                for (int i = 0; i < sizes[0]; i++) {
                    data[r * sizes[0] + i] = states[r] >> i & 1;
                }
            }
            double[] logP = dbm.exactLogProbabilities(DataSet.of(data, 3, sizes[0]));
            for (int r = 0; r < 3; r++) {
                assertEquals(bruteForce(sizes, w, b, states[r]) - logZ, logP[r], 1e-9, "row " + r);
            }
        }
    }

    @Test
    void aisFindsTheExactLogZ() {
        Object[] p = random(new int[] {12, 10, 6}, 0.5f, 7);
        Dbm small = new Dbm(new int[] {12, 10, 6}, (float[][]) p[0], (float[][]) p[1]);
        LogZEstimate estimate = small.ais(100, 2_000, new Rng(1));
        assertEquals(small.exactLogZ(), estimate.logZ(), 0.1, "12-10-6, spread " + estimate.spread());

        int[] sizes = {784, 16, 8};
        Object[] q = random(sizes, 0.05f, 9);
        Dbm wide = new Dbm(sizes, (float[][]) q[0], (float[][]) q[1]);
        LogZEstimate wideEstimate = wide.ais(50, 1_000, new Rng(2));
        assertEquals(wide.exactLogZ(), wideEstimate.logZ(), 0.1, "784-16-8, spread " + wideEstimate.spread());

        // Three hidden layers with strong biases: every layer's bias is annealed but the visible one.
        int[] deep = {10, 8, 6, 4};
        Object[] r = random(deep, 0.5f, 1f, 11);
        Dbm deeper = new Dbm(deep, (float[][]) r[0], (float[][]) r[1]);
        LogZEstimate deepEstimate = deeper.ais(100, 2_000, new Rng(3));
        assertEquals(deeper.exactLogZ(), deepEstimate.logZ(), 0.1, "10-8-6-4, spread " + deepEstimate.spread());
    }

    @Test
    void aisSpreadShrinksWithMoreTemperatures() {
        int[] sizes = {12, 10, 6};
        Object[] p = random(sizes, 0.5f, 7);
        Dbm dbm = new Dbm(sizes, (float[][]) p[0], (float[][]) p[1]);
        double exact = dbm.exactLogZ();
        LogZEstimate coarse = dbm.ais(100, 50, new Rng(3));
        LogZEstimate fine = dbm.ais(100, 1_000, new Rng(3));
        assertTrue(fine.spread() < coarse.spread() / 2,
                "spread of the log weights: " + fine.spread() + " with 1,000 temperatures, "
                        + coarse.spread() + " with 50");
        assertTrue(Math.abs(fine.logZ() - exact) <= Math.abs(coarse.logZ() - exact) + 0.02,
                "error " + (fine.logZ() - exact) + " with 1,000 temperatures, " + (coarse.logZ() - exact) + " with 50");
    }

    @Test
    void theMeanFieldBoundLiesBelowTheExactLikelihoodAndNearItForWeakWeights() {
        int[] sizes = {8, 5, 4};
        for (float scale : new float[] {0.2f, 1.5f}) {
            Object[] p = random(sizes, scale, 5);
            Dbm dbm = new Dbm(sizes, (float[][]) p[0], (float[][]) p[1]);
            float[] data = new float[40 * 8];
            Rng rng = new Rng(6);
            for (int i = 0; i < data.length; i++) {
                data[i] = rng.nextFloat() < 0.4f ? 1f : 0f;
            }
            DataSet binary = DataSet.of(data, 40, 8);
            double logZ = dbm.exactLogZ();
            double[] logP = dbm.exactLogProbabilities(binary, logZ);
            double largestGap = 0;
            for (int r = 0; r < binary.rows(); r++) {
                double bound = dbm.meanVariationalBound(DataSet.of(binary.row(r), 1, 8), logZ, 50);
                assertTrue(bound <= logP[r] + 1e-9, "row " + r + ": bound " + bound + " above log p " + logP[r]);
                largestGap = Math.max(largestGap, logP[r] - bound);
            }
            double exact = dbm.meanExactLogLikelihood(binary);
            double bound = dbm.meanVariationalBound(binary, logZ, 50);
            assertTrue(bound <= exact, "mean bound " + bound + " above mean log p " + exact);
            if (scale < 1) {
                assertTrue(largestGap < 0.05, "a weak DBM's posterior is nearly factorial: gap " + largestGap);
            } else {
                assertTrue(largestGap > 0.05, "a strong DBM's posterior is not factorial: gap " + largestGap);
            }
        }
    }

    /** The kernel bound, chunked in 256 rows, against the double reference loops on 600 rows of a 30-12-9 DBM. */
    @Test
    void theKernelBoundMatchesTheReference() {
        int[] sizes = {30, 12, 9};
        Object[] p = random(sizes, 1.0f, 11);
        Dbm dbm = new Dbm(sizes, (float[][]) p[0], (float[][]) p[1]);
        float[] data = new float[600 * 30];
        Rng rng = new Rng(12);
        for (int i = 0; i < data.length; i++) {
            data[i] = rng.nextFloat() < 0.3f ? 1f : 0f;
        }
        DataSet binary = DataSet.of(data, 600, 30);
        double logZ = dbm.exactLogZ();
        double reference = dbm.meanVariationalBound(binary, logZ, 60);
        double kernels = dbm.meanVariationalBound(binary, logZ, 60, 1e-7);
        assertEquals(reference, kernels, 1e-3 * Math.abs(reference));
        assertTrue(kernels <= dbm.meanExactLogLikelihood(binary), "the bound lies below the exact mean log p");
    }

    @Test
    void tooManyOddUnitsToEnumerateIsAClearError() {
        int[] sizes = {3, 25, 2};
        Object[] p = random(sizes, 0.1f, 1);
        var e = assertThrows(IllegalArgumentException.class, () -> new Dbm(sizes, (float[][]) p[0], (float[][]) p[1]).exactLogZ());
        assertTrue(e.getMessage().contains("limit is 24"), e.getMessage());
    }
}
