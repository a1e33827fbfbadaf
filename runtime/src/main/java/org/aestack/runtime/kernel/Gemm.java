package org.aestack.runtime.kernel;

/**
 * Single-precision matrix multiplication on row-major matrices, in the three forms backpropagation
 * needs. Each computes {@code C = alpha * op(A) * op(B) + beta * C}, where {@code C} is
 * {@code m × n}; {@code lda}, {@code ldb} and {@code ldc} are the row strides of the stored matrices.
 *
 * <p>When {@code beta} is zero, {@code C} is overwritten and its old contents (even NaN) are ignored.
 * The vectorized implementation is chosen once per JVM (see {@link Kernels}); {@link ScalarGemm} is
 * the plain reference it is tested against.
 */
public final class Gemm {
    private Gemm() {}

    /** {@code C = alpha * A * B + beta * C}; A is {@code m × k}, B is {@code k × n}. */
    public static void nn(int m, int n, int k, float alpha, float[] a, int lda, float[] b, int ldb,
            float beta, float[] c, int ldc) {
        Kernels.ops().gemmNN(m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
    }

    /** {@code C = alpha * A * Bᵀ + beta * C}; A is {@code m × k}, B is {@code n × k}. */
    public static void nt(int m, int n, int k, float alpha, float[] a, int lda, float[] b, int ldb,
            float beta, float[] c, int ldc) {
        Kernels.ops().gemmNT(m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
    }

    /** {@code C = alpha * Aᵀ * B + beta * C}; A is {@code k × m}, B is {@code k × n}. */
    public static void tn(int m, int n, int k, float alpha, float[] a, int lda, float[] b, int ldb,
            float beta, float[] c, int ldc) {
        Kernels.ops().gemmTN(m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
    }
}
