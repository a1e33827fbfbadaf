package org.aestack.runtime.metric;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.aestack.dsl.UnitType;
import org.aestack.runtime.engine.ContrastiveDivergence;
import org.aestack.runtime.engine.ReplicatedSoftmax;
import org.aestack.runtime.kernel.Rng;
import org.junit.jupiter.api.Test;

/**
 * Replicated softmax units against brute force over every word sequence and against the Bernoulli
 * RBM they reduce to, and the contrastive-divergence engine's model statistics, for replicated
 * softmax and for Gaussian visible units, against the exact expectations.
 */
class ReplicatedSoftmaxRbmTest {
    private static float[] gaussian(int n, float sd, Rng rng) {
        float[] x = new float[n];
        rng.fillGaussian(x, n, 0f, sd);
        return x;
    }

    /** log Σ over ordered word sequences of length D and hidden states of exp(−E), term by term. */
    private static double bruteForce(int words, int hidden, float[] w, float[] b, float[] c, int length) {
        int sequences = (int) Math.pow(words, length);
        double[] terms = new double[sequences << hidden];
        int t = 0;
        for (int seq = 0; seq < sequences; seq++) {
            int[] counts = new int[words];
            for (int i = 0, rest = seq; i < length; i++, rest /= words) {
                counts[rest % words]++;
            }
            for (int s = 0; s < 1 << hidden; s++) {
                double e = 0;
                for (int k = 0; k < words; k++) {
                    e += b[k] * counts[k];
                }
                for (int j = 0; j < hidden; j++) {
                    if ((s >> j & 1) == 1) {
                        e += length * c[j];
                        for (int k = 0; k < words; k++) {
                            e += w[j * words + k] * counts[k];
                        }
                    }
                }
                terms[t++] = e;
            }
        }
        return Rbm.logSumExp(terms);
    }

    @Test
    void partitionFunctionsMatchEveryWordSequence() {
        Rng rng = new Rng(1);
        for (int length = 1; length <= 4; length++) {
            float[] w = gaussian(2 * 3, 1f, rng);
            float[] b = gaussian(3, 0.5f, rng);
            float[] c = gaussian(2, 0.5f, rng);
            ReplicatedSoftmaxRbm rsm = new ReplicatedSoftmaxRbm(3, 2, w, b, c);
            assertEquals(bruteForce(3, 2, w, b, c, length), rsm.logZ(length), 1e-7, "D = " + length);
        }
    }

    @Test
    void oneWordOfTwoIsABernoulliUnit() {
        // D = 1, K = 2: v̂ = (1 − x, x) for a Bernoulli x with visible bias b₁ − b₀, weights W₁ − W₀,
        // hidden biases c + W₀; Z_RSM = e^{b₀} Z_RBM
        Rng rng = new Rng(2);
        int hidden = 3;
        float[] w = gaussian(hidden * 2, 1f, rng);
        float[] b = gaussian(2, 0.5f, rng);
        float[] c = gaussian(hidden, 0.5f, rng);
        float[] rbmW = new float[hidden];
        float[] rbmC = new float[hidden];
        for (int j = 0; j < hidden; j++) {
            rbmW[j] = w[j * 2 + 1] - w[j * 2];
            rbmC[j] = c[j] + w[j * 2];
        }
        Rbm rbm = new Rbm(1, hidden, rbmW, new float[] {b[1] - b[0]}, rbmC);
        assertEquals(b[0] + rbm.exactLogZ(), new ReplicatedSoftmaxRbm(2, hidden, w, b, c).logZ(1), 1e-5);
    }

