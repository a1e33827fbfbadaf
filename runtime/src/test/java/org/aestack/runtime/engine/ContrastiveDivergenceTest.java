package org.aestack.runtime.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.aestack.dsl.UnitType;
import org.aestack.runtime.kernel.Rng;
import org.aestack.runtime.metric.Rbm;
import org.junit.jupiter.api.Test;

/**
 * Contrastive divergence against the exact log-likelihood gradient of a tiny RBM, whose model
 * expectations are summed over all 2^8 visible states.
 */
class ContrastiveDivergenceTest {
    private static final int V = 8;
    private static final int H = 5;
    private static final int ROWS = 12;

    private final float[] w = new float[H * V];
    private final float[] b = new float[V];
    private final float[] c = new float[H];
    private final float[] data = new float[ROWS * V];

    ContrastiveDivergenceTest() {
        Rng rng = new Rng(5);
        rng.fillGaussian(w, w.length, 0, 0.8f);
        rng.fillGaussian(b, b.length, 0, 0.5f);
        rng.fillGaussian(c, c.length, 0, 0.5f);
        for (int i = 0; i < data.length; i++) {
            data[i] = rng.nextFloat() < (i % V < V / 2 ? 0.8f : 0.2f) ? 1f : 0f;
        }
    }

    private static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    /** The exact gradient of the mean log-likelihood with respect to W, by enumeration. */
    private double[] exactWeightGradient() {
        Rbm rbm = new Rbm(V, H, w, b, c);
        double logZ = rbm.exactLogZ();
        double[] g = new double[H * V];
        for (int r = 0; r < ROWS; r++) {
            for (int j = 0; j < H; j++) {
                double p = c[j];
                for (int i = 0; i < V; i++) {
                    p += w[j * V + i] * data[r * V + i];
                }
                p = sigmoid(p);
                for (int i = 0; i < V; i++) {
                    g[j * V + i] += p * data[r * V + i] / ROWS;
                }
            }
        }
        for (int s = 0; s < 1 << V; s++) {
            float[] v = new float[V];
            for (int i = 0; i < V; i++) {
                v[i] = s >> i & 1;
            }
            double pv = Math.exp(-rbm.freeEnergy(v) - logZ);
            for (int j = 0; j < H; j++) {
                double z = c[j];
                for (int i = 0; i < V; i++) {
                    z += w[j * V + i] * v[i];
                }
                double ph = sigmoid(z);
                for (int i = 0; i < V; i++) {
                    g[j * V + i] -= pv * ph * v[i];
                }
            }
        }
        return g;
    }

    /** The mean of {@code repeats} gradient estimates. */
    private double[] meanEstimate(ContrastiveDivergence cd, int repeats, int burnIn) {
        Rng rng = new Rng(11);
        float[] gW = new float[H * V];
        float[] gb = new float[V];
        float[] gc = new float[H];
        double[] mean = new double[H * V];
        for (int t = 0; t < burnIn + repeats; t++) {
            cd.gradient(data, ROWS, w, b, c, rng, 0f, gW, gb, gc);
            if (t >= burnIn) {
                for (int i = 0; i < mean.length; i++) {
                    mean[i] -= gW[i] / repeats; // the estimate is of the negative log-likelihood's gradient
                }
            }
        }
        return mean;
    }

    /** The cosine of the angle between two gradients: 1 when they point the same way. */
    static double cosine(double[] a, double[] b) {
        double ab = 0, aa = 0, bb = 0;
        for (int i = 0; i < a.length; i++) {
            ab += a[i] * b[i];
            aa += a[i] * a[i];
            bb += b[i] * b[i];
        }
        return ab / Math.sqrt(aa * bb);
    }

