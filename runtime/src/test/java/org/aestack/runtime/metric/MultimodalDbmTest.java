package org.aestack.runtime.metric;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.aestack.dsl.UnitType;
import org.aestack.runtime.engine.DeepBoltzmann;
import org.aestack.runtime.engine.MultimodalBoltzmann;
import org.aestack.runtime.engine.MultimodalShape;
import org.aestack.runtime.engine.MultimodalShape.Pathway;
import org.aestack.runtime.kernel.Rng;
import org.junit.jupiter.api.Test;

/**
 * The multimodal DBM's exact sums against brute force over every binary state (and quadrature over
 * a Gaussian visible unit), and mean-field and Gibbs sampling against the exact sums.
 */
class MultimodalDbmTest {
    /** Image-like pathway: one Gaussian unit, two hidden layers of 2; sound-like: 2 Bernoulli units, 2, 2; joint 2. */
    static final MultimodalShape TINY = new MultimodalShape(List.of(
            new Pathway("image", UnitType.GAUSSIAN, new int[] {1, 2, 2}),
            new Pathway("sound", UnitType.BERNOULLI, new int[] {2, 2, 2})), 2);

    /** Random parameters: weights N(0, scale²), biases N(0, (scale/2)²). */
    static float[][][] random(MultimodalShape shape, float scale, long seed) {
        Rng rng = new Rng(seed);
        float[][] w = new float[shape.edges()][];
        float[][] b = new float[shape.nodes()][];
        for (int e = 0; e < w.length; e++) {
            w[e] = new float[shape.weights(e)];
            rng.fillGaussian(w[e], w[e].length, 0, scale);
        }
        for (int n = 0; n < b.length; n++) {
            b[n] = new float[shape.size(n)];
            rng.fillGaussian(b[n], b[n].length, 0, scale / 2);
        }
        return new float[][][] {w, b};
    }

    /**
     * log of the sum over every binary state (every unit but the Gaussian image unit) of exp(−E),
     * the image unit integrated by the trapezoid rule over [−20, 20] or clamped to {@code image},
     * the sound units summed or clamped to {@code sound} (each null to sum out).
     */
    static double bruteForce(float[][] w, float[][] b, float[] image, float[] sound) {
        MultimodalShape s = TINY;
        int[] binaryNodes = {1, 2, 3, 4, 5, 6};
        int bits = 0;
        for (int n : binaryNodes) {
            bits += s.size(n);
        }
        double[] grid;
        double step;
        if (image != null) {
            grid = new double[] {image[0]};
            step = 1;
        } else {
            int points = 2001;
            grid = new double[points];
            step = 40.0 / (points - 1);
            for (int i = 0; i < points; i++) {
                grid[i] = -20 + i * step;
            }
        }
        double max = Double.NEGATIVE_INFINITY;
        double[] terms = new double[(1 << bits) * grid.length];
        int t = 0;
        for (int state = 0; state < 1 << bits; state++) {
            double[][] x = new double[s.nodes()][];
            int shift = 0;
            boolean skip = false;
            for (int n : binaryNodes) {
                x[n] = new double[s.size(n)];
                for (int i = 0; i < s.size(n); i++) {
                    x[n][i] = state >> shift++ & 1;
                }
                if (n == 3 && sound != null) {
                    for (int i = 0; i < s.size(n); i++) {
                        skip |= x[n][i] != sound[i];
                    }
                }
            }
            for (int g = 0; g < grid.length; g++) {
                x[0] = new double[] {grid[g]};
                double value = skip ? Double.NEGATIVE_INFINITY : negativeEnergy(w, b, x);
                if (image == null && (g == 0 || g == grid.length - 1)) {
                    value += Math.log(0.5);
                }
                terms[t++] = value;
                max = Math.max(max, value);
            }
        }
        double sum = 0;
        for (double value : terms) {
            sum += Math.exp(value - max) * step;
        }
        return max + Math.log(sum);
    }

    private static double negativeEnergy(float[][] w, float[][] b, double[][] x) {
        MultimodalShape s = TINY;
        double value = 0;
        for (int n = 0; n < s.nodes(); n++) {
            for (int i = 0; i < s.size(n); i++) {
                if (s.units(n) == UnitType.GAUSSIAN) {
                    value -= (x[n][i] - b[n][i]) * (x[n][i] - b[n][i]) / 2;
                } else {
                    value += b[n][i] * x[n][i];
                }
            }
        }
        for (int e = 0; e < s.edges(); e++) {
            int low = s.lower(e);
            int up = s.upper(e);
            for (int k = 0; k < s.size(up); k++) {
                for (int i = 0; i < s.size(low); i++) {
                    value += w[e][k * s.size(low) + i] * x[up][k] * x[low][i];
                }
            }
        }
        return value;
    }

