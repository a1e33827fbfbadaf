package org.aestack.runtime.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every Vector API kernel against the scalar reference, at sizes that hit every tail: below one
 * vector, one lane short of and past a vector, and odd sizes well past the register tile.
 */
class PanamaOpsTest {
    private static final ScalarOps SCALAR = new ScalarOps();
    private static PanamaOps panama;
    private static int lanes;

    @BeforeAll
    static void vectorKernelsLoaded() {
        // The test must not pass vacuously on the scalar fallback: Surefire adds the module.
        assertTrue(Kernels.ops() instanceof PanamaOps, "Kernels chose " + Kernels.ops().name());
        panama = (PanamaOps) Kernels.ops();
        lanes = PanamaSpecies.FLOAT.length();
    }

    static IntStream sizes() {
        int l = PanamaSpecies.FLOAT.length();
        // The last: several of the kernels' chunks and past the size they split across threads at.
        return IntStream.of(1, l - 1, l, l + 1, 13, 207, 702, 4098, 9 * 8192 + 7).filter(n -> n > 0).distinct();
    }

    /**
     * Kernels large enough to split across the kernel threads give, bit for bit, what they give on
     * one thread (called from inside a task's part, a kernel does not split), losses included.
     */
    @Test
    void theSplitAcrossThreadsChangesNoBit() {
        org.junit.jupiter.api.Assumptions.assumeTrue(Parallel.instance().threads() > 1, "one kernel thread here");
        int rows = 128, cols = 784, n = rows * cols;
        float[][] split = new float[10][];
        float[][] alone = new float[10][];
        double[][] losses = new double[2][];
        for (float[][] out : new float[][][] {split, alone}) {
            Runnable kernels = () -> {
                float[] z = random(20, n, -8, 8);
                float[] bias = random(21, cols, -1, 1);
                panama.sigmoidWithBias(z, bias, rows, cols);
                float[] u = new float[n];
                panama.uniform(77, u, n, 0, 1);
                float[] masked = new float[n];
                panama.mask(z, u, masked, n, 0.3f);
                float[] p = random(22, n, -1, 1), m1 = random(23, n, -1, 1), v = random(24, n, 0, 1);
                panama.adam(p, z, m1, v, n, 1e-3f, 0.9f, 0.999f, 1e-8f);
                float[] samples = new float[n];
                panama.sampleBernoulli(z, u, samples, n);
                out[0] = z;
                out[1] = u;
                out[2] = masked;
                out[3] = p;
                out[4] = v;
                out[5] = samples;
                float[] target = random(25, n, 0, 1);
                out[6] = new float[n];
                out[7] = new float[n];
                out[8] = new float[n];
                panama.drawMask(78, z, out[8], n, 0.3f);
                out[9] = new float[n];
                panama.drawBernoulli(79, z, out[9], n);
                losses[out == split ? 0 : 1] = new double[] {
                    panama.crossEntropyWithGradient(z, target, out[6], n, 0.25f),
                    panama.squaredErrorWithGradient(z, target, out[7], n, 0.5f),
                    panama.crossEntropy(z, target, n),
                    panama.squaredError(z, target, n)};
            };
            if (out == split) {
                kernels.run();
            } else {
                Parallel.instance().run((part, parts) -> {
                    if (part == 0) {
                        kernels.run();
                    }
                });
            }
        }
        for (int i = 0; i < split.length; i++) {
            assertTrue(Arrays.equals(split[i], alone[i]), "output " + i);
        }
        // The squared errors bit for bit; the cross-entropies to within what their logarithm may
        // differ by between the JIT's tiers (C2's vector log against Math.log), far less than a chunk.
        String both = Arrays.toString(losses[0]) + " against " + Arrays.toString(losses[1]);
        assertEquals(losses[0][1], losses[1][1], 0.0, both);
        assertEquals(losses[0][3], losses[1][3], 0.0, both);
        assertEquals(losses[0][0], losses[1][0], 1e-6 * losses[0][0], both);
        assertEquals(losses[0][2], losses[1][2], 1e-6 * losses[0][2], both);
    }