    @Test
    void cdOnePointsUphillAndLongerChainsConvergeOnTheExactGradient() {
        double[] exact = exactWeightGradient();
        double cd1 = cosine(exact, meanEstimate(new ContrastiveDivergence(V, H, ROWS, 1, false), 2000, 0));
        double cd25 = cosine(exact, meanEstimate(new ContrastiveDivergence(V, H, ROWS, 25, false), 1000, 0));
        assertTrue(cd1 > 0.5, "CD-1 cosine with the exact gradient: " + cd1);
        assertTrue(cd25 > 0.97, "CD-25 cosine with the exact gradient: " + cd25);
        assertTrue(cd25 > cd1, "longer chains are closer: " + cd25 + " vs " + cd1);
    }

    @Test
    void persistentChainsSampleTheModelAndFindTheExactGradient() {
        double[] exact = exactWeightGradient();
        double pcd = cosine(exact, meanEstimate(new ContrastiveDivergence(V, H, ROWS, 1, true), 3000, 200));
        assertTrue(pcd > 0.97, "PCD-1 cosine with the exact gradient: " + pcd);
        double manyChains = cosine(exact, meanEstimate(
                new ContrastiveDivergence(V, H, UnitType.BERNOULLI, UnitType.BERNOULLI, ROWS, 1, true, 50), 1500, 200));
        assertTrue(manyChains > 0.97, "PCD-1 with 50 chains for 12 rows: " + manyChains);
    }

    @Test
    void weightDecayAddsItsMultipleOfTheWeightsAndLeavesTheBiases() {
        float[][] plain = gradientWithDecay(0f);
        float[][] decayed = gradientWithDecay(0.25f);
        for (int i = 0; i < w.length; i++) {
            assertEquals(plain[0][i] + 0.25f * w[i], decayed[0][i], 1e-6);
        }
        assertArrayEquals(plain[1], decayed[1]);
        assertArrayEquals(plain[2], decayed[2]);
    }

    /**
     * With the visible biases at −60 the reconstruction is all but zero, so CD-1's weight gradient
     * is −⟨h vᵀ⟩ over the data alone: the positive phase's hidden probabilities, σ(up·W v + c).
     */
    @Test
    void scalesCountTheWeightsUpTimesForTheHiddenProbabilities() {
        float[] silent = new float[V];
        java.util.Arrays.fill(silent, -60f);
        for (float up : new float[] {1f, 2f}) {
            float[] gW = new float[H * V];
            new ContrastiveDivergence(V, H, ROWS, 1, false).scales(up, 1f)
                    .gradient(data, ROWS, w, silent, c, new Rng(3), 0f, gW, new float[V], new float[H]);
            for (int j = 0; j < H; j++) {
                for (int i = 0; i < V; i++) {
                    double expected = 0;
                    for (int r = 0; r < ROWS; r++) {
                        double z = c[j];
                        for (int k = 0; k < V; k++) {
                            z += up * w[j * V + k] * data[r * V + k];
                        }
                        expected -= sigmoid(z) * data[r * V + i] / ROWS;
                    }
                    assertEquals(expected, gW[j * V + i], 1e-5, "up " + up + ", weight " + j + "," + i);
                }
            }
        }
    }

    /**
     * With the hidden biases at +60 every hidden unit is on, so the reconstruction CD-1 reports is
     * σ(down·Wᵀ1 + b) for every row, and its squared error against the data follows by hand.
     */
    @Test
    void scalesCountTheWeightsDownTimesForTheVisibleMeans() {
        float[] saturated = new float[H];
        java.util.Arrays.fill(saturated, 60f);
        for (float down : new float[] {1f, 2f}) {
            double error = new ContrastiveDivergence(V, H, ROWS, 1, false).scales(1f, down)
                    .gradient(data, ROWS, w, b, saturated, new Rng(3), 0f, new float[H * V], new float[V], new float[H]);
            double expected = 0;
            for (int i = 0; i < V; i++) {
                double z = b[i];
                for (int j = 0; j < H; j++) {
                    z += down * w[j * V + i];
                }
                double mean = sigmoid(z);
                for (int r = 0; r < ROWS; r++) {
                    expected += (mean - data[r * V + i]) * (mean - data[r * V + i]);
                }
            }
            assertEquals(expected, error, 1e-4 * expected, "down " + down);
        }
    }

