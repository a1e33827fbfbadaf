package org.aestack.runtime.metric;

import org.aestack.runtime.data.DataSet;

/** Peak signal-to-noise ratio of images with values in [0, 1]: 10 log<sub>10</sub>(1 / MSE), in decibels. */
public final class Psnr {
    /** The ratio for a perfect match, where the formula would give infinity. */
    public static final double IDENTICAL = 100;

    private Psnr() {}

    /** The PSNR of each row of {@code other} against the same row of {@code clean}, averaged over rows. */
    public static double mean(DataSet clean, DataSet other) {
        if (clean.rows() != other.rows() || clean.cols() != other.cols()) {
            throw new IllegalArgumentException("cannot compare " + clean + " with " + other);
        }
        float[] a = clean.toArray();
        float[] b = other.toArray();
        int cols = clean.cols();
        double sum = 0;
        for (int r = 0; r < clean.rows(); r++) {
            double se = 0;
            for (int j = r * cols; j < (r + 1) * cols; j++) {
                double d = a[j] - b[j];
                se += d * d;
            }
            double mse = se / cols;
            sum += mse == 0 ? IDENTICAL : Math.min(IDENTICAL, -10 * Math.log10(mse));
        }
        return sum / clean.rows();
    }
}