    @Test
    void theShapeNumbersItsLayersAndSplitsThemByParity() {
        assertEquals(6, TINY.jointNode());
        assertEquals(6, TINY.edges());
        assertEquals(3, TINY.visibleNode(1));
        assertEquals(4, TINY.jointEdge(0));
        assertEquals(2, TINY.lower(4));
        assertEquals(5, TINY.lower(5));
        assertEquals(6, TINY.upper(5));
        // visible layers are three steps from the joint layer; the first hidden layers two; the joint layer none
        assertEquals(0, TINY.hiddenClass());
        assertEquals(6, TINY.classUnits(0));
        MultimodalShape mixed = new MultimodalShape(List.of(new Pathway("a", UnitType.BERNOULLI, new int[] {2, 2}),
                new Pathway("b", UnitType.BERNOULLI, new int[] {2, 2, 2})), 2);
        assertEquals(-1, mixed.hiddenClass());
        assertThrows(IllegalArgumentException.class, () -> new MultimodalShape(List.of(), 2));
        assertThrows(IllegalArgumentException.class, () -> new Pathway("a", UnitType.BERNOULLI, new int[] {2}));
    }

    @Test
    void exactSumsMatchBruteForce() {
        for (long seed = 1; seed <= 3; seed++) {
            float[][][] p = random(TINY, 1f, seed);
            MultimodalDbm dbm = new MultimodalDbm(TINY, p[0], p[1]);
            double logZ = dbm.exactLogZ();
            assertEquals(bruteForce(p[0], p[1], null, null), logZ, 1e-7, "log Z, seed " + seed);
            float[] image = {0.7f};
            float[] sound = {1f, 0f};
            assertEquals(bruteForce(p[0], p[1], image, sound) - logZ,
                    dbm.exactLogProbability(new float[][] {image, sound}, logZ), 1e-7);
            assertEquals(bruteForce(p[0], p[1], null, sound) - logZ,
                    dbm.exactLogProbability(new float[][] {null, sound}, logZ), 1e-7);
            assertEquals(bruteForce(p[0], p[1], image, null) - logZ,
                    dbm.exactLogProbability(new float[][] {image, null}, logZ), 1e-7);
        }
    }

    @Test
    void conditionalsAreDistributions() {
        float[][][] p = random(TINY, 1.5f, 4);
        MultimodalDbm dbm = new MultimodalDbm(TINY, p[0], p[1]);
        float[] image = {-0.4f};
        double total = 0;
        double[] meanSound = new double[2];
        for (int v = 0; v < 4; v++) {
            float[] sound = {v & 1, v >> 1 & 1};
            double prob = Math.exp(dbm.exactLogConditional(new float[][] {image, sound}, 1));
            total += prob;
            meanSound[0] += prob * sound[0];
            meanSound[1] += prob * sound[1];
        }
        assertEquals(1, total, 1e-12);
        double[] mean = dbm.exactConditionalMean(new float[][] {image, null}, 1);
        assertEquals(meanSound[0], mean[0], 1e-12);
        assertEquals(meanSound[1], mean[1], 1e-12);
        // the image's conditional density integrates to one, and its mean is the exact conditional mean
        float[] sound = {0f, 1f};
        double mass = 0;
        double first = 0;
        double step = 0.01;
        for (double x = -30; x <= 30; x += step) {
            double density = Math.exp(dbm.exactLogConditional(new float[][] {{(float) x}, sound}, 0));
            mass += density * step;
            first += x * density * step;
        }
        assertEquals(1, mass, 1e-4);
        assertEquals(first, dbm.exactConditionalMean(new float[][] {null, sound}, 0)[0], 1e-3);
    }

