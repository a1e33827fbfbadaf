package org.aestack.runtime.kernel;

/** The reference matrix products: plain loops in double-free float arithmetic, row-major. */
public final class ScalarGemm {
    private ScalarGemm() {}

    public static void nn(int m, int n, int k, float alpha, float[] a, int lda, float[] b, int ldb, float beta, float[] c, int ldc) {
        for (int i = 0; i < m; i++) {
            scaleRow(c, i * ldc, n, beta);
            for (int p = 0; p < k; p++) {
                float aip = alpha * a[i * lda + p];
                int bRow = p * ldb;
                int cRow = i * ldc;
                for (int j = 0; j < n; j++) {
                    c[cRow + j] += aip * b[bRow + j];
                }
            }
        }
    }

    public static void nt(int m, int n, int k, float alpha, float[] a, int lda, float[] b, int ldb, float beta, float[] c, int ldc) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                float sum = 0f;
                for (int p = 0; p < k; p++) {
                    sum += a[i * lda + p] * b[j * ldb + p];
                }
                int idx = i * ldc + j;
                c[idx] = alpha * sum + (beta == 0f ? 0f : beta * c[idx]);
            }
        }
    }

    public static void tn(int m, int n, int k, float alpha, float[] a, int lda, float[] b, int ldb, float beta, float[] c, int ldc) {
        for (int i = 0; i < m; i++) {
            scaleRow(c, i * ldc, n, beta);
        }
        for (int p = 0; p < k; p++) {
            for (int i = 0; i < m; i++) {
                float api = alpha * a[p * lda + i];
                int bRow = p * ldb;
                int cRow = i * ldc;
                for (int j = 0; j < n; j++) {
                    c[cRow + j] += api * b[bRow + j];
                }
            }
        }
    }

    private static void scaleRow(float[] c, int offset, int n, float beta) {
        if (beta == 0f) {
            java.util.Arrays.fill(c, offset, offset + n, 0f);
        } else if (beta != 1f) {
            for (int j = 0; j < n; j++) {
                c[offset + j] *= beta;
            }
        }
    }
}
