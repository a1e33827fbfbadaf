package org.aestack.runtime.metric;

import org.aestack.runtime.data.DataSet;
import org.aestack.runtime.kernel.Gemm;
import org.aestack.runtime.kernel.Rng;

/**
 * Principal component analysis: the mean and the top {@code k} eigenvectors of the covariance,
 * found by power iteration with deflation on the {@code cols × cols} covariance matrix. Deterministic
 * for a given data set.
 */
public final class Pca {
    private static final int ITERATIONS = 300;

    private final int cols;
    private final float[] mean;
    private final float[] components; // k × cols, row-major, unit length
    private final double[] variances;

    private Pca(int cols, float[] mean, float[] components, double[] variances) {
        this.cols = cols;
        this.mean = mean;
        this.components = components;
        this.variances = variances;
    }

    /** Fits {@code k} components to the rows of {@code data}. */
    public static Pca fit(DataSet data, int k) {
        int n = data.rows();
        int d = data.cols();
        if (k < 1 || k > d || n < 2) {
            throw new IllegalArgumentException("PCA needs 1 <= k <= " + d + " and at least 2 rows, not k=" + k + ", " + n + " rows");
        }
        float[] x = data.toArray();
        float[] mean = new float[d];
        for (int i = 0; i < x.length; i++) {
            mean[i % d] += x[i];
        }
        for (int j = 0; j < d; j++) {
            mean[j] /= n;
        }
        for (int i = 0; i < x.length; i++) {
            x[i] -= mean[i % d];
        }
        float[] cov = new float[d * d];
        Gemm.tn(d, d, n, 1f / (n - 1), x, d, x, d, 0f, cov, d);
        float[] components = new float[k * d];
        double[] variances = new double[k];
        Rng rng = new Rng(17);
        float[] v = new float[d];
        float[] w = new float[d];
        for (int c = 0; c < k; c++) {
            rng.fillUniform(v, d, -1f, 1f);
            normalize(v);
            double lambda = 0;
            for (int it = 0; it < ITERATIONS; it++) {
                Gemm.nn(1, d, d, 1f, v, d, cov, d, 0f, w, d);
                lambda = dot(v, w);
                normalize(w);
                float[] t = v;
                v = w;
                w = t;
            }
            System.arraycopy(v, 0, components, c * d, d);
            variances[c] = lambda;
            // Deflate: cov -= lambda v vᵀ
            for (int i = 0; i < d; i++) {
                for (int j = 0; j < d; j++) {
                    cov[i * d + j] -= (float) (lambda * v[i] * v[j]);
                }
            }
        }
        return new Pca(d, mean, components, variances);
    }

    /** The coordinates of each row of {@code data} along the components: {@code rows × k}. */
    public DataSet project(DataSet data) {
        int k = variances.length;
        float[] x = data.toArray();
        for (int i = 0; i < x.length; i++) {
            x[i] -= mean[i % cols];
        }
        float[] out = new float[data.rows() * k];
        Gemm.nt(data.rows(), k, cols, 1f, x, cols, components, cols, 0f, out, k);
        return new DataSet(out, data.rows(), k, data.hasLabels() ? data.labels() : null, data.classes());
    }

    /** Each row's reconstruction from its projection: the mean plus the projection mapped back. */
    public DataSet reconstruct(DataSet data) {
        DataSet codes = project(data);
        int k = variances.length;
        float[] out = new float[data.rows() * cols];
        Gemm.nn(data.rows(), cols, k, 1f, codes.toArray(), k, components, cols, 0f, out, cols);
        for (int i = 0; i < out.length; i++) {
            out[i] += mean[i % cols];
        }
        return new DataSet(out, data.rows(), cols, data.hasLabels() ? data.labels() : null, data.classes());
    }

    /** The variance along each component, largest first. */
    public double[] variances() {
        return variances.clone();
    }

    private static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    private static void normalize(float[] v) {
        double norm = Math.sqrt(dot(v, v));
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (v[i] / norm);
        }
    }
}
