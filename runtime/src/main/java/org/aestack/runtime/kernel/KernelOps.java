package org.aestack.runtime.kernel;

import org.aestack.dsl.Activation;

/**
 * The numeric kernels: {@link Gemm}'s products, the activations, losses and optimizer updates.
 * There are two implementations: {@link ScalarOps}, the plain reference, and a Vector API one that
 * {@link Kernels} loads by name when {@code jdk.incubator.vector} is present.
 *
 * <p>All matrices are row-major {@code float[]}; {@code n} counts elements, {@code rows × cols}
 * describes a matrix with row stride {@code cols}. Implementations must not allocate.
 */
public interface KernelOps {
    /** A short name for logs and benchmark output, such as "panama-512" or "scalar". */
    String name();

    /** How the matrix products are blocked, for benchmark lines: "12x2v kc1008 nc512 packedB512k", or "scalar". */
    default String gemmBlocking() {
        return "scalar";
    }

    void gemmNN(int m, int n, int k, float alpha, float[] a, int lda, float[] b, int ldb, float beta, float[] c, int ldc);

    void gemmNT(int m, int n, int k, float alpha, float[] a, int lda, float[] b, int ldb, float beta, float[] c, int ldc);

    void gemmTN(int m, int n, int k, float alpha, float[] a, int lda, float[] b, int ldb, float beta, float[] c, int ldc);