    private static float[] random(long seed, int n, float lo, float hi) {
        float[] a = new float[n];
        new Rng(seed).fillUniform(a, n, lo, hi);
        return a;
    }

    @ParameterizedTest
    @MethodSource("sizes")
    void activationsWithBiasMatchTheReference(int cols) {
        int rows = 3;
        float[] bias = random(1, cols, -1, 1);
        float[] z = random(2, rows * cols, -12, 12);
        z[0] = -100f; // exp overflows: sigmoid must give 0, not NaN
        for (String kind : new String[] {"sigmoid", "tanh", "relu", "linear"}) {
            float[] expected = z.clone();
            float[] actual = z.clone();
            switch (kind) {
                case "sigmoid": SCALAR.sigmoidWithBias(expected, bias, rows, cols); panama.sigmoidWithBias(actual, bias, rows, cols); break;
                case "tanh": SCALAR.tanhWithBias(expected, bias, rows, cols); panama.tanhWithBias(actual, bias, rows, cols); break;
                case "relu": SCALAR.reluWithBias(expected, bias, rows, cols); panama.reluWithBias(actual, bias, rows, cols); break;
                default: SCALAR.addBias(expected, bias, rows, cols); panama.addBias(actual, bias, rows, cols); break;
            }
            assertArrayEquals(expected, actual, 2e-6f, kind + " at " + cols + " columns");
        }
    }

    @ParameterizedTest
    @MethodSource("sizes")
    void activationDerivativesMatchTheReference(int n) {
        float[] y = random(3, n, -1, 1);
        float[] g = random(4, n, -2, 2);
        y[0] = 0f; // relu's derivative at exactly 0 is taken as 0
        float[] e1 = g.clone(), a1 = g.clone();
        SCALAR.sigmoidBackward(y, e1, n);
        panama.sigmoidBackward(y, a1, n);
        assertArrayEquals(e1, a1, 1e-6f);
        float[] e2 = g.clone(), a2 = g.clone();
        SCALAR.tanhBackward(y, e2, n);
        panama.tanhBackward(y, a2, n);
        assertArrayEquals(e2, a2, 1e-6f);
        float[] e3 = g.clone(), a3 = g.clone();
        SCALAR.reluBackward(y, e3, n);
        panama.reluBackward(y, a3, n);
        assertArrayEquals(e3, a3, 0f);
    }

    @ParameterizedTest
    @MethodSource("sizes")
    void lossesAndTheirGradientsMatchTheReference(int n) {
        float[] y = random(5, n, 0, 1);
        float[] x = random(6, n, 0, 1);
        y[0] = 0f; // clamped inside the logarithm
        float[] eg = new float[n], ag = new float[n];
        double e = SCALAR.crossEntropyWithGradient(y, x, eg, n, 0.25f);
        double a = panama.crossEntropyWithGradient(y, x, ag, n, 0.25f);
        assertEquals(e, a, 1e-5 * Math.max(1, Math.abs(e)));
        assertArrayEquals(eg, ag, 1e-7f);
        assertEquals(SCALAR.crossEntropy(y, x, n), panama.crossEntropy(y, x, n), 1e-5 * Math.max(1, Math.abs(e)));
        e = SCALAR.squaredErrorWithGradient(y, x, eg, n, 0.5f);
        a = panama.squaredErrorWithGradient(y, x, ag, n, 0.5f);
        assertEquals(e, a, 1e-5 * Math.max(1, Math.abs(e)));
        assertArrayEquals(eg, ag, 1e-7f);
        assertEquals(SCALAR.squaredError(y, x, n), panama.squaredError(y, x, n), 1e-5 * Math.max(1, Math.abs(e)));
    }

