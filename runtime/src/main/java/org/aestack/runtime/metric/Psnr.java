package org.aestack.runtime.metric;

import org.aestack.runtime.data.DataSet;

/** Peak signal-to-noise ratio of images with values in [0, 1]: 10 log<sub>10</sub>(1 / MSE), in decibels. */
public final class Psnr {
    /** The ratio for a perfect match, where the formula would give infinity. */
    public static final double IDENTICAL = 100;

    private Psnr() {}

    /** 10 log10(1 / mse), capped at {@link #IDENTICAL}. */
    private static double decibels(double mse) {
        return mse == 0 ? IDENTICAL : Math.min(IDENTICAL, -10 * Math.log10(mse));
    }

    private static void requireSameShape(DataSet clean, DataSet other) {
        if (clean.rows() != other.rows() || clean.cols() != other.cols()) {
            throw new IllegalArgumentException("cannot compare " + clean + " with " + other);
        }
    }

    /** The PSNR of each row of {@code other} against the same row of {@code clean}, averaged over rows. */
    public static double mean(DataSet clean, DataSet other) {
        requireSameShape(clean, other);
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
            sum += decibels(se / cols);
        }
        return sum / clean.rows();
    }

    /**
     * The PSNR of the whole of {@code other} against the whole of {@code clean}: one mean squared
     * error over every value of every row, then 10 log<sub>10</sub>(1 / MSE). This is the PSNR of a
     * test set as torchmetrics computes it by default; {@link #mean} is scikit-image's per-image PSNR
     * averaged. The two rank methods differently when some images are far easier than others: the
     * mean of the logarithms is led by the images with the least error, this one by those with the
     * most.
     */
    public static double ofSet(DataSet clean, DataSet other) {
        requireSameShape(clean, other);
        float[] a = clean.toArray();
        float[] b = other.toArray();
        double se = 0;
        for (int i = 0; i < a.length; i++) {
            double d = a[i] - b[i];
            se += d * d;
        }
        return decibels(se / a.length);
    }

    /**
     * The mean squared error of {@code other} against {@code clean} over only the values where
     * {@code region} is 0: for an inpainting, the blanked pixels ({@link
     * org.aestack.runtime.data.Corruption#kept} marks them), which say how well the gaps are filled in
     * whatever happens to the rest.
     */
    public static double meanSquaredErrorWhereZero(float[] region, DataSet clean, DataSet other) {
        if (clean.rows() != other.rows() || clean.cols() != other.cols() || region.length != clean.rows() * clean.cols()) {
            throw new IllegalArgumentException("cannot compare " + clean + " with " + other + " over a region of "
                    + region.length + " values");
        }
        float[] a = clean.toArray();
        float[] b = other.toArray();
        double sum = 0;
        long count = 0;
        for (int i = 0; i < region.length; i++) {
            if (region[i] == 0f) {
                double d = a[i] - b[i];
                sum += d * d;
                count++;
            }
        }
        if (count == 0) {
            throw new IllegalArgumentException("the region is empty: no value is 0");
        }
        return sum / count;
    }
}