    /**
     * {@link #gemmTN}, then {@code then} on every run of C it finished ({@code null}: nothing), each
     * element of the {@code m × n} result in one run. The same bits in C as {@link #gemmTN}. A
     * kernel may call {@code then} from several threads, each run as soon as its tiles are final.
     */
    default void gemmTN(int m, int n, int k, float alpha, float[] a, int lda, float[] b, int ldb, float beta, float[] c,
            int ldc, Epilogue then) {
        gemmTN(m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
        if (then != null) {
            then.rows(0, m, 0, n, ldc);
        }
    }

    /**
     * {@link #gemmNT} for a B that several products in a row multiply by, unchanged between them
     * (an RBM's weights, for the hidden means of the data and then of the reconstruction): with
     * {@code fresh} a kernel may keep what it made of B, and without it reuse what the calling
     * thread's last fresh call kept, where the shapes let it. The same bits as {@link #gemmNT}
     * either way. The caller promises that B has not changed since its last fresh call; where it
     * has, pass {@code fresh}.
     */
    default void gemmNTKept(boolean fresh, int m, int n, int k, float alpha, float[] a, int lda, float[] b, int ldb,
            float beta, float[] c, int ldc) {
        gemmNT(m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
    }

    /**
     * {@code C = alpha1 · A1ᵀ·B1 + alpha2 · A2ᵀ·B2 + beta · C} for contiguous row-major operands
     * ({@code A_i} is {@code k_i × m}, {@code B_i} {@code k_i × n}, C {@code m × n}), with the bits of
     * {@link #gemmTN} with {@code beta} followed by {@link #gemmTN} with 1: a Boltzmann machine's
     * weight gradient, its data statistics less its model statistics. A kernel may add both products
     * to each tile of C in turn, so C is passed over once.
     */
    default void gemmTNPair(int m, int n, int k1, float alpha1, float[] a1, float[] b1, int k2, float alpha2,
            float[] a2, float[] b2, float beta, float[] c) {
        gemmTN(m, n, k1, alpha1, a1, m, b1, n, beta, c, n);
        gemmTN(m, n, k2, alpha2, a2, m, b2, n, 1f, c, n);
    }

    /** {@code z[r][j] = sigmoid(z[r][j] + bias[j])} over a {@code rows × cols} matrix. */
    void sigmoidWithBias(float[] z, float[] bias, int rows, int cols);

    /** {@code z[r][j] = tanh(z[r][j] + bias[j])}. */
    void tanhWithBias(float[] z, float[] bias, int rows, int cols);

    /** {@code z[r][j] = max(0, z[r][j] + bias[j])}. */
    void reluWithBias(float[] z, float[] bias, int rows, int cols);

    /** {@code z[r][j] = z[r][j] + bias[j]} (the linear activation). */
    void addBias(float[] z, float[] bias, int rows, int cols);

    /** {@code grad[i] *= y[i] * (1 - y[i])}, where {@code y} holds sigmoid outputs. */
    void sigmoidBackward(float[] y, float[] grad, int n);

    /** {@code grad[i] *= 1 - y[i]²}, where {@code y} holds tanh outputs. */
    void tanhBackward(float[] y, float[] grad, int n);

    /** {@code grad[i] = y[i] > 0 ? grad[i] : 0}, where {@code y} holds rectifier outputs. */
    void reluBackward(float[] y, float[] grad, int n);

    /**
     * Cross-entropy of sigmoid outputs {@code y} against targets {@code x}, with its gradient with
     * respect to the output layer's pre-activation: {@code grad[i] = scale * (y[i] - x[i])}.
     * Probabilities are clamped to [1e-7, 1 − 1e-7] inside the logarithms.
     *
     * @return the loss summed over the {@code n} elements (unscaled)
     */
    double crossEntropyWithGradient(float[] y, float[] x, float[] grad, int n, float scale);

    /** The summed cross-entropy of {@code y} against {@code x}, clamped as above. */
    double crossEntropy(float[] y, float[] x, int n);

    /**
     * Squared error with its gradient with respect to the output {@code y}:
     * {@code grad[i] = 2 * scale * (y[i] - x[i])}.
     *
     * @return Σ (y − x)² over the {@code n} elements (unscaled)
     */
    double squaredErrorWithGradient(float[] y, float[] x, float[] grad, int n, float scale);

    /** Σ (y − x)² over the {@code n} elements. */
    double squaredError(float[] y, float[] x, int n);

    /** {@code out[j] = Σ_r m[r][j]} over a {@code rows × cols} matrix (bias gradients). */
    void columnSums(float[] m, int rows, int cols, float[] out);

    /** {@code p[i] -= lr * g[i]}. */
    void sgd(float[] p, float[] g, int n, float lr);

    /** {@code v[i] = mu * v[i] - lr * g[i]; p[i] += v[i]}. */
    void momentum(float[] p, float[] g, float[] v, int n, float lr, float mu);

    /**
     * One Adam step: {@code m = b1 m + (1-b1) g; v = b2 v + (1-b2) g²;
     * p -= lrCorrected * m / (sqrt(v) + epsCorrected)}, where the caller folds the bias corrections
     * into {@code lrCorrected = lr * sqrt(1-b2^t) / (1-b1^t)} and {@code epsCorrected = eps * sqrt(1-b2^t)}.
     */
    void adam(float[] p, float[] g, float[] m, float[] v, int n, float lrCorrected, float b1, float b2, float epsCorrected);

    /**
     * {@link #sgd} on positions {@code [from, to)} only, on the calling thread (for an
     * {@link Epilogue}, which runs on a product's threads), against the gradient
     * {@code g[gOffset, gOffset + to - from)}: {@code g} may be the whole gradient
     * ({@code gOffset == from}) or a product's buffer holding just this run. The same bits there as
     * {@link #sgd}.
     */
    void sgdRange(float[] p, float[] g, int gOffset, int from, int to, float lr);

    /** {@link #momentum} on positions {@code [from, to)} only, as {@link #sgdRange} takes its gradient; the same bits there. */
    void momentumRange(float[] p, float[] g, int gOffset, float[] v, int from, int to, float lr, float mu);

    /** {@link #adam} on positions {@code [from, to)} only, as {@link #sgdRange} takes its gradient; the same bits there. */
    void adamRange(float[] p, float[] g, int gOffset, float[] m, float[] v, int from, int to, float lrCorrected, float b1,
            float b2, float epsCorrected);

    /**
     * {@code out[i] = lo + (hi - lo) * u_i}, where {@code u_i} is the top 24 bits, over 2^24, of the
     * SplitMix64 output {@code mix(state + (i + 1) * 0x9E3779B97F4A7C15)}: exactly the numbers
     * {@link Rng#nextFloat()} would give in turn from {@code state}.
     */
    void uniform(long state, float[] out, int n, float lo, float hi);

    /**
     * Turns {@code 2 * half} uniforms in [0, 1) into standard normals in place, by Box–Muller on
     * the pairs {@code (u[i], u[i + half])}, then scales them to {@code mean + std * g}.
     */
    void gaussianFromUniform(float[] u, int half, float mean, float std);

    /** Masking noise: {@code out[i] = u[i] < p ? 0 : x[i]}. */
    void mask(float[] x, float[] u, float[] out, int n, float p);

    /**
     * Masking noise from uniforms drawn as it goes: {@link #mask} with the numbers {@link #uniform}
     * would give from {@code state} in [0, 1), which it never stores (the same bits as the two calls,
     * without their pass over a buffer of noise).
     */
    void drawMask(long state, float[] x, float[] out, int n, float p);

    /** Salt-and-pepper noise: {@code out[i] = u[i] < p/2 ? 0 : u[i] < p ? 1 : x[i]}. */
    void saltAndPepper(float[] x, float[] u, float[] out, int n, float p);

    /** {@code out[i] = x[i] + y[i]}. */
    void add(float[] x, float[] y, float[] out, int n);

    /** {@code y[yOffset + i] += alpha * x[xOffset + i]} for {@code i < n}: a convolution's direct loops, a whole plane at a time. */
    void axpy(float alpha, float[] x, int xOffset, float[] y, int yOffset, int n);

    /** {@code Σ x[xOffset + i] · y[yOffset + i]} for {@code i < n}, summed in float. */
    float dot(float[] x, int xOffset, float[] y, int yOffset, int n);

    /** {@code out[i] = x[i] * y[i]}. */
    void multiply(float[] x, float[] y, float[] out, int n);

    /** Inverted-dropout mask from uniforms, in place: {@code u[i] = u[i] < p ? 0 : 1 / (1 - p)}. */
    void dropoutMask(float[] u, int n, float p);

    /**
     * The L1 sparsity penalty: {@code grad[i] += scale * sign(h[i])} (0 at 0).
     *
     * @return Σ |h[i]|
     */
    double l1Penalty(float[] h, float[] grad, int n, float scale);

    /**
     * The KL sparsity penalty toward mean activation {@code target} for a {@code rows × cols} batch of
     * sigmoid outputs: {@code means[j]} becomes column j's mean ρ̂ (clamped to [1e-6, 1 − 1e-6]), and
     * {@code grad[r][j] += scale * (−ρ/ρ̂ + (1 − ρ)/(1 − ρ̂))}.
     *
     * @return Σ<sub>j</sub> KL(ρ ‖ ρ̂<sub>j</sub>)
     */
    double klPenalty(float[] h, int rows, int cols, float target, float[] means, float[] grad, float scale);

    /**
     * The contractive penalty of a layer {@code h = f(z)}, {@code z = W x + b}, with {@code W}
     * {@code units × inputs}: per sample Σ<sub>j</sub> f′(z<sub>j</sub>)² s<sub>j</sub>, s<sub>j</sub> = Σ<sub>i</sub> W<sub>ji</sub>².
     * Adds {@code scale * 2 f′ f″ s_j} to the pre-activation gradient {@code grad}, and leaves in
     * {@code scratch} (2 × units) the row norms s and the batch sums of f′², for
     * {@link #contractiveWeightGradient}.
     *
     * @return the penalty summed over the batch
     */
    double contractivePenalty(Activation activation, float[] h, float[] w, int rows, int units, int inputs,
            float[] scratch, float[] grad, float scale);

    /** The contractive penalty's direct term in the weight gradient: {@code wGrad[j][i] += 2 scale Σ_r f′² W[j][i]}. */
    void contractiveWeightGradient(float[] w, float[] scratch, int units, int inputs, float[] wGrad, float scale);

    /** The cross-entropy of each row of a {@code rows × cols} batch: {@code out[r]}, clamped as {@link #crossEntropy}. */
    void crossEntropyRows(float[] y, float[] x, int rows, int cols, double[] out, int offset);

    /** The squared error of each row of a {@code rows × cols} batch: {@code out[offset + r]}. */
    void squaredErrorRows(float[] y, float[] x, int rows, int cols, double[] out, int offset);

    /** Bernoulli samples of probabilities: {@code out[i] = u[i] < p[i] ? 1 : 0}, from uniforms {@code u}. */
    void sampleBernoulli(float[] p, float[] u, float[] out, int n);

    /**
     * Bernoulli samples from uniforms drawn as it goes: {@link #sampleBernoulli} with the numbers
     * {@link #uniform} would give from {@code state} in [0, 1), which it never stores. {@code out} may
     * be {@code p}.
     */
    void drawBernoulli(long state, float[] p, float[] out, int n);
}
