package org.aestack.runtime.metric;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.aestack.runtime.data.DataSet;
import org.aestack.runtime.kernel.Rng;
import org.junit.jupiter.api.Test;

/**
 * The DBN bound against enumeration: for nets small enough, log p(v), the exact bound and its
 * variance under q are sums over every state of the directed hidden layers.
 */
class BeliefNetBoundTest {
    /** A stack of RBMs with Gaussian parameters. */
    private record Net(int[] sizes, float[][] w, float[][] b, float[][] c) {
        static Net random(int[] sizes, float scale, long seed) {
            Rng rng = new Rng(seed);
            int layers = sizes.length - 1;
            float[][] w = new float[layers][];
            float[][] b = new float[layers][];
            float[][] c = new float[layers][];
            for (int l = 0; l < layers; l++) {
                w[l] = new float[sizes[l] * sizes[l + 1]];
                b[l] = new float[sizes[l]];
                c[l] = new float[sizes[l + 1]];
                rng.fillGaussian(w[l], w[l].length, 0, scale);
                rng.fillGaussian(b[l], b[l].length, 0, scale);
                rng.fillGaussian(c[l], c[l].length, 0, scale);
            }
            return new Net(sizes, w, b, c);
        }

        int layers() {
            return sizes.length - 1;
        }

        Rbm top() {
            int l = layers() - 1;
            return new Rbm(sizes[l], sizes[l + 1], w[l], b[l], c[l]);
        }

        BeliefNetBound bound() {
            return new BeliefNetBound(sizes, w, b, c);
        }
    }

    /** Exact log p(v), the exact bound E_q[log p(v, h) − log q(h | v)], and the variance of that integrand under q. */
    private record Exact(double logP, double bound, double variance) {}

    /** log of Bernoulli(x | σ(a)), computed plainly. */
    private static double logBernoulli(int x, double a) {
        double p = 1 / (1 + Math.exp(-a));
        return Math.log(x == 1 ? p : 1 - p);
    }

    /** Sums over every state of h_0 … h_{L−2}. */
    private static Exact enumerate(Net net, int[] v) {
        int layers = net.layers();
        Rbm top = net.top();
        double logZTop = top.exactLogZ();
        int bits = 0;
        for (int l = 0; l < layers - 1; l++) {
            bits += net.sizes[l + 1];
        }
        double[] joints = new double[1 << bits];
        double bound = 0;
        double second = 0;
        for (int state = 0; state < 1 << bits; state++) {
            int[][] h = new int[layers][];
            h[0] = v;
            int shift = 0;
            for (int l = 0; l < layers - 1; l++) {
                h[l + 1] = new int[net.sizes[l + 1]];
                for (int j = 0; j < h[l + 1].length; j++) {
                    h[l + 1][j] = state >> shift++ & 1;
                }
            }
            // h[l] is the visible layer of RBM l: h[0] = v, h[l + 1] = its hidden state
            double logQ = 0;
            double logP = 0;
            for (int l = 0; l < layers - 1; l++) {
                int in = net.sizes[l];
                int out = net.sizes[l + 1];
                for (int j = 0; j < out; j++) {
                    double a = net.c[l][j];
                    for (int i = 0; i < in; i++) {
                        a += net.w[l][j * in + i] * h[l][i];
                    }
                    logQ += logBernoulli(h[l + 1][j], a);
                }
                for (int i = 0; i < in; i++) {
                    double a = net.b[l][i];
                    for (int j = 0; j < out; j++) {
                        a += net.w[l][j * in + i] * h[l + 1][j];
                    }
                    logP += logBernoulli(h[l][i], a);
                }
            }
            float[] topState = new float[net.sizes[layers - 1]];
            for (int i = 0; i < topState.length; i++) {
                topState[i] = h[layers - 1][i];
            }
            logP += -top.freeEnergy(topState) - logZTop;
            joints[state] = logP;
            double q = Math.exp(logQ);
            bound += q * (logP - logQ);
            second += q * (logP - logQ) * (logP - logQ);
        }
        return new Exact(Rbm.logSumExp(joints), bound, second - bound * bound);
    }

    private static int[][] randomBinaryRows(int rows, int cols, long seed) {
        Rng rng = new Rng(seed);
        int[][] x = new int[rows][cols];
        for (int[] row : x) {
            for (int i = 0; i < cols; i++) {
                row[i] = rng.nextInt(2);
            }
        }
        return x;
    }