    @Test
    void perRowLossesAddUpToTheWholeLoss() {
        int rows = 7, cols = 13;
        float[] y = random(15, rows * cols, 0, 1);
        float[] x = random(16, rows * cols, 0, 1);
        double[] ce = new double[rows + 2];
        double[] se = new double[rows + 2];
        panama.crossEntropyRows(y, x, rows, cols, ce, 2);
        panama.squaredErrorRows(y, x, rows, cols, se, 2);
        assertEquals(0, ce[0] + ce[1] + se[0] + se[1], "nothing before the offset is written");
        assertEquals(panama.crossEntropy(y, x, rows * cols), java.util.Arrays.stream(ce).sum(), 1e-4);
        assertEquals(panama.squaredError(y, x, rows * cols), java.util.Arrays.stream(se).sum(), 1e-4);
        float[] lastY = java.util.Arrays.copyOfRange(y, 6 * cols, 7 * cols);
        float[] lastX = java.util.Arrays.copyOfRange(x, 6 * cols, 7 * cols);
        assertEquals(SCALAR.crossEntropy(lastY, lastX, cols), ce[8], 1e-5);
    }

    @Test
    void longLossSumsStayAccurate() {
        int n = 128 * 784;
        float[] y = random(7, n, 0, 1);
        float[] x = random(8, n, 0, 1);
        double reference = 0;
        for (int i = 0; i < n; i++) {
            double p = Math.min(Math.max(y[i], 1e-7), 1 - 1e-7);
            reference -= x[i] * Math.log(p) + (1 - x[i]) * Math.log(1 - p);
        }
        assertEquals(reference, panama.crossEntropy(y, x, n), 1e-5 * reference);
    }

    @ParameterizedTest
    @MethodSource("sizes")
    void columnSumsAndUpdatesMatchTheReference(int n) {
        float[] m = random(9, 5 * n, -1, 1);
        float[] e = new float[n], a = new float[n];
        SCALAR.columnSums(m, 5, n, e);
        panama.columnSums(m, 5, n, a);
        assertArrayEquals(e, a, 1e-6f);

        float[] g = random(10, n, -1, 1);
        float[] p0 = random(11, n, -1, 1);
        float[] ep = p0.clone(), ap = p0.clone();
        SCALAR.sgd(ep, g, n, 0.1f);
        panama.sgd(ap, g, n, 0.1f);
        assertArrayEquals(ep, ap, 1e-7f);

        float[] ev = random(12, n, -1, 1), av = ev.clone();
        ep = p0.clone();
        ap = p0.clone();
        SCALAR.momentum(ep, g, ev, n, 0.1f, 0.9f);
        panama.momentum(ap, g, av, n, 0.1f, 0.9f);
        assertArrayEquals(ev, av, 1e-7f);
        assertArrayEquals(ep, ap, 1e-7f);

        float[] em = random(13, n, -1, 1), am = em.clone();
        float[] ev2 = random(14, n, 0, 1), av2 = ev2.clone();
        ep = p0.clone();
        ap = p0.clone();
        SCALAR.adam(ep, g, em, ev2, n, 1e-3f, 0.9f, 0.999f, 1e-8f);
        panama.adam(ap, g, am, av2, n, 1e-3f, 0.9f, 0.999f, 1e-8f);
        assertArrayEquals(em, am, 1e-7f);
        assertArrayEquals(ev2, av2, 1e-7f);
        assertArrayEquals(ep, ap, 1e-6f);
    }