    @Test
    void sampledCountsSumToTheLengthAndFollowTheDistribution() {
        Rng rng = new Rng(3);
        double[] p = {0.5, 0.3, 0.15, 0.05};
        long[] totals = new long[4];
        double[] cumulative = new double[4];
        int draws = 2_000;
        int length = 40;
        for (int d = 0; d < draws; d++) {
            float[] x = new float[4];
            for (int k = 0; k < 4; k++) {
                x[k] = (float) (length * p[k]);
            }
            ReplicatedSoftmax.sampleCounts(x, 0, 4, length, rng, cumulative);
            int sum = 0;
            for (int k = 0; k < 4; k++) {
                assertEquals(Math.rint(x[k]), x[k]);
                sum += (int) x[k];
                totals[k] += (long) x[k];
            }
            assertEquals(length, sum);
        }
        double chi2 = 0;
        for (int k = 0; k < 4; k++) {
            double expected = (double) draws * length * p[k];
            chi2 += (totals[k] - expected) * (totals[k] - expected) / expected;
        }
        assertTrue(chi2 < 16.3, "chi-square with 3 degrees of freedom, p = 0.001: " + chi2);
        float[] z = {1f, 2f, 3f};
        ReplicatedSoftmax.softmax(z, 0, 3, 6f);
        assertEquals(6.0, z[0] + z[1] + z[2], 1e-5);
        assertEquals(Math.exp(1) / (Math.exp(1) + Math.exp(2) + Math.exp(3)) * 6, z[0], 1e-5);
    }