    private static DataSet dataSet(int[][] rows) {
        int cols = rows[0].length;
        float[] x = new float[rows.length * cols];
        for (int r = 0; r < rows.length; r++) {
            for (int i = 0; i < cols; i++) {
                x[r * cols + i] = rows[r][i];
            }
        }
        return DataSet.of(x, rows.length, cols);
    }

    /** The mean of the exact quantities over the rows, with the standard error of a Monte Carlo bound of {@code samples} a row. */
    private record Means(double logP, double bound, double standardError) {
        static Means of(Net net, int[][] rows, int samples) {
            double logP = 0, bound = 0, variance = 0;
            for (int[] v : rows) {
                Exact e = enumerate(net, v);
                assertTrue(e.bound <= e.logP, "the exact bound " + e.bound + " exceeds log p(v) = " + e.logP);
                logP += e.logP;
                bound += e.bound;
                variance += e.variance;
            }
            int n = rows.length;
            return new Means(logP / n, bound / n, Math.sqrt(variance / samples) / n);
        }
    }

    @Test
    void oneRbmGivesItsExactLogLikelihood() {
        Net net = Net.random(new int[] {7, 5}, 1f, 1);
        DataSet data = dataSet(randomBinaryRows(20, 7, 2));
        Rbm rbm = net.top();
        double logZ = rbm.exactLogZ();
        double bound = net.bound().meanBound(data, logZ, 3, new Rng(3));
        assertEquals(rbm.meanLogLikelihood(data, logZ), bound, 1e-4);
    }

    @Test
    void twoLayersMatchTheEnumeratedBoundBelowTheEnumeratedLikelihood() {
        Net net = Net.random(new int[] {6, 4, 3}, 1.5f, 4);
        int[][] rows = randomBinaryRows(8, 6, 5);
        int samples = 20_000;
        Means exact = Means.of(net, rows, samples);
        double tolerance = 5 * exact.standardError + 1e-4;
        // The check must tell the bound from the likelihood it bounds.
        assertTrue(exact.logP - exact.bound > 3 * tolerance, exact.toString());

        double bound = net.bound().meanBound(dataSet(rows), net.top().exactLogZ(), samples, new Rng(6));
        assertEquals(exact.bound, bound, tolerance, exact.toString());
    }

    @Test
    void threeLayersMatchTheEnumeratedBoundBelowTheEnumeratedLikelihood() {
        Net net = Net.random(new int[] {5, 4, 3, 3}, 1.5f, 7);
        int[][] rows = randomBinaryRows(6, 5, 8);
        int samples = 20_000;
        Means exact = Means.of(net, rows, samples);
        double tolerance = 5 * exact.standardError + 1e-4;
        assertTrue(exact.logP - exact.bound > 3 * tolerance, exact.toString());

        double bound = net.bound().meanBound(dataSet(rows), net.top().exactLogZ(), samples, new Rng(9));
        assertTrue(bound <= exact.logP + tolerance, bound + " vs " + exact);
        assertEquals(exact.bound, bound, tolerance, exact.toString());
    }

    @Test
    void keepsItsOwnCopyOfTheParameters() {
        Net net = Net.random(new int[] {5, 4, 3}, 1f, 10);
        DataSet data = dataSet(randomBinaryRows(4, 5, 11));
        BeliefNetBound bound = net.bound();
        double before = bound.meanBound(data, 0, 10, new Rng(12));
        net.w[0][0] += 5;
        net.b[0][0] += 5;
        net.c[1][0] += 5;
        net.sizes[0] = 99;
        assertEquals(before, bound.meanBound(data, 0, 10, new Rng(12)));
    }

    @Test
    void mismatchedShapesAreRefused() {
        Net net = Net.random(new int[] {5, 4, 3}, 1f, 13);
        assertThrows(IllegalArgumentException.class, () -> new BeliefNetBound(new int[] {5, 4, 2}, net.w, net.b, net.c));
        assertThrows(IllegalArgumentException.class, () -> new BeliefNetBound(new int[] {5, 4}, net.w, net.b, net.c));
        DataSet wide = dataSet(randomBinaryRows(2, 6, 14));
        assertThrows(IllegalArgumentException.class, () -> net.bound().meanBound(wide, 0, 1, new Rng(15)));
    }
}
