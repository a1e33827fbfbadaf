package org.aestack.runtime.train;

import static org.junit.jupiter.api.Assertions.assertTrue;

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
            cd.gradient(data, ROWS, w, b, c, rng, gW, gb, gc);
            if (t >= burnIn) {
                for (int i = 0; i < mean.length; i++) {
                    mean[i] += gW[i] / repeats;
                }
            }
        }
        return mean;
    }

    private static double cosine(double[] a, double[] b) {
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
    }
}
