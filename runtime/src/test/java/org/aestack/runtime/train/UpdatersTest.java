package org.aestack.runtime.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.aestack.dsl.Optimizer;
import org.junit.jupiter.api.Test;

/** Each optimizer's updates against the textbook formulas, computed here in double precision. */
class UpdatersTest {
    private static final float[] GRAD_1 = {0.5f, -1.0f, 2.0f, 0.0f, -0.25f};
    private static final float[] GRAD_2 = {-0.1f, 0.3f, 1.5f, 0.7f, -2.0f};

    private static TrainingConfig config(Optimizer optimizer) {
        return TrainingConfig.builder().optimizer(optimizer).learningRate(0.1).momentum(0.8).build();
    }

    @Test
    void sgdStepsAgainstTheGradient() {
        float[] p = {1, 2, 3, 4, 5};
        Updaters.create(config(Optimizer.SGD), 5).update(p, GRAD_1);
        assertArrayEquals(new float[] {0.95f, 2.1f, 2.8f, 4f, 5.025f}, p, 1e-6f);
    }

    @Test
    void momentumAccumulatesVelocity() {
        float[] p = {1, 2, 3, 4, 5};
        double[] expected = {1, 2, 3, 4, 5};
        double[] v = new double[5];
        Updater u = Updaters.create(config(Optimizer.MOMENTUM), 5);
        for (float[] g : new float[][] {GRAD_1, GRAD_2}) {
            u.update(p, g);
            for (int i = 0; i < 5; i++) {
                v[i] = 0.8 * v[i] - 0.1 * g[i];
                expected[i] += v[i];
            }
        }
        for (int i = 0; i < 5; i++) {
            assertEquals(expected[i], p[i], 1e-6);
        }
    }

    @Test
    void adamFollowsKingmaAndBaWithBiasCorrection() {
        float[] p = {1, 2, 3, 4, 5};
        double[] expected = {1, 2, 3, 4, 5};
        double[] m = new double[5];
        double[] v = new double[5];
        Updater u = Updaters.create(config(Optimizer.ADAM), 5);
        int t = 0;
        for (float[] g : new float[][] {GRAD_1, GRAD_2, GRAD_1}) {
            u.update(p, g);
            t++;
            for (int i = 0; i < 5; i++) {
                m[i] = 0.9 * m[i] + 0.1 * g[i];
                v[i] = 0.999 * v[i] + 0.001 * g[i] * g[i];
                double mHat = m[i] / (1 - Math.pow(0.9, t));
                double vHat = v[i] / (1 - Math.pow(0.999, t));
                expected[i] -= 0.1 * mHat / (Math.sqrt(vHat) + 1e-8);
            }
        }
        for (int i = 0; i < 5; i++) {
            assertEquals(expected[i], p[i], 2e-5, "parameter " + i);
        }
    }

    @Test
    void resetForgetsTheState() {
        Updater u = Updaters.create(config(Optimizer.ADAM), 5);
        float[] a = {1, 2, 3, 4, 5};
        u.update(a, GRAD_1);
        u.update(a, GRAD_2);
        u.reset();
        float[] b = {1, 2, 3, 4, 5};
        float[] c = {1, 2, 3, 4, 5};
        u.update(b, GRAD_1);
        Updaters.create(config(Optimizer.ADAM), 5).update(c, GRAD_1);
        assertArrayEquals(c, b, 0f);
    }

    @Test
    void configRejectsValuesOutOfRange() {
        assertThrows(IllegalArgumentException.class, () -> TrainingConfig.builder().learningRate(0).build());
        assertThrows(IllegalArgumentException.class, () -> TrainingConfig.builder().learningRate(Double.NaN).build());
        assertThrows(IllegalArgumentException.class, () -> TrainingConfig.builder().batchSize(0).build());
        assertThrows(IllegalArgumentException.class, () -> TrainingConfig.builder().momentum(1).build());
        assertThrows(IllegalArgumentException.class, () -> TrainingConfig.builder().epochs(-1).build());
        assertThrows(IllegalArgumentException.class, () -> TrainingConfig.builder().weightDecay(-1e-4).build());
        assertThrows(IllegalArgumentException.class, () -> TrainingConfig.builder().learningRateDecay(Double.POSITIVE_INFINITY).build());
    }

    @Test
    void theScheduleDividesTheRateByOnePlusDecayTimesEpochsDone() {
        TrainingConfig config = TrainingConfig.builder().learningRate(0.1).learningRateDecay(0.5).build();
        assertEquals(0.1, config.learningRate(1), 1e-12);
        assertEquals(0.05, config.learningRate(3), 1e-12);
        assertEquals(config.toString(), config.toBuilder().build().toString());
    }

    @Test
    void aScheduledRateChangesTheStepOfEveryOptimizer() {
        for (Optimizer optimizer : Optimizer.values()) {
            float[] full = {1, 2, 3, 4, 5};
            float[] half = {1, 2, 3, 4, 5};
            Updaters.create(config(optimizer), 5).update(full, GRAD_1);
            Updater slow = Updaters.create(config(optimizer), 5);
            slow.learningRate(0.05);
            slow.update(half, GRAD_1);
            float[] start = {1, 2, 3, 4, 5};
            for (int i = 0; i < 5; i++) {
                assertEquals((full[i] - start[i]) / 2, half[i] - start[i], 1e-6, optimizer + " element " + i);
            }
        }
    }
    /**
     * A step taken in runs, as a product finishes the gradient ({@link PhaseRunner#updateOf}): runs
     * of uneven lengths, in a shuffled order, give every optimizer the bits of the whole update,
     * step after step (Adam's bias correction counted once a step, by {@code beginStep}). The
     * tensor is long enough for the vector loops and their tails.
     */
    @Test
    void aStepInRunsHasTheBitsOfTheWholeUpdate() {
        int n = 1000;
        java.util.Random random = new java.util.Random(7);
        for (Optimizer optimizer : Optimizer.values()) {
            Updater whole = Updaters.create(config(optimizer), n);
            Updater inRuns = Updaters.create(config(optimizer), n);
            float[] p = new float[n];
            for (int i = 0; i < n; i++) {
                p[i] = (float) random.nextGaussian();
            }
            float[] q = p.clone();
            for (int step = 0; step < 4; step++) {
                float[] g = new float[n];
                for (int i = 0; i < n; i++) {
                    g[i] = (float) random.nextGaussian();
                }
                whole.update(p, g);
                java.util.List<int[]> runs = new java.util.ArrayList<>();
                for (int from = 0, to; from < n; from = to) {
                    to = Math.min(n, from + 1 + random.nextInt(90));
                    runs.add(new int[] {from, to});
                }
                java.util.Collections.shuffle(runs, random);
                inRuns.beginStep();
                for (int[] run : runs) {
                    inRuns.update(q, g, run[0], run[1]);
                }
                assertArrayEquals(p, q, 0f, optimizer + ", step " + (step + 1));
            }
            assertEquals(whole.steps(), inRuns.steps(), optimizer.toString());
        }
    }
}
