package org.aestack.runtime.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.aestack.runtime.data.DataSet;
import org.aestack.runtime.kernel.Rng;
import org.aestack.runtime.metric.Dbm;
import org.junit.jupiter.api.Test;

/**
 * DBM training against the exact expectations of a tiny model: the mean-field data statistics and
 * the model statistics summed over all of its 2^13 states.
 */
class DeepBoltzmannTest {
    private static final int[] SIZES = {6, 4, 3};
    private static final int ROWS = 12;

    private final float[][] w = new float[2][];
    private final float[][] b = new float[3][];
    private final float[] data = new float[ROWS * SIZES[0]];

    DeepBoltzmannTest() {
        Rng rng = new Rng(4);
        for (int l = 0; l < 2; l++) {
            w[l] = new float[SIZES[l + 1] * SIZES[l]];
            rng.fillGaussian(w[l], w[l].length, 0, 0.8f);
        }
        for (int l = 0; l < 3; l++) {
            b[l] = new float[SIZES[l]];
            rng.fillGaussian(b[l], b[l].length, 0, 0.3f);
        }
        for (int i = 0; i < data.length; i++) {
            data[i] = rng.nextFloat() < (i % SIZES[0] < 3 ? 0.8f : 0.2f) ? 1f : 0f;
        }
    }

    @Test
    void kernelMeanFieldMatchesTheReference() {
        DeepBoltzmann dbm = new DeepBoltzmann(SIZES, ROWS, 10, 1, 100, 1e-7);
        float[][] mu = {null, new float[ROWS * SIZES[1]], new float[ROWS * SIZES[2]]};
        int sweeps = dbm.meanField(data, ROWS, w, b, mu);
        double[][] reference = new Dbm(SIZES, w, b).meanField(DataSet.of(data, ROWS, SIZES[0]), 100, 1e-7);
        assertTrue(sweeps > 1 && sweeps < 100, "converged in " + sweeps + " sweeps");
        for (int l = 1; l < 3; l++) {
            for (int i = 0; i < mu[l].length; i++) {
                assertEquals(reference[l][i], mu[l][i], 1e-4, "layer " + l + " element " + i);
            }
        }
    }

    /** ⟨hₗ₊₁hₗᵀ⟩ under the model, exactly. */
    private double[][] exactModelStatistics() {
        double[][] stats = {new double[SIZES[1] * SIZES[0]], new double[SIZES[2] * SIZES[1]]};
        double[] logP = new double[1 << 13];
        int[][] states = new int[1 << 13][];
        for (int s = 0; s < 1 << 13; s++) {
            int[] st = {s & 63, s >> 6 & 15, s >> 10 & 7};
            states[s] = st;
            double e = 0;
            for (int l = 0; l < 3; l++) {
                for (int i = 0; i < SIZES[l]; i++) {
                    e += b[l][i] * (st[l] >> i & 1);
                }
            }
            for (int l = 0; l < 2; l++) {
                for (int k = 0; k < SIZES[l + 1]; k++) {
                    for (int i = 0; i < SIZES[l]; i++) {
                        e += w[l][k * SIZES[l] + i] * (st[l + 1] >> k & 1) * (st[l] >> i & 1);
                    }
                }
            }
            logP[s] = e;
        }
        double max = java.util.Arrays.stream(logP).max().orElseThrow();
        double z = java.util.Arrays.stream(logP).map(x -> Math.exp(x - max)).sum();
        for (int s = 0; s < 1 << 13; s++) {
            double p = Math.exp(logP[s] - max) / z;
            for (int l = 0; l < 2; l++) {
                for (int k = 0; k < SIZES[l + 1]; k++) {
                    for (int i = 0; i < SIZES[l]; i++) {
                        stats[l][k * SIZES[l] + i] += p * (states[s][l + 1] >> k & 1) * (states[s][l] >> i & 1);
                    }
                }
            }
        }
        return stats;
    }