    @Test
    void withOnePathwayCutOffItIsADbmBesideAnRbm() {
        MultimodalShape shape = new MultimodalShape(List.of(new Pathway("a", UnitType.BERNOULLI, new int[] {3, 4}),
                new Pathway("b", UnitType.BERNOULLI, new int[] {2, 3})), 2);
        float[][][] p = random(shape, 1f, 7);
        float[][] w = p[0];
        float[][] b = p[1];
        java.util.Arrays.fill(w[shape.jointEdge(1)], 0f);
        // a: 3 - 4 - joint 2 is a chain DBM; b: 2 - 3 is an RBM on its own
        Dbm chain = new Dbm(new int[] {3, 4, 2}, new float[][] {w[0], w[2]}, new float[][] {b[0], b[1], b[4]});
        Rbm rbm = new Rbm(2, 3, w[1], b[2], b[3]);
        MultimodalDbm dbm = new MultimodalDbm(shape, w, b);
        assertEquals(chain.exactLogZ() + rbm.exactLogZ(), dbm.exactLogZ(), 1e-9);

        // and mean-field of the a pathway with b missing is the chain DBM's mean-field
        float[] v = {1f, 0f, 1f};
        float[][] mu = dbm.meanField(new float[][] {v, null}, 30, 0);
        float[][] expected = {null, new float[4], new float[2]};
        new DeepBoltzmann(new int[] {3, 4, 2}, 1, 1, 1, 30, 0).meanField(v, 1, new float[][] {w[0], w[2]},
                new float[][] {b[0], b[1], b[4]}, expected);
        for (int j = 0; j < 4; j++) {
            assertEquals(expected[1][j], mu[1][j], 1e-6);
        }
        for (int j = 0; j < 2; j++) {
            assertEquals(expected[2][j], mu[4][j], 1e-6);
        }
    }

    @Test
    void theMeanFieldBoundRisesSweepBySweepAndStaysBelowTheExactLikelihood() {
        float[][][] p = random(TINY, 1.5f, 11);
        MultimodalDbm dbm = new MultimodalDbm(TINY, p[0], p[1]);
        double logZ = dbm.exactLogZ();
        float[][][] rows = {{{0.3f}, {1f, 1f}}, {null, {0f, 1f}}, {{-1.2f}, null}};
        for (float[][] row : rows) {
            double exact = dbm.exactLogProbability(row, logZ);
            double last = Double.NEGATIVE_INFINITY;
            for (int sweeps = 1; sweeps <= 12; sweeps++) {
                double bound = dbm.meanFieldBound(row, logZ, sweeps, 0);
                assertTrue(bound <= exact + 1e-6, "bound " + bound + " above log p " + exact);
                assertTrue(bound >= last - 1e-5, "sweep " + sweeps + " lowered the bound: " + last + " -> " + bound);
                last = bound;
            }
            // a fixed point: its gap is the KL divergence of q from the posterior, small on a tiny machine
            assertTrue(exact - last < 1.0, "gap " + (exact - last));
        }
    }

    @Test
    void gibbsWithTheSoundClampedDrawsTheImageFromItsExactConditional() {
        float[][][] p = random(TINY, 1.2f, 5);
        MultimodalDbm dbm = new MultimodalDbm(TINY, p[0], p[1]);
        float[] sound = {1f, 0f};
        double exact = dbm.exactConditionalMean(new float[][] {null, sound}, 0)[0];
        int chains = 4000;
        MultimodalBoltzmann engine = new MultimodalBoltzmann(TINY, 1, chains, 1, 1, 0);
        float[][] states = new float[TINY.nodes()][];
        for (int n = 0; n < TINY.nodes(); n++) {
            states[n] = new float[chains * TINY.size(n)];
        }
        for (int c = 0; c < chains; c++) {
            System.arraycopy(sound, 0, states[3], c * 2, 2);
        }
        boolean[] clamped = new boolean[TINY.nodes()];
        clamped[3] = true;
        engine.sample(states, chains, 60, clamped, p[0], p[1], new Rng(9));
        double sum = 0;
        double squares = 0;
        for (int c = 0; c < chains; c++) {
            sum += states[0][c];
            squares += states[0][c] * states[0][c];
        }
        double mean = sum / chains;
        double se = Math.sqrt((squares / chains - mean * mean) / chains);
        assertEquals(exact, mean, 4 * se + 1e-3, "Gibbs mean " + mean + " ± " + se + " against exact " + exact);
        for (int c = 0; c < chains; c++) {
            assertEquals(sound[0], states[3][2 * c]);
            assertEquals(sound[1], states[3][2 * c + 1]);
        }
    }

