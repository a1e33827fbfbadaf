package org.aestack.runtime.kernel;

import org.aestack.dsl.Activation;

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

    /** {@code scalar: plain Java kernels, without the Vector API, JDK 17.0.15+6}. */
    @Override
    public String toString() {
        return name() + ": plain Java kernels, without the Vector API, JDK " + Runtime.version();
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
        sgdRange(p, g, 0, 0, n, lr);
    }

    @Override
    public void sgdRange(float[] p, float[] g, int gOffset, int from, int to, float lr) {
        for (int i = from, gi = gOffset; i < to; i++, gi++) {
            p[i] -= lr * g[gi];
        }
    }

    @Override
    public void momentum(float[] p, float[] g, float[] v, int n, float lr, float mu) {
        momentumRange(p, g, 0, v, 0, n, lr, mu);
    }

    @Override
    public void momentumRange(float[] p, float[] g, int gOffset, float[] v, int from, int to, float lr, float mu) {
        for (int i = from, gi = gOffset; i < to; i++, gi++) {
            v[i] = mu * v[i] - lr * g[gi];
            p[i] += v[i];
        }
    }

    @Override
    public void adam(float[] p, float[] g, float[] m, float[] v, int n, float lrCorrected, float b1, float b2, float epsCorrected) {
        adamRange(p, g, 0, m, v, 0, n, lrCorrected, b1, b2, epsCorrected);
    }

    @Override
    public void adamRange(float[] p, float[] g, int gOffset, float[] m, float[] v, int from, int to, float lrCorrected,
            float b1, float b2, float epsCorrected) {
        for (int i = from, j = gOffset; i < to; i++, j++) {
            float gi = g[j];
            m[i] = b1 * m[i] + (1f - b1) * gi;
            v[i] = b2 * v[i] + (1f - b2) * gi * gi;
            p[i] -= lrCorrected * m[i] / ((float) Math.sqrt(v[i]) + epsCorrected);
        }
    }

    @Override
    public void uniform(long state, float[] out, int n, float lo, float hi) {
        float width = hi - lo;
        for (int i = 0; i < n; i++) {
            out[i] = lo + width * Rng.uniformAt(state, i);
        }
    }

    @Override
    public void gaussianFromUniform(float[] u, int half, float mean, float std) {
        for (int i = 0; i < half; i++) {
            double r = Math.sqrt(-2 * Math.log(1 - u[i]));
            double theta = 2 * Math.PI * u[i + half];
            u[i] = (float) (mean + std * r * Math.cos(theta));
            u[i + half] = (float) (mean + std * r * Math.sin(theta));
        }
    }

    @Override
    public void mask(float[] x, float[] u, float[] out, int n, float p) {
        for (int i = 0; i < n; i++) {
            out[i] = u[i] < p ? 0f : x[i];
        }
    }

    @Override
    public void drawMask(long state, float[] x, float[] out, int n, float p) {
        for (int i = 0; i < n; i++) {
            out[i] = Rng.uniformAt(state, i) < p ? 0f : x[i];
        }
    }

    @Override
    public void saltAndPepper(float[] x, float[] u, float[] out, int n, float p) {
        float half = p / 2;
        for (int i = 0; i < n; i++) {
            out[i] = u[i] < half ? 0f : u[i] < p ? 1f : x[i];
        }
    }

    @Override
    public void add(float[] x, float[] y, float[] out, int n) {
        for (int i = 0; i < n; i++) {
            out[i] = x[i] + y[i];
        }
    }

    @Override
    public void axpy(float alpha, float[] x, int xOffset, float[] y, int yOffset, int n) {
        for (int i = 0; i < n; i++) {
            y[yOffset + i] += alpha * x[xOffset + i];
        }
    }

    @Override
    public float dot(float[] x, int xOffset, float[] y, int yOffset, int n) {
        float sum = 0;
        for (int i = 0; i < n; i++) {
            sum += x[xOffset + i] * y[yOffset + i];
        }
        return sum;
    }

    @Override
    public void multiply(float[] x, float[] y, float[] out, int n) {
        for (int i = 0; i < n; i++) {
            out[i] = x[i] * y[i];
        }
    }

    @Override
    public void dropoutMask(float[] u, int n, float p) {
        float keep = 1f / (1f - p);
        for (int i = 0; i < n; i++) {
            u[i] = u[i] < p ? 0f : keep;
        }
    }

    @Override
    public double l1Penalty(float[] h, float[] grad, int n, float scale) {
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += Math.abs(h[i]);
            grad[i] += scale * Math.signum(h[i]);
        }
        return sum;
    }

    /**
     * The first half of {@link #klPenalty}: each column's mean activation ρ̂ into {@code means}
     * (clamped to [1e-6, 1 − 1e-6]) and Σ KL(target ‖ ρ̂) over the columns.
     */
    final double klMeans(float[] h, int rows, int cols, float target, float[] means) {
        columnSums(h, rows, cols, means);
        double kl = 0;
        for (int j = 0; j < cols; j++) {
            float rho = Math.min(Math.max(means[j] / rows, 1e-6f), 1f - 1e-6f);
            means[j] = rho;
            kl += target * Math.log(target / rho) + (1 - target) * Math.log((1 - target) / (1 - rho));
        }
        return kl;
    }

    @Override
    public double klPenalty(float[] h, int rows, int cols, float target, float[] means, float[] grad, float scale) {
        double kl = klMeans(h, rows, cols, target, means);
        for (int r = 0; r < rows; r++) {
            int base = r * cols;
            for (int j = 0; j < cols; j++) {
                grad[base + j] += scale * (-target / means[j] + (1 - target) / (1 - means[j]));
            }
        }
        return kl;
    }

    @Override
    public double contractivePenalty(Activation activation, float[] h, float[] w, int rows, int units, int inputs,
            float[] scratch, float[] grad, float scale) {
        for (int j = 0; j < units; j++) {
            float s = 0f;
            for (int i = 0; i < inputs; i++) {
                float v = w[j * inputs + i];
                s += v * v;
            }
            scratch[j] = s;
            scratch[units + j] = 0f;
        }
        double penalty = 0;
        for (int r = 0; r < rows; r++) {
            int base = r * units;
            for (int j = 0; j < units; j++) {
                float y = h[base + j];
                float d;
                float dd;
                switch (activation) {
                    case SIGMOID: d = y * (1f - y); dd = d * (1f - 2f * y); break;
                    case TANH: d = 1f - y * y; dd = -2f * y * d; break;
                    case RELU: d = y > 0f ? 1f : 0f; dd = 0f; break;
                    default: d = 1f; dd = 0f; break;
                }
                penalty += d * d * scratch[j];
                scratch[units + j] += d * d;
                grad[base + j] += scale * 2f * d * dd * scratch[j];
            }
        }
        return penalty;
    }

    @Override
    public void contractiveWeightGradient(float[] w, float[] scratch, int units, int inputs, float[] wGrad, float scale) {
        for (int j = 0; j < units; j++) {
            float c = 2f * scale * scratch[units + j];
            int row = j * inputs;
            for (int i = 0; i < inputs; i++) {
                wGrad[row + i] += c * w[row + i];
            }
        }
    }

    @Override
    public void crossEntropyRows(float[] y, float[] x, int rows, int cols, double[] out, int offset) {
        for (int r = 0; r < rows; r++) {
            double sum = 0;
            for (int i = r * cols; i < (r + 1) * cols; i++) {
                float p = Math.min(Math.max(y[i], CLAMP), 1f - CLAMP);
                sum -= x[i] * Math.log(p) + (1f - x[i]) * Math.log(1f - p);
            }
            out[offset + r] = sum;
        }
    }

    @Override
    public void squaredErrorRows(float[] y, float[] x, int rows, int cols, double[] out, int offset) {
        for (int r = 0; r < rows; r++) {
            double sum = 0;
            for (int i = r * cols; i < (r + 1) * cols; i++) {
                float d = y[i] - x[i];
                sum += d * d;
            }
            out[offset + r] = sum;
        }
    }

    @Override
    public void sampleBernoulli(float[] p, float[] u, float[] out, int n) {
        for (int i = 0; i < n; i++) {
            out[i] = u[i] < p[i] ? 1f : 0f;
        }
    }

    @Override
    public void drawBernoulli(long state, float[] p, float[] out, int n) {
        for (int i = 0; i < n; i++) {
            out[i] = Rng.uniformAt(state, i) < p[i] ? 1f : 0f;
        }
    }

    static float sigmoid(float z) {
        return (float) (1.0 / (1.0 + Math.exp(-z)));
    }
}
