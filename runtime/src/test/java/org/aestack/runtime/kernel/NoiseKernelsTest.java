package org.aestack.runtime.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.aestack.dsl.Activation;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The noise, dropout and penalty kernels: vector against scalar, and the random numbers against Rng's sequence. */
class NoiseKernelsTest {
    private static final ScalarOps SCALAR = new ScalarOps();
    private static KernelOps panama;

    @BeforeAll
    static void vectorKernelsLoaded() {
        assertTrue(Kernels.ops() instanceof PanamaOps, "Kernels chose " + Kernels.ops().name());
        panama = Kernels.ops();
    }

    static java.util.stream.IntStream sizes() {
        return PanamaOpsTest.sizes();
    }

    private static float[] random(long seed, int n, float lo, float hi) {
        float[] a = new float[n];
        Rng rng = new Rng(seed);
        for (int i = 0; i < n; i++) {
            a[i] = lo + (hi - lo) * rng.nextFloat();
        }
        return a;
    }

    @ParameterizedTest
    @MethodSource("sizes")
    void vectorUniformsAreExactlyRngsSequence(int n) {
        long state = 0x1234_5678_9abcL;
        float[] vector = new float[n];
        float[] scalar = new float[n];
        panama.uniform(state, vector, n, -2f, 3f);
        SCALAR.uniform(state, scalar, n, -2f, 3f);
        assertArrayEquals(scalar, vector, 0f);

        Rng a = new Rng(99);
        Rng b = new Rng(99);
        float[] filled = new float[n];
        a.fillUniform(filled, n, 0f, 1f);
        for (int i = 0; i < n; i++) {
            assertEquals(b.nextFloat(), filled[i], 0f, "element " + i);
        }
        assertEquals(b.nextLong(), a.nextLong(), "both generators are at the same point afterwards");
    }

    /**
     * Masking noise and Bernoulli samples from uniforms compared as they are drawn: the same bits as
     * drawing the uniforms into a buffer and running {@code mask} or {@code sampleBernoulli} on it, in
     * the vector kernels and the reference, in place too; and the generator ends where it would.
     */
    @ParameterizedTest
    @MethodSource("sizes")
    void drawnMasksAndSamplesAreThoseOfTheStoredUniforms(int n) {
        long state = 0x5eed_0f_a11L;
        float[] x = random(3, n, -1f, 1f);
        float[] p = random(4, n, 0f, 1f);
        float[] u = new float[n];
        panama.uniform(state, u, n, 0f, 1f);
        float[] masked = new float[n];
        float[] sampled = new float[n];
        panama.mask(x, u, masked, n, 0.3f);
        panama.sampleBernoulli(p, u, sampled, n);
        for (KernelOps ops : new KernelOps[] {panama, SCALAR}) {
            float[] drawnMask = new float[n];
            float[] drawnSamples = new float[n];
            ops.drawMask(state, x, drawnMask, n, 0.3f);
            ops.drawBernoulli(state, p, drawnSamples, n);
            assertArrayEquals(masked, drawnMask, 0f, ops.name());
            assertArrayEquals(sampled, drawnSamples, 0f, ops.name());
            float[] inPlace = p.clone();
            ops.drawBernoulli(state, inPlace, inPlace, n);
            assertArrayEquals(sampled, inPlace, 0f, ops.name() + " in place");
            float[] maskedInPlace = x.clone();
            ops.drawMask(state, maskedInPlace, maskedInPlace, n, 0.3f);
            assertArrayEquals(masked, maskedInPlace, 0f, ops.name() + " masked in place");
        }

        Rng stored = new Rng(7);
        Rng drawn = new Rng(7);
        stored.fillUniform(u, n, 0f, 1f);
        panama.mask(x, u, masked, n, 0.5f);
        float[] viaRng = new float[n];
        drawn.mask(x, viaRng, n, 0.5f);
        assertArrayEquals(masked, viaRng, 0f);
        stored.fillUniform(u, n, 0f, 1f);
        panama.sampleBernoulli(p, u, sampled, n);
        drawn.sampleBernoulli(p, viaRng, n);
        assertArrayEquals(sampled, viaRng, 0f);
        assertEquals(stored.nextLong(), drawn.nextLong(), "both generators are at the same point afterwards");
    }

    @ParameterizedTest
    @MethodSource("sizes")
    void gaussiansMatchTheReference(int half) {
        float[] u = random(1, 2 * half, 0f, 1f);
        float[] e = u.clone();
        float[] a = u.clone();
        SCALAR.gaussianFromUniform(e, half, 0.5f, 2f);
        panama.gaussianFromUniform(a, half, 0.5f, 2f);
        assertArrayEquals(e, a, 2e-4f);
    }

    @ParameterizedTest
    @MethodSource("sizes")
    void klPenaltyMatchesTheReference(int cols) {
        int rows = 3;
        float[] h = random(8, rows * cols, 0.01f, 0.99f);
        float[] ge = random(9, rows * cols, -1f, 1f);
        float[] ga = ge.clone();
        float[] me = new float[cols];
        float[] ma = new float[cols];
        double e = SCALAR.klPenalty(h, rows, cols, 0.05f, me, ge, 0.7f);
        double a = panama.klPenalty(h, rows, cols, 0.05f, ma, ga, 0.7f);
        assertEquals(e, a, 1e-6 * Math.max(1, Math.abs(e)));
        assertArrayEquals(me, ma, 1e-6f);
        for (int i = 0; i < ge.length; i++) {
            assertEquals(ge[i], ga[i], 1e-5f * Math.max(1f, Math.abs(ge[i])), "gradient element " + i);
        }
    }