    private float[][] gradientWithDecay(float decay) {
        float[][] g = {new float[H * V], new float[V], new float[H]};
        new ContrastiveDivergence(V, H, ROWS, 1, false).gradient(data, ROWS, w, b, c, new Rng(3), decay, g[0], g[1], g[2]);
        return g;
    }

    /**
     * A Gaussian–Bernoulli RBM, E(v, h) = ‖v − b‖²/2 − cᵀh − hᵀWv: given h, v is N(b + Wᵀh, I), and
     * p(h) ∝ exp(cᵀh + ‖b + Wᵀh‖²/2), so the model's ⟨v hᵀ⟩ is a sum over the 2^5 hidden states.
     */
    @Test
    void gaussianVisibleUnitsFollowTheirExactGradient() {
        float[] wSmall = new float[H * V];
        for (int i = 0; i < wSmall.length; i++) {
            wSmall[i] = 0.3f * w[i];
        }
        float[] real = new float[ROWS * V];
        Rng rng = new Rng(8);
        rng.fillGaussian(real, real.length, 0, 1);
        double[] exact = new double[H * V];
        for (int r = 0; r < ROWS; r++) {
            for (int j = 0; j < H; j++) {
                double z = c[j];
                for (int i = 0; i < V; i++) {
                    z += wSmall[j * V + i] * real[r * V + i];
                }
                for (int i = 0; i < V; i++) {
                    exact[j * V + i] += sigmoid(z) * real[r * V + i] / ROWS;
                }
            }
        }
        double[] logP = new double[1 << H];
        double[][] mean = new double[1 << H][V];
        for (int s = 0; s < 1 << H; s++) {
            double e = 0;
            for (int i = 0; i < V; i++) {
                mean[s][i] = b[i];
                for (int j = 0; j < H; j++) {
                    mean[s][i] += wSmall[j * V + i] * (s >> j & 1);
                }
                e += mean[s][i] * mean[s][i] / 2;
            }
            for (int j = 0; j < H; j++) {
                e += c[j] * (s >> j & 1);
            }
            logP[s] = e;
        }
        double max = java.util.Arrays.stream(logP).max().orElseThrow();
        double norm = java.util.Arrays.stream(logP).map(x -> Math.exp(x - max)).sum();
        for (int s = 0; s < 1 << H; s++) {
            double p = Math.exp(logP[s] - max) / norm;
            for (int j = 0; j < H; j++) {
                for (int i = 0; i < V; i++) {
                    exact[j * V + i] -= p * (s >> j & 1) * mean[s][i];
                }
            }
        }
        ContrastiveDivergence cd = new ContrastiveDivergence(V, H, UnitType.GAUSSIAN, UnitType.BERNOULLI, ROWS, 1, true, 100);
        double[] estimate = meanEstimate(cd, real, wSmall, 2000, 100);
        double cos = cosine(exact, estimate);
        assertTrue(cos > 0.97, "Gaussian-visible PCD cosine with the exact gradient: " + cos);
    }