    @Test
    void freeChainsReachTheModelsOwnMeans() {
        float[][][] p = random(TINY, 1f, 6);
        MultimodalDbm dbm = new MultimodalDbm(TINY, p[0], p[1]);
        double[] exact = dbm.exactConditionalMean(new float[][] {null, null}, 1);
        int chains = 4000;
        MultimodalBoltzmann engine = new MultimodalBoltzmann(TINY, 1, chains, 1, 1, 0);
        float[][] states = new float[TINY.nodes()][];
        for (int n = 0; n < TINY.nodes(); n++) {
            states[n] = new float[chains * TINY.size(n)];
        }
        engine.sample(states, chains, 80, new boolean[TINY.nodes()], p[0], p[1], new Rng(3));
        for (int i = 0; i < 2; i++) {
            double sum = 0;
            for (int c = 0; c < chains; c++) {
                sum += states[3][2 * c + i];
            }
            double mean = sum / chains;
            double se = Math.sqrt(exact[i] * (1 - exact[i]) / chains);
            assertEquals(exact[i], mean, 4 * se, "sound unit " + i);
        }
    }

    @Test
    void annealedImportanceSamplingFindsTheExactLogZ() {
        for (long seed = 1; seed <= 3; seed++) {
            float[][][] p = random(TINY, 1f, seed);
            MultimodalDbm dbm = new MultimodalDbm(TINY, p[0], p[1]);
            double exact = dbm.exactLogZ();
            double[][] base = {{0.3}, {-0.2, 0.4}};
            LogZEstimate ais = dbm.ais(200, 2_000, base, new Rng(seed));
            System.out.printf("multimodal AIS, seed %d: %.4f against exact %.4f (spread %.4f)%n", seed, ais.logZ(), exact, ais.spread());
            // forward AIS is unbiased for Z: its log errs low on average, and a few hundredths here
            assertEquals(exact, ais.logZ(), 0.05, "seed " + seed + ": " + ais);
            assertTrue(ais.effectiveSampleSize() > 100, ais.toString());
        }
        // with a single temperature the estimate is the base model's: far off for a coupled machine
        float[][][] p = random(TINY, 2f, 9);
        MultimodalDbm coupled = new MultimodalDbm(TINY, p[0], p[1]);
        double[][] base = {{0}, {0, 0}};
        double oneStep = coupled.ais(200, 1, base, new Rng(1)).logZ();
        double annealed = coupled.ais(200, 2_000, base, new Rng(1)).logZ();
        double exact = coupled.exactLogZ();
        assertTrue(Math.abs(annealed - exact) < 0.1, annealed + " vs " + exact);
        assertTrue(Math.abs(oneStep - exact) > 5 * Math.abs(annealed - exact), oneStep + " vs " + exact);
    }

    /** Word counts (3 words, documents of 2) beside a Gaussian unit, each through two hidden layers of 2; joint 2. */
    static final MultimodalShape WORDS = new MultimodalShape(List.of(
            new Pathway("words", UnitType.REPLICATED_SOFTMAX, new int[] {3, 2, 2}, 2),
            new Pathway("image", UnitType.GAUSSIAN, new int[] {1, 2, 2})), 2);

    /**
     * log Σ exp(−E) over every binary state, every ordered word sequence of length 2 (or the one
     * whose counts are {@code words}) and the image unit (trapezoid over [−20, 20], or {@code image}).
     */
    static double bruteForceWords(float[][] w, float[][] b, float[] words, float[] image) {
        MultimodalShape s = WORDS;
        int[] binary = {1, 2, 4, 5, 6};
        int points = image == null ? 2001 : 1;
        double step = image == null ? 40.0 / (points - 1) : 1;
        java.util.List<Double> terms = new java.util.ArrayList<>();
        for (int sequence = 0; sequence < 9; sequence++) {
            double[] counts = new double[3];
            counts[sequence % 3]++;
            counts[sequence / 3]++;
            if (words != null && (counts[0] != words[0] || counts[1] != words[1] || counts[2] != words[2])) {
                continue;
            }
            for (int state = 0; state < 1 << 10; state++) {
                double[][] x = new double[s.nodes()][];
                x[0] = counts;
                int shift = 0;
                for (int n : binary) {
                    x[n] = new double[2];
                    for (int i = 0; i < 2; i++) {
                        x[n][i] = state >> shift++ & 1;
                    }
                }
                for (int g = 0; g < points; g++) {
                    x[3] = new double[] {image != null ? image[0] : -20 + g * step};
                    double value = 0;
                    for (int n = 0; n < s.nodes(); n++) {
                        for (int i = 0; i < s.size(n); i++) {
                            value += s.units(n) == UnitType.GAUSSIAN ? -(x[n][i] - b[n][i]) * (x[n][i] - b[n][i]) / 2
                                    : s.biasScale(n) * b[n][i] * x[n][i];
                        }
                    }
                    for (int e = 0; e < s.edges(); e++) {
                        int low = s.lower(e);
                        int up = s.upper(e);
                        for (int k = 0; k < s.size(up); k++) {
                            for (int i = 0; i < s.size(low); i++) {
                                value += w[e][k * s.size(low) + i] * x[up][k] * x[low][i];
                            }
                        }
                    }
                    boolean end = image == null && (g == 0 || g == points - 1);
                    terms.add(value + Math.log(step) + (end ? Math.log(0.5) : 0));
                }
            }
        }
        return Rbm.logSumExp(terms.stream().mapToDouble(Double::doubleValue).toArray());
    }