    /**
     * Persistent chains run long at fixed parameters: the model half of the engine's gradient (the
     * gradient plus the exactly known data half) against the exact expectations, for documents of
     * length 3 over 4 words.
     */
    @Test
    void persistentChainsOfWordCountsReachTheExactModelStatistics() {
        Rng rng = new Rng(4);
        int words = 4;
        int hidden = 3;
        int length = 3;
        float[] w = gaussian(hidden * words, 0.8f, rng);
        float[] b = gaussian(words, 0.5f, rng);
        float[] c = gaussian(hidden, 1f, rng);
        int rows = 8;
        float[] data = new float[rows * words];
        for (int r = 0; r < rows; r++) {
            data[r * words + r % words] = 2;
            data[r * words + (r + 1) % words] += 1;
        }
        int chains = 10_000;
        ContrastiveDivergence pcd = new ContrastiveDivergence(words, hidden, UnitType.REPLICATED_SOFTMAX, UnitType.BERNOULLI,
                rows, 200, true, chains);
        float[] gW = new float[hidden * words];
        float[] gb = new float[words];
        float[] gc = new float[hidden];
        pcd.gradient(data, rows, w, b, c, rng, 0f, gW, gb, gc);
        ReplicatedSoftmaxRbm.Expectations exact = new ReplicatedSoftmaxRbm(words, hidden, w, b, c).expectations(length);
        // the data half, exactly: h = σ(W v̂ + D c)
        double[] dataHv = new double[hidden * words];
        double[] dataH = new double[hidden];
        double[] dataV = new double[words];
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < hidden; j++) {
                double x = length * c[j];
                for (int k = 0; k < words; k++) {
                    x += w[j * words + k] * data[r * words + k];
                }
                double h = 1 / (1 + Math.exp(-x));
                dataH[j] += length * h / rows;
                for (int k = 0; k < words; k++) {
                    dataHv[j * words + k] += h * data[r * words + k] / rows;
                }
            }
            for (int k = 0; k < words; k++) {
                dataV[k] += data[r * words + k] / (double) rows;
            }
        }
        // five standard errors: a count's deviation is at most D/2
        double tolerance = 5 * (length / 2.0) / Math.sqrt(chains);
        for (int i = 0; i < hidden * words; i++) {
            assertEquals(exact.hiddenWords()[i], gW[i] + dataHv[i], tolerance, "E[h v] " + i);
        }
        for (int k = 0; k < words; k++) {
            assertEquals(exact.words()[k], gb[k] + dataV[k], tolerance, "E[v] " + k);
        }
        for (int j = 0; j < hidden; j++) {
            assertEquals(length * exact.hidden()[j], gc[j] + dataH[j], tolerance, "D E[h] " + j);
        }
    }

    /** The same for Gaussian visible units: E[v | h] = b + Wᵀh, p(h) ∝ exp(cᵀh + Σᵢ (bᵢuᵢ + uᵢ²/2)), u = Wᵀh. */
    @Test
    void persistentChainsOfGaussianUnitsReachTheExactModelStatistics() {
        Rng rng = new Rng(5);
        int visible = 3;
        int hidden = 3;
        float[] w = gaussian(hidden * visible, 0.5f, rng);
        float[] b = gaussian(visible, 0.5f, rng);
        float[] c = gaussian(hidden, 0.5f, rng);
        double[] logP = new double[1 << hidden];
        for (int s = 0; s < logP.length; s++) {
            double t = 0;
            for (int j = 0; j < hidden; j++) {
                t += (s >> j & 1) * c[j];
            }
            for (int i = 0; i < visible; i++) {
                double u = 0;
                for (int j = 0; j < hidden; j++) {
                    u += (s >> j & 1) * w[j * visible + i];
                }
                t += b[i] * u + u * u / 2;
            }
            logP[s] = t;
        }
        double logZ = Rbm.logSumExp(logP);
        double[] hv = new double[hidden * visible];
        for (int s = 0; s < logP.length; s++) {
            double p = Math.exp(logP[s] - logZ);
            for (int i = 0; i < visible; i++) {
                double mean = b[i];
                for (int j = 0; j < hidden; j++) {
                    mean += (s >> j & 1) * w[j * visible + i];
                }
                for (int j = 0; j < hidden; j++) {
                    hv[j * visible + i] += p * (s >> j & 1) * mean;
                }
            }
        }
        int rows = 5;
        float[] data = gaussian(rows * visible, 1f, rng);
        int chains = 10_000;
        ContrastiveDivergence pcd = new ContrastiveDivergence(visible, hidden, UnitType.GAUSSIAN, UnitType.BERNOULLI, rows, 200,
                true, chains);
        float[] gW = new float[hidden * visible];
        pcd.gradient(data, rows, w, b, c, rng, 0f, gW, new float[visible], new float[hidden]);
        for (int j = 0; j < hidden; j++) {
            for (int i = 0; i < visible; i++) {
                double dataTerm = 0;
                for (int r = 0; r < rows; r++) {
                    double z = c[j];
                    for (int k = 0; k < visible; k++) {
                        z += w[j * visible + k] * data[r * visible + k];
                    }
                    dataTerm += data[r * visible + i] / (1 + Math.exp(-z)) / rows;
                }
                assertEquals(hv[j * visible + i], gW[j * visible + i] + dataTerm, 5 * 1.5 / Math.sqrt(chains),
                        "E[h v] " + j + "," + i);
            }
        }
    }

    @Test
    void hiddenProbabilitiesScaleTheBiasesByEachRowsLength() {
        Rng rng = new Rng(6);
        float[] w = gaussian(2 * 3, 1f, rng);
        float[] c = gaussian(2, 1f, rng);
        float[] v = {1, 2, 0, 0, 1, 4};
        float[] out = new float[4];
        new ContrastiveDivergence(3, 2, UnitType.REPLICATED_SOFTMAX, UnitType.BERNOULLI, 2, 1, false, 0).scales(2f, 1f)
                .hiddenProbabilities(v, 2, w, c, out);
        for (int r = 0; r < 2; r++) {
            double length = v[r * 3] + v[r * 3 + 1] + v[r * 3 + 2];
            for (int j = 0; j < 2; j++) {
                double x = length * c[j];
                for (int k = 0; k < 3; k++) {
                    x += 2 * w[j * 3 + k] * v[r * 3 + k];
                }
                assertEquals(1 / (1 + Math.exp(-x)), out[r * 2 + j], 1e-6);
            }
        }
    }
}