    @Test
    void theGradientEstimateFollowsExactModelStatisticsMinusMeanFieldDataStatistics() {
        double[][] model = exactModelStatistics();
        double[][] mu = new Dbm(SIZES, w, b).meanField(DataSet.of(data, ROWS, SIZES[0]), 200, 1e-9);
        double[][] expected = new double[2][];
        for (int l = 0; l < 2; l++) {
            expected[l] = model[l].clone();
            for (int r = 0; r < ROWS; r++) {
                for (int k = 0; k < SIZES[l + 1]; k++) {
                    for (int i = 0; i < SIZES[l]; i++) {
                        expected[l][k * SIZES[l] + i] -= mu[l + 1][r * SIZES[l + 1] + k] * mu[l][r * SIZES[l] + i] / ROWS;
                    }
                }
            }
        }
        DeepBoltzmann dbm = new DeepBoltzmann(SIZES, ROWS, 200, 1, 200, 1e-9);
        float[][] gw = {new float[w[0].length], new float[w[1].length]};
        float[][] gb = {new float[6], new float[4], new float[3]};
        double[][] mean = {new double[w[0].length], new double[w[1].length]};
        Rng rng = new Rng(9);
        int burnIn = 50, repeats = 1500;
        for (int t = 0; t < burnIn + repeats; t++) {
            dbm.gradient(data, ROWS, w, b, rng, 0f, gw, gb);
            if (t >= burnIn) {
                for (int l = 0; l < 2; l++) {
                    for (int i = 0; i < mean[l].length; i++) {
                        mean[l][i] += gw[l][i] / repeats;
                    }
                }
            }
        }
        for (int l = 0; l < 2; l++) {
            double cos = ContrastiveDivergenceTest.cosine(expected[l], mean[l]);
            assertTrue(cos > 0.97, "W" + l + ": cosine with the exact gradient " + cos);
        }
    }

    @Test
    void maxNormShrinksOnlyTheRowsThatExceedIt() {
        float[] weights = {3, 4, 0.3f, 0.4f};
        DeepBoltzmann.maxNorm(weights, 2, 2, 1f);
        assertEquals(0.6f, weights[0], 1e-6);
        assertEquals(0.8f, weights[1], 1e-6);
        assertEquals(0.3f, weights[2], 0f);
        assertEquals(0.4f, weights[3], 0f);
    }

    @Test
    void sparsityPushesTheBiasesAndWeightsOfUnitsTowardTheTarget() {
        float[][] gb = {new float[6], new float[4], new float[3]};
        float[][] gw = {new float[w[0].length], new float[w[1].length]};
        float[][] gbSparse = {new float[6], new float[4], new float[3]};
        float[][] gwSparse = {new float[w[0].length], new float[w[1].length]};
        new DeepBoltzmann(SIZES, ROWS, 20, 1, 30, 1e-6).gradient(data, ROWS, w, b, new Rng(1), 0f, gw, gb);
        // A target of 0.5 with damping 0: units above it are pushed down, those below it up.
        new DeepBoltzmann(SIZES, ROWS, 20, 1, 30, 1e-6).sparsity(0.5, 0.5, 0).gradient(data, ROWS, w, b, new Rng(1), 0f,
                gwSparse, gbSparse);
        float[][] mu = {data, new float[ROWS * 4], new float[ROWS * 3]};
        new DeepBoltzmann(SIZES, ROWS, 20, 1, 30, 1e-6).meanField(data, ROWS, w, b, mu);
        int above = 0, below = 0;
        for (int l = 1; l < 3; l++) {
            for (int j = 0; j < SIZES[l]; j++) {
                double activity = mean(mu[l], SIZES[l], j);
                // The descent direction gains cost·(activity − target): the bias moves toward the target.
                double push = 0.5 * (activity - 0.5);
                assertEquals(push, gbSparse[l][j] - gb[l][j], 1e-5, "layer " + l + " unit " + j);
                if (push > 0) {
                    above++;
                } else {
                    below++;
                }
                for (int i = 0; i < SIZES[l - 1]; i++) {
                    int k = j * SIZES[l - 1] + i;
                    assertEquals(push * mean(mu[l - 1], SIZES[l - 1], i), gwSparse[l - 1][k] - gw[l - 1][k], 1e-5,
                            "weight " + (l - 1) + ": " + j + "," + i);
                }
            }
        }
        assertTrue(above > 0 && below > 0, "units on both sides of the target: " + above + " above, " + below + " below");
    }