    @Test
    void wordCountsAreSummedOverEveryWordSequence() {
        assertEquals(2f, WORDS.biasScale(1));
        assertEquals(1f, WORDS.biasScale(2));
        float[][][] p = random(WORDS, 1f, 21);
        MultimodalDbm dbm = new MultimodalDbm(WORDS, p[0], p[1]);
        double logZ = dbm.exactLogZ();
        assertEquals(bruteForceWords(p[0], p[1], null, null), logZ, 1e-6);
        // log p of a word sequence: the count vector (1, 0, 1) stands for two sequences, so its own
        // probability is twice that
        float[] words = {1, 0, 1};
        float[] image = {0.4f};
        assertEquals(bruteForceWords(p[0], p[1], words, image) - Math.log(2) - logZ,
                dbm.exactLogProbability(new float[][] {words, image}, logZ), 1e-6);
        assertEquals(bruteForceWords(p[0], p[1], words, null) - Math.log(2) - logZ,
                dbm.exactLogProbability(new float[][] {words, null}, logZ), 1e-6);
        // p(word sequence | image) over every ordered sequence sums to one; the conditional mean of the counts is exact
        double total = 0;
        double[] mean = new double[3];
        for (int sequence = 0; sequence < 9; sequence++) {
            float[] counts = new float[3];
            counts[sequence % 3]++;
            counts[sequence / 3]++;
            double prob = Math.exp(dbm.exactLogConditional(new float[][] {counts, image}, 0));
            total += prob;
            for (int k = 0; k < 3; k++) {
                mean[k] += prob * counts[k];
            }
        }
        assertEquals(1, total, 1e-9);
        double[] exact = dbm.exactConditionalMean(new float[][] {null, image}, 0);
        for (int k = 0; k < 3; k++) {
            assertEquals(mean[k], exact[k], 1e-9);
        }
        // mean-field's bound with the words missing stays below log p(image), and rises sweep by sweep
        double last = Double.NEGATIVE_INFINITY;
        double logP = dbm.exactLogProbability(new float[][] {null, image}, logZ);
        for (int sweeps = 1; sweeps <= 10; sweeps++) {
            double bound = dbm.meanFieldBound(new float[][] {null, image}, logZ, sweeps, 0);
            assertTrue(bound <= logP + 1e-6, bound + " above " + logP);
            assertTrue(bound >= last - 1e-5, "sweep " + sweeps + ": " + last + " -> " + bound);
            last = bound;
        }
        // Gibbs chains with the image clamped draw word counts of the exact conditional mean
        int chains = 4000;
        MultimodalBoltzmann engine = new MultimodalBoltzmann(WORDS, 1, chains, 1, 1, 0);
        float[][] states = new float[WORDS.nodes()][];
        for (int n = 0; n < WORDS.nodes(); n++) {
            states[n] = new float[chains * WORDS.size(n)];
        }
        for (int c = 0; c < chains; c++) {
            states[3][c] = image[0];
            states[0][c * 3] = 2;
        }
        boolean[] clamped = new boolean[WORDS.nodes()];
        clamped[3] = true;
        engine.sample(states, chains, 60, clamped, p[0], p[1], new Rng(8));
        for (int k = 0; k < 3; k++) {
            double sum = 0;
            for (int c = 0; c < chains; c++) {
                sum += states[0][c * 3 + k];
            }
            assertEquals(exact[k], sum / chains, 4 * 1.0 / Math.sqrt(chains), "word " + k);
        }
        // AIS from the words' uniform frequencies and the image's zero mean
        LogZEstimate ais = dbm.ais(200, 2_000, new double[][] {{0, 0, 0}, {0}}, new Rng(2));
        assertEquals(logZ, ais.logZ(), 0.05, ais.toString());
    }
}
