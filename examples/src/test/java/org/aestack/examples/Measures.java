package org.aestack.examples;

import org.aestack.runtime.data.DataSet;
import org.aestack.runtime.kernel.Rng;

/** What the example tests measure alike: how near samples lie to real images, and paired differences over seeds. */
final class Measures {
    private Measures() {}

    /** {@code rows} images of uniform noise in [0, 1]: the yardstick samples must beat. */
    static DataSet uniformImages(int rows, long seed) {
        float[] x = new float[rows * 784];
        new Rng(seed).fillUniform(x, x.length, 0f, 1f);
        return DataSet.of(x, rows, 784);
    }

    /** The mean over rows of {@code a} of the squared distance to the nearest row of {@code b}. */
    static double nearest(DataSet a, DataSet b) {
        double total = 0;
        for (int r = 0; r < a.rows(); r++) {
            float[] x = a.row(r);
            double best = Double.MAX_VALUE;
            for (int s = 0; s < b.rows(); s++) {
                float[] y = b.row(s);
                double d = 0;
                for (int i = 0; i < x.length; i++) {
                    d += (x[i] - y[i]) * (x[i] - y[i]);
                }
                best = Math.min(best, d);
            }
            total += best;
        }
        return total / a.rows();
    }

    static double mean(double[] x) {
        double s = 0;
        for (double v : x) {
            s += v;
        }
        return s / x.length;
    }

    /** The standard error of the mean of {@code x}: its sample standard deviation over √n. */
    static double standardError(double[] x) {
        double m = mean(x);
        double s = 0;
        for (double v : x) {
            s += (v - m) * (v - m);
        }
        return Math.sqrt(s / (x.length - 1) / x.length);
    }
}