    @Test
    void sparsityRunningMeansAreDamped() {
        float[][] gb = {new float[6], new float[4], new float[3]};
        float[][] gbSparse = {new float[6], new float[4], new float[3]};
        float[][] gw = {new float[w[0].length], new float[w[1].length]};
        new DeepBoltzmann(SIZES, ROWS, 20, 1, 30, 1e-6).gradient(data, ROWS, w, b, new Rng(1), 0f, gw, gb);
        new DeepBoltzmann(SIZES, ROWS, 20, 1, 30, 1e-6).sparsity(0.1, 2, 0.75).gradient(data, ROWS, w, b, new Rng(1), 0f,
                gw, gbSparse);
        float[][] mu = {null, new float[ROWS * 4], new float[ROWS * 3]};
        new DeepBoltzmann(SIZES, ROWS, 20, 1, 30, 1e-6).meanField(data, ROWS, w, b, mu);
        for (int l = 1; l < 3; l++) {
            for (int j = 0; j < SIZES[l]; j++) {
                // q̂ starts at the target: after one batch it is 0.75·0.1 + 0.25·activity.
                double running = 0.75 * 0.1 + 0.25 * mean(mu[l], SIZES[l], j);
                assertEquals(2 * (running - 0.1), gbSparse[l][j] - gb[l][j], 1e-5, "layer " + l + " unit " + j);
            }
        }
    }

    /** The mean of column j of a {@code ROWS × cols} matrix. */
    private static double mean(float[] a, int cols, int j) {
        double s = 0;
        for (int r = 0; r < ROWS; r++) {
            s += a[r * cols + j];
        }
        return s / ROWS;
    }

    @Test
    void restoredChainsCarryOnWhereTheSavedOnesWere() {
        DeepBoltzmann trained = new DeepBoltzmann(SIZES, ROWS, 10, 2, 30, 1e-6);
        float[][] gw = {new float[w[0].length], new float[w[1].length]};
        float[][] gb = {new float[6], new float[4], new float[3]};
        Rng rng = new Rng(5);
        for (int t = 0; t < 3; t++) {
            trained.gradient(data, ROWS, w, b, rng, 0f, gw, gb);
        }
        DeepBoltzmann restored = new DeepBoltzmann(SIZES, ROWS, 10, 2, 30, 1e-6);
        for (int l = 0; l < 3; l++) {
            System.arraycopy(trained.chainStates()[l], 0, restored.chainStates()[l], 0, trained.chainStates()[l].length);
        }
        restored.chainsRestored();
        float[][] expected = {new float[w[0].length], new float[w[1].length]};
        float[][] actual = {new float[w[0].length], new float[w[1].length]};
        float[][] fresh = {new float[w[0].length], new float[w[1].length]};
        trained.gradient(data, ROWS, w, b, new Rng(8), 0f, expected, gb);
        restored.gradient(data, ROWS, w, b, new Rng(8), 0f, actual, gb);
        new DeepBoltzmann(SIZES, ROWS, 10, 2, 30, 1e-6).gradient(data, ROWS, w, b, new Rng(8), 0f, fresh, gb);
        for (int l = 0; l < 2; l++) {
            assertArrayEquals(expected[l], actual[l], "weights " + l);
        }
        for (int l = 0; l < 3; l++) {
            assertArrayEquals(trained.chainStates()[l], restored.chainStates()[l], "chains of layer " + l);
        }
        assertFalse(java.util.Arrays.equals(expected[0], fresh[0]), "chains started afresh from the data differ");
    }

    @Test
    void gibbsSamplesStayBinaryInTheHiddenLayersAndLeaveVisibleProbabilities() {
        DeepBoltzmann dbm = new DeepBoltzmann(SIZES, ROWS, 8, 1, 10, 1e-6);
        float[][] states = {data.clone(), new float[ROWS * 4], new float[ROWS * 3]};
        dbm.sample(states, ROWS, 20, w, b, new Rng(3));
        for (float x : states[1]) {
            assertTrue(x == 0f || x == 1f);
        }
        for (float x : states[0]) {
            assertTrue(x > 0f && x < 1f, "a visible probability: " + x);
        }
    }
}
