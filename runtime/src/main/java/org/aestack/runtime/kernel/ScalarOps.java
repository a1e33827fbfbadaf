package org.aestack.runtime.kernel;

/**
 * The plain-Java reference implementation of {@link KernelOps}: the definition every vectorized
 * kernel is tested against, and the fallback where the Vector API is unavailable.
 */
public class ScalarOps implements KernelOps {
    static final float CLAMP = 1e-7f;

    @Override
    public String name() {
        return "scalar";
    }

    @Override
    public void gemmNN(int m, int n, int k, float alpha, float[] a, int lda, float[] b, int ldb, float beta, float[] c, int ldc) {
        ScalarGemm.nn(m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
    }

    @Override
    public void gemmNT(int m, int n, int k, float alpha, float[] a, int lda, float[] b, int ldb, float beta, float[] c, int ldc) {
        ScalarGemm.nt(m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
    }

    @Override
    public void gemmTN(int m, int n, int k, float alpha, float[] a, int lda, float[] b, int ldb, float beta, float[] c, int ldc) {
        ScalarGemm.tn(m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
    }

    @Override
    public void sigmoidWithBias(float[] z, float[] bias, int rows, int cols) {
        for (int r = 0; r < rows; r++) {
            int base = r * cols;
            for (int j = 0; j < cols; j++) {
                z[base + j] = sigmoid(z[base + j] + bias[j]);
            }
        }
    }

    @Override
    public void tanhWithBias(float[] z, float[] bias, int rows, int cols) {
        for (int r = 0; r < rows; r++) {
            int base = r * cols;
            for (int j = 0; j < cols; j++) {
                z[base + j] = (float) Math.tanh(z[base + j] + bias[j]);
            }
        }
    }

    @Override
    public void reluWithBias(float[] z, float[] bias, int rows, int cols) {
        for (int r = 0; r < rows; r++) {
            int base = r * cols;
            for (int j = 0; j < cols; j++) {
                z[base + j] = Math.max(0f, z[base + j] + bias[j]);
            }
        }
    }

    @Override
    public void addBias(float[] z, float[] bias, int rows, int cols) {
        for (int r = 0; r < rows; r++) {
            int base = r * cols;
            for (int j = 0; j < cols; j++) {
                z[base + j] += bias[j];
            }
        }
    }

    @Override
    public void sigmoidBackward(float[] y, float[] grad, int n) {
        for (int i = 0; i < n; i++) {
            grad[i] *= y[i] * (1f - y[i]);
        }
    }

    @Override
    public void tanhBackward(float[] y, float[] grad, int n) {
        for (int i = 0; i < n; i++) {
            grad[i] *= 1f - y[i] * y[i];
        }
    }

    @Override
    public void reluBackward(float[] y, float[] grad, int n) {
        for (int i = 0; i < n; i++) {
            if (!(y[i] > 0f)) {
                grad[i] = 0f;
            }
        }
    }

    @Override
    public double crossEntropyWithGradient(float[] y, float[] x, float[] grad, int n, float scale) {
        for (int i = 0; i < n; i++) {
            grad[i] = scale * (y[i] - x[i]);
        }
        return crossEntropy(y, x, n);
    }

    @Override
    public double crossEntropy(float[] y, float[] x, int n) {
        double sum = 0;
        for (int i = 0; i < n; i++) {
            float p = Math.min(Math.max(y[i], CLAMP), 1f - CLAMP);
            sum -= x[i] * Math.log(p) + (1f - x[i]) * Math.log(1f - p);
        }
        return sum;
    }

    @Override
    public double squaredErrorWithGradient(float[] y, float[] x, float[] grad, int n, float scale) {
        double sum = 0;
        float twice = 2f * scale;
        for (int i = 0; i < n; i++) {
            float d = y[i] - x[i];
            grad[i] = twice * d;
            sum += d * d;
        }
        return sum;
    }

    @Override
    public double squaredError(float[] y, float[] x, int n) {
        double sum = 0;
        for (int i = 0; i < n; i++) {
            float d = y[i] - x[i];
            sum += d * d;
        }
        return sum;
    }

    @Override
    public void columnSums(float[] m, int rows, int cols, float[] out) {
        java.util.Arrays.fill(out, 0, cols, 0f);
        for (int r = 0; r < rows; r++) {
            int base = r * cols;
            for (int j = 0; j < cols; j++) {
                out[j] += m[base + j];
            }
        }
    }

    @Override
    public void sgd(float[] p, float[] g, int n, float lr) {
        for (int i = 0; i < n; i++) {
            p[i] -= lr * g[i];
        }
    }

    @Override
    public void momentum(float[] p, float[] g, float[] v, int n, float lr, float mu) {
        for (int i = 0; i < n; i++) {
            v[i] = mu * v[i] - lr * g[i];
            p[i] += v[i];
        }
    }

    @Override
    public void adam(float[] p, float[] g, float[] m, float[] v, int n, float lrCorrected, float b1, float b2, float epsCorrected) {
        for (int i = 0; i < n; i++) {
            float gi = g[i];
            m[i] = b1 * m[i] + (1f - b1) * gi;
            v[i] = b2 * v[i] + (1f - b2) * gi * gi;
            p[i] -= lrCorrected * m[i] / ((float) Math.sqrt(v[i]) + epsCorrected);
        }
    }

    static float sigmoid(float z) {
        return (float) (1.0 / (1.0 + Math.exp(-z)));
    }
}