    /** Box–Muller's log and sine near their edges: u₁ near 1 (ln of 2⁻²⁴) and u₂ at every quarter turn. */
    @org.junit.jupiter.api.Test
    void gaussiansMatchTheReferenceAtTheEdges() {
        int half = 64;
        float[] u = new float[2 * half];
        for (int i = 0; i < half; i++) {
            u[i] = i % 4 == 0 ? 1f - 0x1p-24f : i % 4 == 1 ? 0f : i / (float) half;
            u[half + i] = (i % 9) / 8f; // 0, 1/8, …, 1: quarter turns and the eighths between them
        }
        float[] e = u.clone();
        float[] a = u.clone();
        SCALAR.gaussianFromUniform(e, half, 0f, 1f);
        panama.gaussianFromUniform(a, half, 0f, 1f);
        for (int i = 0; i < 2 * half; i++) {
            assertEquals(e[i], a[i], 2e-6f * Math.max(1f, Math.abs(e[i])), "element " + i);
        }
    }

    @ParameterizedTest
    @MethodSource("sizes")
    void noiseDropoutAndPenaltiesMatchTheReference(int n) {
        float[] x = random(2, n, 0f, 1f);
        float[] u = random(3, n, 0f, 1f);
        float[] e = new float[n];
        float[] a = new float[n];
        SCALAR.mask(x, u, e, n, 0.3f);
        panama.mask(x, u, a, n, 0.3f);
        assertArrayEquals(e, a, 0f);
        SCALAR.saltAndPepper(x, u, e, n, 0.4f);
        panama.saltAndPepper(x, u, a, n, 0.4f);
        assertArrayEquals(e, a, 0f);
        SCALAR.add(x, u, e, n);
        panama.add(x, u, a, n);
        assertArrayEquals(e, a, 0f);
        SCALAR.multiply(x, u, e, n);
        panama.multiply(x, u, a, n);
        assertArrayEquals(e, a, 0f);
        SCALAR.sampleBernoulli(x, u, e, n);
        panama.sampleBernoulli(x, u, a, n);
        assertArrayEquals(e, a, 0f);
        float[] me = u.clone();
        float[] ma = u.clone();
        SCALAR.dropoutMask(me, n, 0.25f);
        panama.dropoutMask(ma, n, 0.25f);
        assertArrayEquals(me, ma, 0f);

        float[] h = random(4, n, -1f, 1f);
        h[0] = 0f;
        float[] ge = random(5, n, -1f, 1f);
        float[] ga = ge.clone();
        double pe = SCALAR.l1Penalty(h, ge, n, 0.1f);
        double pa = panama.l1Penalty(h, ga, n, 0.1f);
        assertEquals(pe, pa, 1e-5 * Math.max(1, pe));
        assertArrayEquals(ge, ga, 1e-6f);

        int units = 3;
        float[] w = random(6, units * n, -1f, 1f);
        float[] scratch = random(7, 2 * units, 0f, 1f);
        float[] we = random(8, units * n, -1f, 1f);
        float[] wa = we.clone();
        SCALAR.contractiveWeightGradient(w, scratch, units, n, we, 0.05f);
        panama.contractiveWeightGradient(w, scratch, units, n, wa, 0.05f);
        assertArrayEquals(we, wa, 1e-6f);
    }

    @Test
    void theContractivePenaltyIsTheSquaredJacobianNorm() {
        // One sample, a 2 x 3 sigmoid layer: ||J||^2 = sum_j (h_j (1 - h_j))^2 sum_i W_ji^2.
        float[] w = {0.5f, -1f, 2f, 0.25f, 0f, -0.75f};
        float[] h = {0.3f, 0.8f};
        float[] scratch = new float[4];
        double penalty = SCALAR.contractivePenalty(Activation.SIGMOID, h, w, 1, 2, 3, scratch, new float[2], 0f);
        double expected = Math.pow(0.3 * 0.7, 2) * (0.25 + 1 + 4) + Math.pow(0.8 * 0.2, 2) * (0.0625 + 0 + 0.5625);
        assertEquals(expected, penalty, 1e-6);
    }

    @Test
    void theKlPenaltyIsZeroAtTheTargetAndPositiveElsewhere() {
        float[] atTarget = {0.1f, 0.1f, 0.1f, 0.1f};
        float[] means = new float[2];
        assertEquals(0, SCALAR.klPenalty(atTarget, 2, 2, 0.1f, means, new float[4], 1f), 1e-6);
        float[] off = {0.5f, 0.9f, 0.5f, 0.9f};
        double kl = SCALAR.klPenalty(off, 2, 2, 0.1f, means, new float[4], 1f);
        double expected = 0.1 * Math.log(0.1 / 0.5) + 0.9 * Math.log(0.9 / 0.5) + 0.1 * Math.log(0.1 / 0.9) + 0.9 * Math.log(0.9 / 0.1);
        assertEquals(expected, kl, 1e-5);
    }
}