    /**
     * A Bernoulli–Gaussian RBM, E(v, h) = ‖h − c‖²/2 − bᵀv − hᵀWv: given v, h is N(c + Wv, I), and
     * p(v) ∝ exp(bᵀv + ‖c + Wv‖²/2), so the model's ⟨v hᵀ⟩ is a sum over the 2^8 visible states.
     */
    @Test
    void gaussianHiddenUnitsFollowTheirExactGradient() {
        float[] wSmall = new float[H * V];
        for (int i = 0; i < wSmall.length; i++) {
            wSmall[i] = 0.3f * w[i];
        }
        double[] exact = new double[H * V];
        for (int r = 0; r < ROWS; r++) {
            for (int j = 0; j < H; j++) {
                double z = c[j];
                for (int i = 0; i < V; i++) {
                    z += wSmall[j * V + i] * data[r * V + i];
                }
                for (int i = 0; i < V; i++) {
                    exact[j * V + i] += z * data[r * V + i] / ROWS;
                }
            }
        }
        double[] logP = new double[1 << V];
        double[][] hMean = new double[1 << V][H];
        for (int s = 0; s < 1 << V; s++) {
            double e = 0;
            for (int i = 0; i < V; i++) {
                e += b[i] * (s >> i & 1);
            }
            for (int j = 0; j < H; j++) {
                hMean[s][j] = c[j];
                for (int i = 0; i < V; i++) {
                    hMean[s][j] += wSmall[j * V + i] * (s >> i & 1);
                }
                e += hMean[s][j] * hMean[s][j] / 2;
            }
            logP[s] = e;
        }
        double max = java.util.Arrays.stream(logP).max().orElseThrow();
        double norm = java.util.Arrays.stream(logP).map(x -> Math.exp(x - max)).sum();
        for (int s = 0; s < 1 << V; s++) {
            double p = Math.exp(logP[s] - max) / norm;
            for (int j = 0; j < H; j++) {
                for (int i = 0; i < V; i++) {
                    exact[j * V + i] -= p * hMean[s][j] * (s >> i & 1);
                }
            }
        }
        ContrastiveDivergence cd = new ContrastiveDivergence(V, H, UnitType.BERNOULLI, UnitType.GAUSSIAN, ROWS, 1, true, 100);
        double cos = cosine(exact, meanEstimate(cd, data, wSmall, 2000, 100));
        assertTrue(cos > 0.97, "Gaussian-hidden PCD cosine with the exact gradient: " + cos);
    }

    /** The mean of {@code repeats} estimates of the log-likelihood's gradient (the negated output). */
    private double[] meanEstimate(ContrastiveDivergence cd, float[] batch, float[] weights, int repeats, int burnIn) {
        float[] gW = new float[H * V];
        float[] gb = new float[V];
        float[] gc = new float[H];
        double[] estimate = new double[H * V];
        Rng rng = new Rng(13);
        for (int t = 0; t < burnIn + repeats; t++) {
            cd.gradient(batch, ROWS, weights, b, c, rng, 0f, gW, gb, gc);
            if (t >= burnIn) {
                for (int i = 0; i < estimate.length; i++) {
                    estimate[i] -= gW[i] / repeats;
                }
            }
        }
        return estimate;
    }

    @Test
    void gibbsSamplingFromAnRbmDrawsItsMarginal() {
        // A 3-visible RBM: the frequency of each visible state after many sweeps matches p(v).
        int v = 3, h = 2, chains = 4000;
        float[] wt = {1.5f, -1f, 0.5f, -0.7f, 1.2f, 0.9f};
        float[] bv = {-0.3f, 0.4f, 0.1f};
        float[] ch = {0.2f, -0.5f};
        Rbm rbm = new Rbm(v, h, wt, bv, ch);
        double logZ = rbm.exactLogZ();
        ContrastiveDivergence cd = new ContrastiveDivergence(v, h, chains, 1, false);
        float[] states = new float[chains * v];
        Rng rng = new Rng(17);
        cd.gibbs(states, chains, 30, wt, bv, ch, rng);
        // The last sweep leaves means; draw the states from them.
        double[] counts = new double[1 << v];
        for (int r = 0; r < chains; r++) {
            int s = 0;
            for (int i = 0; i < v; i++) {
                s |= (rng.nextFloat() < states[r * v + i] ? 1 : 0) << i;
            }
            counts[s] += 1.0 / chains;
        }
        for (int s = 0; s < 1 << v; s++) {
            float[] state = new float[v];
            for (int i = 0; i < v; i++) {
                state[i] = s >> i & 1;
            }
            double p = Math.exp(-rbm.freeEnergy(state) - logZ);
            assertEquals(p, counts[s], 0.03, "state " + s);
        }
    }
}