    /**
     * The optimizers' steps on a range, against a gradient held apart (a product's buffer: the
     * range's gradient at an offset of its own), give the whole step's bits on that range and leave
     * the rest alone, in both kernel sets.
     */
    @ParameterizedTest
    @MethodSource("sizes")
    void rangeStepsAgainstABufferGiveTheWholeStepsBits(int n) {
        int from = n / 3, to = n - n / 5, offset = 7;
        float[] g = random(41, n, -1, 1);
        float[] buffer = random(42, offset + to - from + 3, -1, 1);
        System.arraycopy(g, from, buffer, offset, to - from);
        float[] p0 = random(43, n, -1, 1), s0 = random(44, n, -1, 1), v0 = random(45, n, 0, 1);
        for (KernelOps ops : new KernelOps[] {SCALAR, panama}) {
            float[] whole = p0.clone(), ranged = p0.clone();
            ops.sgd(whole, g, n, 0.1f);
            ops.sgdRange(ranged, buffer, offset, from, to, 0.1f);
            assertRange(p0, whole, ranged, from, to, ops.name() + " sgd");

            float[] wv = s0.clone(), rv = s0.clone();
            whole = p0.clone();
            ranged = p0.clone();
            ops.momentum(whole, g, wv, n, 0.1f, 0.9f);
            ops.momentumRange(ranged, buffer, offset, rv, from, to, 0.1f, 0.9f);
            assertRange(p0, whole, ranged, from, to, ops.name() + " momentum");
            assertRange(s0, wv, rv, from, to, ops.name() + " momentum's velocity");

            float[] wm = s0.clone(), rm = s0.clone(), wv2 = v0.clone(), rv2 = v0.clone();
            whole = p0.clone();
            ranged = p0.clone();
            ops.adam(whole, g, wm, wv2, n, 1e-3f, 0.9f, 0.999f, 1e-8f);
            ops.adamRange(ranged, buffer, offset, rm, rv2, from, to, 1e-3f, 0.9f, 0.999f, 1e-8f);
            assertRange(p0, whole, ranged, from, to, ops.name() + " adam");
            assertRange(s0, wm, rm, from, to, ops.name() + " adam's first moment");
            assertRange(v0, wv2, rv2, from, to, ops.name() + " adam's second moment");
        }
    }

    /** {@code ranged} is {@code whole} on {@code [from, to)}, bit for bit, and {@code before} elsewhere. */
    private static void assertRange(float[] before, float[] whole, float[] ranged, int from, int to, String what) {
        for (int i = 0; i < before.length; i++) {
            float expected = i >= from && i < to ? whole[i] : before[i];
            assertEquals(Float.floatToIntBits(expected), Float.floatToIntBits(ranged[i]), what + " at " + i);
        }
    }

    @ParameterizedTest
    @MethodSource("sizes")
    void axpyAndDotAtOffsetsMatchTheReference(int n) {
        float[] x = random(31, n + 5, -1, 1);
        float[] y = random(32, n + 9, -1, 1);
        float[] expected = y.clone();
        float[] actual = y.clone();
        SCALAR.axpy(0.75f, x, 3, expected, 7, n);
        panama.axpy(0.75f, x, 3, actual, 7, n);
        assertArrayEquals(expected, actual, 1e-6f, "axpy of " + n);
        double exact = 0;
        for (int i = 0; i < n; i++) {
            exact += (double) x[2 + i] * y[5 + i];
        }
        assertEquals(exact, SCALAR.dot(x, 2, y, 5, n), 1e-5 * n, "scalar dot of " + n);
        assertEquals(exact, panama.dot(x, 2, y, 5, n), 1e-5 * n, "vector dot of " + n);
    }

    @Test
    void kernelsChosenOnceAndNamedForTheirWidth() {
        assertSame(Kernels.ops(), Kernels.ops());
        assertEquals("panama-" + lanes * 32, Kernels.ops().name());
    }

    @Test
    void elementwiseKernelsTouchNothingPastTheirEnd() {
        int n = lanes + 3;
        float[] y = new float[n + lanes];
        float[] g = new float[n + lanes];
        Arrays.fill(g, 7f);
        panama.sigmoidBackward(y, g, n);
        for (int i = n; i < g.length; i++) {
            assertEquals(7f, g[i], "element " + i + " past the end");
        }
    }
}
