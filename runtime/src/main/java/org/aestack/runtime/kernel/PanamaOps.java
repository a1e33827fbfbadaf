package org.aestack.runtime.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API implementation of {@link KernelOps}. Each elementwise kernel is a loop over whole
 * vectors and a scalar tail that computes what the lanes would, operation for operation, so the
 * results do not depend on where a vector ends (a mask on every iteration cost a lane-by-lane index
 * check on each masked store near an array's end, and on JDK 17 on every one). The loops run over
 * chunks of {@link #CHUNK} floats, or over rows, each chunk a call of its own, and large kernels hand
 * their chunks to both kernel threads ({@link Split}). Functions that shape training (exp, so sigmoid
 * and tanh) are written in plain arithmetic ({@link #sigmoidAffine}), so the same inputs give the same
 * bits whatever the JIT has compiled; Gaussian noise keeps the scalar {@code Math} path for the same
 * reason. Loss sums are gathered in float lanes and moved to a double every {@link #FLUSH} vectors so
 * long sums stay accurate; the reconstruction losses move them lane by lane in order, so their
 * additions come in the same order whatever is compiled (the cross-entropy's logarithm may still
 * differ in its last bit between the JIT's tiers; it shapes no gradient), while {@link #l1Penalty}
 * still uses {@code reduceLanes}, whose order is the JIT's. {@link ScalarOps}, which this extends,
 * is the reference the tests hold every kernel to.
 */
final class PanamaOps extends ScalarOps {
    private static final VectorSpecies<Float> S = PanamaSpecies.FLOAT;
    private static final int L = S.length();
    private static final int FLUSH = 64;
    private static final VectorSpecies<Long> LONGS = PanamaSpecies.LONG;
    /**
     * Lane j of {@link #uniform}'s even vector stands for position 2j of the block: (2j + 1) · golden.
     * An array, not {@code addIndex}, which JDK 17 runs in Java, allocating, once a call.
     */
    private static final long[] EVEN_STEPS = new long[LONGS.length()];

    static {
        for (int j = 0; j < EVEN_STEPS.length; j++) {
            EVEN_STEPS[j] = (2L * j + 1) * Rng.GOLDEN;
        }
    }

    @Override
    public String name() {
        return "panama-" + S.vectorBitSize();
    }

    @Override
    public String gemmBlocking() {
        return PanamaGemm.describe();
    }

    /** {@code panama-512: Vector API kernels, 16 floats a vector (512 bits), 2 threads, JDK 25.0.3+9-LTS}. */
    @Override
    public String toString() {
        return name() + ": Vector API kernels, " + S.length() + " floats a vector (" + S.vectorBitSize() + " bits), "
                + Parallel.instance().threads() + " threads, JDK " + Runtime.version();
    }

    @Override
    public void gemmNN(int m, int n, int k, float alpha, float[] a, int lda, float[] b, int ldb, float beta, float[] c, int ldc) {
        PanamaGemm.gemm(false, false, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
    }

    @Override
    public void gemmNT(int m, int n, int k, float alpha, float[] a, int lda, float[] b, int ldb, float beta, float[] c, int ldc) {
        PanamaGemm.gemm(false, true, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
    }

    @Override
    public void gemmTN(int m, int n, int k, float alpha, float[] a, int lda, float[] b, int ldb, float beta, float[] c, int ldc) {
        PanamaGemm.gemm(true, false, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
    }

    @Override
    public void gemmTN(int m, int n, int k, float alpha, float[] a, int lda, float[] b, int ldb, float beta, float[] c,
            int ldc, Epilogue then) {
        PanamaGemm.gemm(true, false, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, then);
    }

    @Override
    public void gemmNTKept(boolean fresh, int m, int n, int k, float alpha, float[] a, int lda, float[] b, int ldb,
            float beta, float[] c, int ldc) {
        PanamaGemm.gemmNTKept(fresh, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
    }

    @Override
    public void gemmTNPair(int m, int n, int k1, float alpha1, float[] a1, float[] b1, int k2, float alpha2,
            float[] a2, float[] b2, float beta, float[] c) {
        PanamaGemm.gemmTNPair(m, n, k1, alpha1, a1, b1, k2, alpha2, a2, b2, beta, c);
    }

    private static final float SQRT_HALF = 0.707106781186547524f;
    private static final float TWO_PI = 6.28318530717958648f;

    private static final float LOG2E = 1.44269504088896341f;
    private static final float LN2_HI = 0.693359375f;
    private static final float LN2_LO = -2.12194440e-4f;
    /** 1.5 × 2^23: adding and subtracting it rounds a float to the nearest integer. */
    private static final float ROUND = 12582912f;
    /** The bits of {@link #ROUND}: those of {@code ROUND + k} are {@code ROUND_BITS + k} for any integer |k| < 2^22. */
    private static final int ROUND_BITS = Float.floatToRawIntBits(ROUND);
    /** 2^23, whose bits with an integer 0 ≤ n < 2^23 or-ed into the mantissa are those of 2^23 + n. */
    private static final float TWO_TO_23 = 8388608f;
    private static final int TWO_TO_23_BITS = Float.floatToRawIntBits(TWO_TO_23);

    /**
     * One row of {@code z[r][j] = outScale · σ(inScale · (z[r][j] + bias[j])) + shift}, the row at
     * {@code base}: the sigmoid (1, 1, 0) and, as 2σ(2v) − 1, the tanh (2, 2, −1).
     *
     * <p>e^x is Cephes' expf to about one ulp (Cody–Waite reduction to |r| ≤ ln 2 / 2, a degree-6
     * polynomial, the power of two built in the exponent bits), x clamped to [−87.3, 88.3], written
     * with plain arithmetic on purpose: the Vector API's own EXP runs an intrinsic once compiled and
     * a different scalar fallback before, and they can differ in the last bit, which would make
     * training depend on when the JIT got to it. It is written out in the loop, not called: a
     * vector that crosses a method boundary the JIT did not inline is boxed, and C2 declines to
     * inline a method it has already compiled to a large size, which depends on timing.
     */
    private static void sigmoidAffine(float[] z, float[] bias, int base, int cols, float inScale, float outScale,
            float shift) {
        FloatVector one = FloatVector.broadcast(S, 1f);
        int j = 0;
        for (; j < S.loopBound(cols); j += L) {
            FloatVector v = FloatVector.fromArray(S, z, base + j).add(FloatVector.fromArray(S, bias, j));
            FloatVector x = v.mul(-inScale).max(-87.3f).min(88.3f);
            FloatVector rounded = x.mul(LOG2E).add(ROUND);
            FloatVector k = rounded.sub(ROUND);
            FloatVector t = k.mul(-LN2_HI).add(x).add(k.mul(-LN2_LO));
            FloatVector p = t.mul(1.9875691500e-4f).add(1.3981999507e-3f);
            p = p.mul(t).add(8.3334519073e-3f);
            p = p.mul(t).add(4.1665795894e-2f);
            p = p.mul(t).add(1.6666665459e-1f);
            p = p.mul(t).add(5.0000001201e-1f);
            p = p.mul(t.mul(t)).add(t).add(1f);
            // k as an int is in the low bits of k + 1.5 × 2^23: (int) k without a conversion, which
            // JDK 17's C2 cannot vectorize on 16 lanes (it boxed every vector of this loop).
            IntVector bits = rounded.reinterpretAsInts().sub(ROUND_BITS - 127).lanewise(VectorOperators.LSHL, 23);
            FloatVector e = p.mul(bits.reinterpretAsFloats()); // e^(−inScale·v)
            one.div(e.add(one)).mul(outScale).add(shift).intoArray(z, base + j);
        }
        for (; j < cols; j++) {
            z[base + j] = sigmoidAffine(z[base + j] + bias[j], inScale, outScale, shift);
        }
    }

    /** One lane of {@link #sigmoidAffine}, operation for operation. */
    private static float sigmoidAffine(float v, float inScale, float outScale, float shift) {
        float x = Math.min(Math.max(v * -inScale, -87.3f), 88.3f);
        float k = x * LOG2E + ROUND - ROUND;
        float t = k * -LN2_HI + x + k * -LN2_LO;
        float p = t * 1.9875691500e-4f + 1.3981999507e-3f;
        p = p * t + 8.3334519073e-3f;
        p = p * t + 4.1665795894e-2f;
        p = p * t + 1.6666665459e-1f;
        p = p * t + 5.0000001201e-1f;
        p = p * (t * t) + t + 1f;
        float e = p * Float.intBitsToFloat(((int) k + 127) << 23);
        return 1f / (e + 1f) * outScale + shift;
    }

    @Override
    public void sigmoidWithBias(float[] z, float[] bias, int rows, int cols) {
        split(Split.SIGMOID, rows, cols).with(z, bias).run();
    }

    @Override
    public void tanhWithBias(float[] z, float[] bias, int rows, int cols) {
        split(Split.TANH, rows, cols).with(z, bias).run();
    }

    @Override
    public void reluWithBias(float[] z, float[] bias, int rows, int cols) {
        split(Split.RELU, rows, cols).with(z, bias).run();
    }

    private static void reluRow(float[] z, float[] bias, int base, int cols) {
        int j = 0;
        for (; j < S.loopBound(cols); j += L) {
            FloatVector.fromArray(S, z, base + j).add(FloatVector.fromArray(S, bias, j)).max(0f).intoArray(z, base + j);
        }
        for (; j < cols; j++) {
            z[base + j] = Math.max(z[base + j] + bias[j], 0f);
        }
    }

    @Override
    public void addBias(float[] z, float[] bias, int rows, int cols) {
        split(Split.BIAS, rows, cols).with(z, bias).run();
    }

    private static void biasRow(float[] z, float[] bias, int base, int cols) {
        int j = 0;
        for (; j < S.loopBound(cols); j += L) {
            FloatVector.fromArray(S, z, base + j).add(FloatVector.fromArray(S, bias, j)).intoArray(z, base + j);
        }
        for (; j < cols; j++) {
            z[base + j] = z[base + j] + bias[j];
        }
    }

    @Override
    public void sigmoidBackward(float[] y, float[] grad, int n) {
        split(Split.SIGMOID_BACKWARD, n).with(y, grad).run();
    }

    private static void sigmoidBackward(float[] y, float[] grad, int from, int to) {
        int i = from;
        for (; i < from + S.loopBound(to - from); i += L) {
            FloatVector v = FloatVector.fromArray(S, y, i);
            FloatVector.fromArray(S, grad, i).mul(v.mul(v.neg().add(1f))).intoArray(grad, i);
        }
        for (; i < to; i++) {
            grad[i] = grad[i] * (y[i] * (-y[i] + 1f));
        }
    }

    @Override
    public void tanhBackward(float[] y, float[] grad, int n) {
        split(Split.TANH_BACKWARD, n).with(y, grad).run();
    }

    private static void tanhBackward(float[] y, float[] grad, int from, int to) {
        int i = from;
        for (; i < from + S.loopBound(to - from); i += L) {
            FloatVector v = FloatVector.fromArray(S, y, i);
            FloatVector.fromArray(S, grad, i).mul(v.mul(v).neg().add(1f)).intoArray(grad, i);
        }
        for (; i < to; i++) {
            grad[i] = grad[i] * (-(y[i] * y[i]) + 1f);
        }
    }

    @Override
    public void reluBackward(float[] y, float[] grad, int n) {
        split(Split.RELU_BACKWARD, n).with(y, grad).run();
    }

    private static void reluBackward(float[] y, float[] grad, int from, int to) {
        int i = from;
        for (; i < from + S.loopBound(to - from); i += L) {
            FloatVector v = FloatVector.fromArray(S, y, i);
            FloatVector.fromArray(S, grad, i).blend(0f, v.compare(VectorOperators.GT, 0f).not()).intoArray(grad, i);
        }
        for (; i < to; i++) {
            if (!(y[i] > 0f)) {
                grad[i] = 0f;
            }
        }
    }

    @Override
    public double crossEntropyWithGradient(float[] y, float[] x, float[] grad, int n, float scale) {
        return crossEntropy(y, x, grad, n, scale);
    }

    @Override
    public double crossEntropy(float[] y, float[] x, int n) {
        return crossEntropy(y, x, null, n, 0f);
    }

    private static final ThreadLocal<float[]> LANE_SCRATCH = ThreadLocal.withInitial(() -> new float[L]);

    /**
     * The lanes of {@code v} added to a double one after the other. Not {@code reduceLanes(ADD)},
     * whose order is the JIT's: a loss would then change in its last bits between the interpreter,
     * C1 and C2, so with how far the kernels have been compiled.
     */
    private static double inOrder(FloatVector v, float[] lanes) {
        v.intoArray(lanes, 0);
        double sum = 0;
        for (float lane : lanes) {
            sum += lane;
        }
        return sum;
    }

    /** The loss, and with {@code grad} its gradient {@code (y − x) · scale}, in one pass. */
    private static double crossEntropy(float[] y, float[] x, float[] grad, int n, float scale) {
        return split(Split.CROSS_ENTROPY, n).with(y, x, grad).with(scale, 0f, 0f, 0f).sum();
    }

    /** {@link #crossEntropy(float[], float[], float[], int, float)} over one chunk. */
    private static double crossEntropy(float[] y, float[] x, float[] grad, int from, int to, float scale) {
        double total = 0;
        float[] lanes = LANE_SCRATCH.get();
        FloatVector sum = FloatVector.zero(S);
        int count = 0;
        int i = from;
        for (; i < from + S.loopBound(to - from); i += L) {
            FloatVector out = FloatVector.fromArray(S, y, i);
            FloatVector t = FloatVector.fromArray(S, x, i);
            if (grad != null) {
                out.sub(t).mul(scale).intoArray(grad, i);
            }
            FloatVector p = out.max(CLAMP).min(1f - CLAMP);
            FloatVector logP = p.lanewise(VectorOperators.LOG);
            FloatVector logQ = p.neg().add(1f).lanewise(VectorOperators.LOG);
            // -(t log p + (1 - t) log(1 - p)) = -(logQ + t (logP - logQ))
            sum = sum.sub(logP.sub(logQ).fma(t, logQ));
            if (++count == FLUSH) {
                total += inOrder(sum, lanes);
                sum = FloatVector.zero(S);
                count = 0;
            }
        }
        total += inOrder(sum, lanes);
        for (; i < to; i++) {
            if (grad != null) {
                grad[i] = (y[i] - x[i]) * scale;
            }
            float p = Math.min(Math.max(y[i], CLAMP), 1f - CLAMP);
            total -= x[i] * Math.log(p) + (1f - x[i]) * Math.log(1f - p);
        }
        return total;
    }

    @Override
    public double squaredErrorWithGradient(float[] y, float[] x, float[] grad, int n, float scale) {
        return squaredError(y, x, grad, n, scale);
    }

    @Override
    public double squaredError(float[] y, float[] x, int n) {
        return squaredError(y, x, null, n, 0f);
    }

    /** The loss, and with {@code grad} its gradient {@code 2 (y − x) · scale}, chunk by chunk. */
    private static double squaredError(float[] y, float[] x, float[] grad, int n, float scale) {
        return split(Split.SQUARED_ERROR, n).with(y, x, grad).with(scale, 0f, 0f, 0f).sum();
    }

    /** The squared error over one chunk, and with {@code grad} its gradient {@code 2 (y − x) · scale}. */
    private static double squaredError(float[] y, float[] x, float[] grad, int from, int to, float scale) {
        double total = 0;
        float[] lanes = LANE_SCRATCH.get();
        FloatVector sum = FloatVector.zero(S);
        int count = 0;
        float twice = 2f * scale;
        int i = from;
        for (; i < from + S.loopBound(to - from); i += L) {
            FloatVector d = FloatVector.fromArray(S, y, i).sub(FloatVector.fromArray(S, x, i));
            if (grad != null) {
                d.mul(twice).intoArray(grad, i);
            }
            sum = d.fma(d, sum);
            if (++count == FLUSH) {
                total += inOrder(sum, lanes);
                sum = FloatVector.zero(S);
                count = 0;
            }
        }
        total += inOrder(sum, lanes);
        for (; i < to; i++) {
            float d = y[i] - x[i];
            if (grad != null) {
                grad[i] = d * twice;
            }
            total += d * d;
        }
        return total;
    }

    @Override
    public void columnSums(float[] mat, int rows, int cols, float[] out) {
        int j = 0;
        for (; j < S.loopBound(cols); j += L) {
            columnSum(mat, rows, cols, j, out);
        }
        for (; j < cols; j++) {
            float sum = 0f;
            for (int r = 0; r < rows; r++) {
                sum += mat[r * cols + j];
            }
            out[j] = sum;
        }
    }

    /** The sums of one vector of columns, from {@code j}. */
    private static void columnSum(float[] mat, int rows, int cols, int j, float[] out) {
        FloatVector sum = FloatVector.zero(S);
        for (int r = 0; r < rows; r++) {
            sum = sum.add(FloatVector.fromArray(S, mat, r * cols + j));
        }
        sum.intoArray(out, j);
    }

    @Override
    public void sgd(float[] p, float[] g, int n, float lr) {
        split(Split.SGD, n).with(p, g).with(lr, 0f, 0f, 0f).run();
    }

    @Override
    public void sgdRange(float[] p, float[] g, int gOffset, int from, int to, float lr) {
        sgd(p, g, gOffset - from, lr, from, to);
    }

    /** {@link #sgd} on {@code p[from, to)}, against {@code g} {@code gShift} places on ({@code g[i + gShift]} for {@code p[i]}). */
    private static void sgd(float[] p, float[] g, int gShift, float lr, int from, int to) {
        int i = from;
        for (; i < from + S.loopBound(to - from); i += L) {
            FloatVector gv = FloatVector.fromArray(S, g, i + gShift);
            gv.mul(-lr).add(FloatVector.fromArray(S, p, i)).intoArray(p, i);
        }
        for (; i < to; i++) { // the tail, as the lanes compute it
            p[i] = g[i + gShift] * -lr + p[i];
        }
    }

    @Override
    public void momentum(float[] p, float[] g, float[] v, int n, float lr, float mu) {
        split(Split.MOMENTUM, n).with(p, g, v).with(lr, mu, 0f, 0f).run();
    }

    @Override
    public void momentumRange(float[] p, float[] g, int gOffset, float[] v, int from, int to, float lr, float mu) {
        momentum(p, g, gOffset - from, v, lr, mu, from, to);
    }

    /** {@link #momentum} on {@code p[from, to)}, against {@code g[i + gShift]} for {@code p[i]}. */
    private static void momentum(float[] p, float[] g, int gShift, float[] v, float lr, float mu, int from, int to) {
        int i = from;
        for (; i < from + S.loopBound(to - from); i += L) {
            FloatVector vel = FloatVector.fromArray(S, v, i).mul(mu).sub(FloatVector.fromArray(S, g, i + gShift).mul(lr));
            vel.intoArray(v, i);
            FloatVector.fromArray(S, p, i).add(vel).intoArray(p, i);
        }
        for (; i < to; i++) { // the tail, as the lanes compute it
            float vel = v[i] * mu - g[i + gShift] * lr;
            v[i] = vel;
            p[i] = p[i] + vel;
        }
    }

    @Override
    public void adam(float[] p, float[] g, float[] m1, float[] v, int n, float lrCorrected, float b1, float b2, float epsCorrected) {
        split(Split.ADAM, n).with(p, g, m1, v).with(lrCorrected, b1, b2, epsCorrected).run();
    }

    @Override
    public void adamRange(float[] p, float[] g, int gOffset, float[] m, float[] v, int from, int to, float lrCorrected,
            float b1, float b2, float epsCorrected) {
        adam(p, g, gOffset - from, m, v, lrCorrected, b1, b2, epsCorrected, from, to);
    }

    /** {@link #adam} on {@code p[from, to)}, against {@code g[i + gShift]} for {@code p[i]}. */
    private static void adam(float[] p, float[] g, int gShift, float[] m1, float[] v, float lrCorrected, float b1, float b2,
            float epsCorrected, int from, int to) {
        int i = from;
        for (; i < from + S.loopBound(to - from); i += L) {
            FloatVector gv = FloatVector.fromArray(S, g, i + gShift);
            FloatVector mv = FloatVector.fromArray(S, m1, i).mul(b1).add(gv.mul(1f - b1));
            FloatVector vv = FloatVector.fromArray(S, v, i).mul(b2).add(gv.mul(gv).mul(1f - b2));
            mv.intoArray(m1, i);
            vv.intoArray(v, i);
            FloatVector step = mv.mul(lrCorrected).div(vv.sqrt().add(epsCorrected));
            FloatVector.fromArray(S, p, i).sub(step).intoArray(p, i);
        }
        for (; i < to; i++) {
            float gi = g[i + gShift];
            float mi = m1[i] * b1 + gi * (1f - b1);
            float vi = v[i] * b2 + gi * gi * (1f - b2);
            m1[i] = mi;
            v[i] = vi;
            p[i] = p[i] - mi * lrCorrected / ((float) Math.sqrt(vi) + epsCorrected);
        }
    }

    /**
     * SplitMix64 in every lane: the scalar sequence, {@link #L} numbers at a time, from two vectors
     * of longs (even and odd positions) whose 24-bit results are packed side by side into one
     * vector of ints, so that every vector in the loop has the float species' shape. (Converting
     * longs to floats halves the shape; on JDK 17 the shared Vector API methods then see two vector
     * classes, and its C2 boxed the vectors of every kernel inlined from them.)
     */
    @Override
    public void uniform(long state, float[] out, int n, float lo, float hi) {
        chunked(Split.UNIFORM, n, RANDOM_CHUNK).with(null, out).with(lo, hi - lo, 0f, 0f).with(state).run();
    }

    @Override
    public void drawMask(long state, float[] x, float[] out, int n, float p) {
        chunked(Split.DRAW_MASK, n, RANDOM_CHUNK).with(x, out).with(p, 0f, 0f, 0f).with(state).run();
    }

    @Override
    public void drawBernoulli(long state, float[] p, float[] out, int n) {
        chunked(Split.DRAW_BERNOULLI, n, RANDOM_CHUNK).with(p, out).with(state).run();
    }

    /**
     * Positions {@code [from, to)} of {@link #uniform} (with {@code use} {@link Split#UNIFORM}: {@code
     * out = f1 + f2 · u}), of {@link #drawMask} ({@link Split#DRAW_MASK}: {@code out = u < f1 ? 0 : x}) or of
     * {@link #drawBernoulli} ({@link Split#DRAW_BERNOULLI}: {@code out = u < x ? 1 : 0}); each number
     * depends on its position only. One loop for the three, so the generator is written once; C2 takes
     * the test of {@code use} out of the loop.
     */
    private static void drawn(int use, long state, float[] x, float[] out, float f1, float f2, int from, int to) {
        LongVector even = LongVector.fromArray(LONGS, EVEN_STEPS, 0);
        LongVector odd = even.add(Rng.GOLDEN);
        FloatVector twoTo23 = FloatVector.broadcast(S, TWO_TO_23);
        FloatVector one = FloatVector.broadcast(S, 1f);
        int i = from;
        for (int bound = to - (to - from) % L; i < bound; i += L) {
            // Rng.mix in every lane, written out (see sigmoidAffine for why not called)
            LongVector a = even.add(state + i * Rng.GOLDEN);
            LongVector b = odd.add(state + i * Rng.GOLDEN);
            a = a.lanewise(VectorOperators.LSHR, 30).lanewise(VectorOperators.XOR, a).mul(0xBF58476D1CE4E5B9L);
            b = b.lanewise(VectorOperators.LSHR, 30).lanewise(VectorOperators.XOR, b).mul(0xBF58476D1CE4E5B9L);
            a = a.lanewise(VectorOperators.LSHR, 27).lanewise(VectorOperators.XOR, a).mul(0x94D049BB133111EBL);
            b = b.lanewise(VectorOperators.LSHR, 27).lanewise(VectorOperators.XOR, b).mul(0x94D049BB133111EBL);
            a = a.lanewise(VectorOperators.LSHR, 31).lanewise(VectorOperators.XOR, a).lanewise(VectorOperators.LSHR, 40);
            b = b.lanewise(VectorOperators.LSHR, 31).lanewise(VectorOperators.XOR, b).lanewise(VectorOperators.LSHR, 40);
            IntVector bits = a.or(b.lanewise(VectorOperators.LSHL, 32)).reinterpretAsInts(); // 24 bits a lane, in order
            // As a float, exactly, without a conversion (2^23 + n holds n < 2^23 in its mantissa), the
            // top 23 bits and the lowest one apart.
            FloatVector high = bits.lanewise(VectorOperators.LSHR, 1).or(TWO_TO_23_BITS).reinterpretAsFloats().sub(twoTo23);
            FloatVector low = bits.and(1).or(TWO_TO_23_BITS).reinterpretAsFloats().sub(twoTo23);
            FloatVector u = high.mul(2f).add(low).mul(0x1.0p-24f);
            if (use == Split.UNIFORM) {
                u.mul(f2).add(f1).intoArray(out, i);
            } else if (use == Split.DRAW_MASK) {
                FloatVector.fromArray(S, x, i).blend(0f, u.compare(VectorOperators.LT, f1)).intoArray(out, i);
            } else {
                FloatVector.zero(S).blend(one, u.compare(VectorOperators.LT, FloatVector.fromArray(S, x, i))).intoArray(out, i);
            }
        }
        for (; i < to; i++) {
            float u = Rng.uniformAt(state, i);
            if (use == Split.UNIFORM) {
                out[i] = f1 + f2 * u;
            } else if (use == Split.DRAW_MASK) {
                out[i] = u < f1 ? 0f : x[i];
            } else {
                out[i] = u < x[i] ? 1f : 0f;
            }
        }
    }

    /**
     * Box–Muller, the reference's formula, in plain arithmetic so the same bits come every run (see
     * {@link #sigmoidAffine}), and written out in the loop for the same reason as there: ln(1 − u₁)
     * as Cephes' logf (the exponent from the bits, the mantissa in [√½, √2), a degree-8 polynomial),
     * cos and sin of 2πu₂ as Cephes' cosf and sinf on an eighth of a turn around the nearest quarter.
     * About one ulp each; the tail runs the reference.
     */
    @Override
    public void gaussianFromUniform(float[] u, int half, float mean, float std) {
        FloatVector zero = FloatVector.zero(S);
        FloatVector mu = FloatVector.broadcast(S, mean);
        int i = 0;
        for (; i < S.loopBound(half); i += L) {
            // ln(1 − u₁): 1 − u₁ = m · 2^e with m in [½, 1)
            FloatVector x = FloatVector.fromArray(S, u, i).neg().add(1f);
            IntVector bits = x.reinterpretAsInts();
            // The exponent less 126 as a float, exactly, without a conversion: (2^23 + n) − (2^23 + 126).
            FloatVector e = bits.lanewise(VectorOperators.LSHR, 23).and(0xff).or(TWO_TO_23_BITS).reinterpretAsFloats()
                    .sub(TWO_TO_23 + 126f);
            FloatVector m = bits.and(0x807fffff).or(0x3f000000).reinterpretAsFloats();
            VectorMask<Float> small = m.compare(VectorOperators.LT, SQRT_HALF);
            e = e.sub(zero.blend(1f, small));
            FloatVector f = m.add(m.blend(zero, small.not())).sub(1f); // 2m − 1 below √½, else m − 1
            FloatVector f2 = f.mul(f);
            FloatVector y = f.mul(7.0376836292e-2f).sub(1.1514610310e-1f);
            y = y.mul(f).add(1.1676998740e-1f);
            y = y.mul(f).sub(1.2420140846e-1f);
            y = y.mul(f).add(1.4249322787e-1f);
            y = y.mul(f).sub(1.6668057665e-1f);
            y = y.mul(f).add(2.0000714765e-1f);
            y = y.mul(f).sub(2.4999993993e-1f);
            y = y.mul(f).add(3.3333331174e-1f);
            y = y.mul(f).mul(f2).add(e.mul(LN2_LO)).add(f2.mul(-0.5f));
            FloatVector ln = f.add(y).add(e.mul(LN2_HI));
            FloatVector radius = ln.mul(-2f).sqrt().mul(std);
            // cos and sin of 2πu₂: the turn less its nearest quarter q, an angle a in [−π/4, π/4]
            FloatVector turns = FloatVector.fromArray(S, u, i + half);
            FloatVector t = turns.sub(turns.add(ROUND).sub(ROUND));
            FloatVector roundedQ = t.mul(4f).add(ROUND);
            FloatVector q = roundedQ.sub(ROUND);
            FloatVector a = t.sub(q.mul(0.25f)).mul(TWO_PI);
            FloatVector a2 = a.mul(a);
            FloatVector sin = a2.mul(-1.9515295891e-4f).add(8.3321608736e-3f);
            sin = sin.mul(a2).sub(1.6666654611e-1f).mul(a2).mul(a).add(a);
            FloatVector cos = a2.mul(2.443315711809948e-5f).sub(1.388731625493765e-3f);
            cos = cos.mul(a2).add(4.166664568298827e-2f).mul(a2).mul(a2).sub(a2.mul(0.5f)).add(1f);
            // Turn (cos a, sin a) by q quarters: q ≡ 1 gives (−sin, cos), 2 (−cos, −sin), 3 (sin, −cos).
            IntVector quarter = roundedQ.reinterpretAsInts().and(3); // (int) q & 3, as ROUND_BITS & 3 is 0
            VectorMask<Float> odd = quarter.and(1).compare(VectorOperators.NE, 0).cast(S);
            VectorMask<Float> negateCos = quarter.compare(VectorOperators.EQ, 1).or(quarter.compare(VectorOperators.EQ, 2)).cast(S);
            VectorMask<Float> negateSin = quarter.compare(VectorOperators.GE, 2).cast(S);
            FloatVector c = cos.blend(sin, odd);
            FloatVector sn = sin.blend(cos, odd);
            radius.fma(c.blend(c.neg(), negateCos), mu).intoArray(u, i);
            radius.fma(sn.blend(sn.neg(), negateSin), mu).intoArray(u, i + half);
        }
        for (; i < half; i++) { // the tail, as the reference computes it
            double r = Math.sqrt(-2 * Math.log(1 - u[i]));
            double theta = 2 * Math.PI * u[i + half];
            u[i] = (float) (mean + std * r * Math.cos(theta));
            u[i + half] = (float) (mean + std * r * Math.sin(theta));
        }
    }

    /** The reference's means and KL sum over the columns (a few hundred), and the gradient over every row in vectors. */
    @Override
    public double klPenalty(float[] h, int rows, int cols, float target, float[] means, float[] grad, float scale) {
        double kl = klMeans(h, rows, cols, target, means);
        for (int r = 0; r < rows; r++) {
            int base = r * cols;
            int j = 0;
            for (; j < S.loopBound(cols); j += L) {
                FloatVector rho = FloatVector.fromArray(S, means, j);
                FloatVector d = FloatVector.broadcast(S, 1f - target).div(rho.neg().add(1f))
                        .sub(FloatVector.broadcast(S, target).div(rho));
                d.fma(FloatVector.broadcast(S, scale), FloatVector.fromArray(S, grad, base + j)).intoArray(grad, base + j);
            }
            for (; j < cols; j++) {
                grad[base + j] += scale * (-target / means[j] + (1 - target) / (1 - means[j]));
            }
        }
        return kl;
    }

    @Override
    public void mask(float[] x, float[] u, float[] out, int n, float p) {
        split(Split.MASK, n).with(x, u, out).with(p, 0f, 0f, 0f).run();
    }

    private static void mask(float[] x, float[] u, float[] out, float p, int from, int to) {
        int i = from;
        for (; i < from + S.loopBound(to - from); i += L) {
            FloatVector.fromArray(S, x, i).blend(0f, FloatVector.fromArray(S, u, i).compare(VectorOperators.LT, p))
                    .intoArray(out, i);
        }
        for (; i < to; i++) {
            out[i] = u[i] < p ? 0f : x[i];
        }
    }

    @Override
    public void saltAndPepper(float[] x, float[] u, float[] out, int n, float p) {
        split(Split.SALT_AND_PEPPER, n).with(x, u, out).with(p, 0f, 0f, 0f).run();
    }

    private static void saltAndPepper(float[] x, float[] u, float[] out, float p, int from, int to) {
        float half = p / 2;
        int i = from;
        for (; i < from + S.loopBound(to - from); i += L) {
            FloatVector uv = FloatVector.fromArray(S, u, i);
            FloatVector.fromArray(S, x, i)
                    .blend(1f, uv.compare(VectorOperators.LT, p))
                    .blend(0f, uv.compare(VectorOperators.LT, half))
                    .intoArray(out, i);
        }
        for (; i < to; i++) {
            out[i] = u[i] < half ? 0f : u[i] < p ? 1f : x[i];
        }
    }

    @Override
    public void add(float[] x, float[] y, float[] out, int n) {
        split(Split.ADD, n).with(x, y, out).run();
    }

    private static void add(float[] x, float[] y, float[] out, int from, int to) {
        int i = from;
        for (; i < from + S.loopBound(to - from); i += L) {
            FloatVector.fromArray(S, x, i).add(FloatVector.fromArray(S, y, i)).intoArray(out, i);
        }
        for (; i < to; i++) {
            out[i] = x[i] + y[i];
        }
    }

    @Override
    public void axpy(float alpha, float[] x, int xOffset, float[] y, int yOffset, int n) {
        FloatVector a = FloatVector.broadcast(S, alpha);
        int i = 0;
        for (int whole = S.loopBound(n); i < whole; i += L) {
            a.fma(FloatVector.fromArray(S, x, xOffset + i), FloatVector.fromArray(S, y, yOffset + i)).intoArray(y, yOffset + i);
        }
        for (; i < n; i++) {
            y[yOffset + i] += alpha * x[xOffset + i];
        }
    }

    @Override
    public float dot(float[] x, int xOffset, float[] y, int yOffset, int n) {
        FloatVector sum = FloatVector.zero(S);
        int i = 0;
        for (int whole = S.loopBound(n); i < whole; i += L) {
            sum = FloatVector.fromArray(S, x, xOffset + i).fma(FloatVector.fromArray(S, y, yOffset + i), sum);
        }
        float total = sum.reduceLanes(VectorOperators.ADD);
        for (; i < n; i++) {
            total += x[xOffset + i] * y[yOffset + i];
        }
        return total;
    }

    @Override
    public void multiply(float[] x, float[] y, float[] out, int n) {
        split(Split.MULTIPLY, n).with(x, y, out).run();
    }

    private static void multiply(float[] x, float[] y, float[] out, int from, int to) {
        int i = from;
        for (; i < from + S.loopBound(to - from); i += L) {
            FloatVector.fromArray(S, x, i).mul(FloatVector.fromArray(S, y, i)).intoArray(out, i);
        }
        for (; i < to; i++) {
            out[i] = x[i] * y[i];
        }
    }

    @Override
    public void dropoutMask(float[] u, int n, float p) {
        split(Split.DROPOUT, n).with(u).with(p, 0f, 0f, 0f).run();
    }

    private static void dropoutMask(float[] u, float p, int from, int to) {
        float kept = 1f / (1f - p);
        FloatVector keep = FloatVector.broadcast(S, kept);
        int i = from;
        for (; i < from + S.loopBound(to - from); i += L) {
            keep.blend(0f, FloatVector.fromArray(S, u, i).compare(VectorOperators.LT, p)).intoArray(u, i);
        }
        for (; i < to; i++) {
            u[i] = u[i] < p ? 0f : kept;
        }
    }

    @Override
    public double l1Penalty(float[] h, float[] grad, int n, float scale) {
        double total = 0;
        FloatVector sum = FloatVector.zero(S);
        int count = 0;
        int i = 0;
        for (; i < S.loopBound(n); i += L) {
            FloatVector v = FloatVector.fromArray(S, h, i);
            sum = sum.add(v.abs());
            FloatVector sign = FloatVector.zero(S).blend(scale, v.compare(VectorOperators.GT, 0f))
                    .blend(-scale, v.compare(VectorOperators.LT, 0f));
            FloatVector.fromArray(S, grad, i).add(sign).intoArray(grad, i);
            if (++count == FLUSH) {
                total += sum.reduceLanes(VectorOperators.ADD);
                sum = FloatVector.zero(S);
                count = 0;
            }
        }
        total += sum.reduceLanes(VectorOperators.ADD);
        for (; i < n; i++) {
            float v = h[i];
            total += Math.abs(v);
            grad[i] = grad[i] + (v > 0f ? scale : v < 0f ? -scale : 0f);
        }
        return total;
    }

    @Override
    public void contractiveWeightGradient(float[] w, float[] scratch, int units, int inputs, float[] wGrad, float scale) {
        for (int j = 0; j < units; j++) {
            FloatVector c = FloatVector.broadcast(S, 2f * scale * scratch[units + j]);
            int row = j * inputs;
            float factor = 2f * scale * scratch[units + j];
            int i = 0;
            for (; i < S.loopBound(inputs); i += L) {
                FloatVector.fromArray(S, w, row + i).fma(c, FloatVector.fromArray(S, wGrad, row + i)).intoArray(wGrad, row + i);
            }
            for (; i < inputs; i++) {
                wGrad[row + i] = Math.fma(w[row + i], factor, wGrad[row + i]);
            }
        }
    }

    @Override
    public void sampleBernoulli(float[] p, float[] u, float[] out, int n) {
        split(Split.BERNOULLI, n).with(p, u, out).run();
    }

    private static void sampleBernoulli(float[] p, float[] u, float[] out, int from, int to) {
        FloatVector one = FloatVector.broadcast(S, 1f);
        int i = from;
        for (; i < from + S.loopBound(to - from); i += L) {
            VectorMask<Float> on = FloatVector.fromArray(S, u, i).compare(VectorOperators.LT, FloatVector.fromArray(S, p, i));
            FloatVector.zero(S).blend(one, on).intoArray(out, i);
        }
        for (; i < to; i++) {
            out[i] = u[i] < p[i] ? 1f : 0f;
        }
    }

    /** Floats a chunk of a flat kernel: a multiple of {@link #FLUSH} vectors, 32 KB. */
    private static final int CHUNK = 1 << 13;
    /**
     * Floats a chunk of {@link #uniform}. A step draws few random numbers (W3: 50,000, 7 chunks of
     * {@link #CHUNK}), so in bench's 20-batch warm-up the method was called too rarely to reach C2:
     * it ran the timed epoch's first steps in C1, boxing every vector (100-220 MB allocated in the
     * epoch where it should allocate nothing). Eight times the calls compile it within the warm-up;
     * a chunk is still a microsecond's work, and each number depends on its position only, so the
     * bits are the same.
     */
    private static final int RANDOM_CHUNK = 1 << 10;
    /** Below this many floats a kernel runs on the calling thread only. */
    private static final int PARALLEL_FLOATS = 1 << 15;

    private static final ThreadLocal<Split> SPLITS = ThreadLocal.withInitial(Split::new);

    /** A flat kernel over {@code n} floats. */
    private static Split split(int kernel, int n) {
        return chunked(kernel, n, CHUNK);
    }

    /** A flat kernel over {@code n} floats, in chunks of {@code chunk}. */
    private static Split chunked(int kernel, int n, int chunk) {
        return SPLITS.get().start(kernel, (n + chunk - 1) / chunk, n, 0, chunk);
    }

    /** A kernel over the rows of a {@code rows × cols} matrix. */
    private static Split split(int kernel, int rows, int cols) {
        return SPLITS.get().start(kernel, rows, rows * cols, cols, 0);
    }

    /**
     * An elementwise kernel cut into units, chunks of {@link #CHUNK} floats ({@link #RANDOM_CHUNK}
     * for the random numbers) or rows, each run by a method of its own: one that is called hundreds
     * of times a step is compiled whole by the JIT within a few steps, where one loop over the whole
     * array was called too rarely to leave the first tier (its loop alone got compiled, and entered
     * only part way through each call). Large kernels hand their units to the kernel threads in
     * contiguous parts; every float is computed the same way whoever computes it, so the split
     * changes no bit. A loss sums each chunk on its
     * own and adds the chunks' sums in chunk order, so the order of its additions does not depend
     * on how the chunks are shared. One per thread, reused, so a call allocates nothing.
     */
    private static final class Split implements Parallel.Task {
        static final int SIGMOID = 0, TANH = 1, RELU = 2, BIAS = 3, SIGMOID_BACKWARD = 4, TANH_BACKWARD = 5,
                RELU_BACKWARD = 6, SGD = 7, MOMENTUM = 8, ADAM = 9, UNIFORM = 10, MASK = 11, SALT_AND_PEPPER = 12,
                ADD = 13, MULTIPLY = 14, DROPOUT = 15, BERNOULLI = 16, CROSS_ENTROPY = 17, SQUARED_ERROR = 18,
                DRAW_MASK = 19, DRAW_BERNOULLI = 20;

        private int kernel, units, n, cols, chunk;
        private float[] a, b, c, d;
        private float f1, f2, f3, f4;
        private long state;
        /** A loss kernel's sum over each chunk, added up in chunk order whatever the split. */
        private double[] partials = new double[0];

        Split start(int kernel, int units, int n, int cols, int chunk) {
            this.kernel = kernel;
            this.units = units;
            this.n = n;
            this.cols = cols;
            this.chunk = chunk;
            return this;
        }

        Split with(float[] a) {
            return with(a, null, null, null);
        }

        Split with(float[] a, float[] b) {
            return with(a, b, null, null);
        }

        Split with(float[] a, float[] b, float[] c) {
            return with(a, b, c, null);
        }

        Split with(float[] a, float[] b, float[] c, float[] d) {
            this.a = a;
            this.b = b;
            this.c = c;
            this.d = d;
            return this;
        }

        Split with(float f1, float f2, float f3, float f4) {
            this.f1 = f1;
            this.f2 = f2;
            this.f3 = f3;
            this.f4 = f4;
            return this;
        }

        Split with(long state) {
            this.state = state;
            return this;
        }

        /** Runs a loss kernel: the chunks' sums, in order. */
        double sum() {
            if (partials.length < units) {
                partials = new double[units];
            }
            run();
            double total = 0;
            for (int unit = 0; unit < units; unit++) {
                total += partials[unit];
            }
            return total;
        }

        void run() {
            try {
                if (n >= PARALLEL_FLOATS && units > 1 && !Parallel.instance().inPart()) {
                    Parallel.instance().run(this);
                } else {
                    run(0, 1);
                }
            } finally {
                a = b = c = d = null;
            }
        }

        @Override
        public void run(int part, int parts) {
            int from = (int) ((long) units * part / parts);
            int to = (int) ((long) units * (part + 1) / parts);
            for (int unit = from; unit < to; unit++) {
                if (cols > 0) {
                    unit(0, 0, unit * cols);
                } else {
                    unit(unit * chunk, Math.min(n, (unit + 1) * chunk), 0);
                }
            }
        }

        /** One chunk {@code [i, end)} of a flat kernel, or the row at {@code base} of a row kernel. */
        private void unit(int i, int end, int base) {
            switch (kernel) {
                case SIGMOID -> sigmoidAffine(a, b, base, cols, 1f, 1f, 0f);
                case TANH -> sigmoidAffine(a, b, base, cols, 2f, 2f, -1f);
                case RELU -> reluRow(a, b, base, cols);
                case BIAS -> biasRow(a, b, base, cols);
                case SIGMOID_BACKWARD -> sigmoidBackward(a, b, i, end);
                case TANH_BACKWARD -> tanhBackward(a, b, i, end);
                case RELU_BACKWARD -> reluBackward(a, b, i, end);
                case SGD -> sgd(a, b, 0, f1, i, end);
                case MOMENTUM -> momentum(a, b, 0, c, f1, f2, i, end);
                case ADAM -> adam(a, b, 0, c, d, f1, f2, f3, f4, i, end);
                case UNIFORM, DRAW_MASK, DRAW_BERNOULLI -> drawn(kernel, state, a, b, f1, f2, i, end);
                case MASK -> mask(a, b, c, f1, i, end);
                case SALT_AND_PEPPER -> saltAndPepper(a, b, c, f1, i, end);
                case ADD -> add(a, b, c, i, end);
                case MULTIPLY -> multiply(a, b, c, i, end);
                case DROPOUT -> dropoutMask(a, f1, i, end);
                case BERNOULLI -> sampleBernoulli(a, b, c, i, end);
                case CROSS_ENTROPY -> partials[i / CHUNK] = crossEntropy(a, b, c, i, end, f1);
                case SQUARED_ERROR -> partials[i / CHUNK] = squaredError(a, b, c, i, end, f1);
                default -> throw new IllegalStateException("no kernel " + kernel);
            }
        }
    }
}
