package org.aestack.runtime.metric;

import org.aestack.runtime.data.DataSet;

/**
 * Structural similarity (SSIM) of images with values in [0, 1], as Wang, Bovik, Sheikh and
 * Simoncelli (2004) define it. PSNR sees only the squared error, so a blurred reconstruction can
 * score as well as a sharp one with the same error; SSIM compares local means, contrasts and
 * structure, which follows what a viewer notices much more closely.
 *
 * <p>The numbers match scikit-image's {@code structural_similarity(a, b, gaussian_weights=True,
 * sigma=1.5, use_sample_covariance=False, data_range=1)}, the usual reference, so results can be
 * compared with published ones: an 11 × 11 Gaussian window with σ = 1.5 and weights summing to 1,
 * C1 = (0.01 L)² and C2 = (0.03 L)² with L = 1, and at each pixel
 *
 * <pre>
 *   SSIM = (2 μa μb + C1)(2 σab + C2) / ((μa² + μb² + C1)(σa² + σb² + C2))
 * </pre>
 *
 * where the means, variances and covariance are Gaussian-weighted averages over the window. Like
 * scikit-image, the map is averaged only over the pixels whose whole window lies inside the image,
 * i.e. 5 pixels are cropped from every border, so no padding rule ever enters the result. Images
 * are NCHW rows: one image is {@code channels × height × width} values, channel by channel, row by
 * row; for several channels the result is the mean of the per-channel means.
 *
 * <p>The Gaussian window is the outer product of a 1-D one, so the weighted averages are computed
 * by a horizontal and then a vertical 1-D pass: 22 rather than 121 products per pixel and
 * statistic, which keeps a whole test set of small images well within a second or two.
 */
public final class Ssim {
    /** The side of the square window, 2 · round(3.5 σ) + 1 as scikit-image derives it from σ. */
    private static final int WINDOW = 11;
    /** The standard deviation of the Gaussian window, in pixels, as in the paper. */
    private static final double SIGMA = 1.5;
    /** Keeps the luminance term stable where both means are near 0: (0.01 L)², L = 1. */
    private static final double C1 = 0.01 * 0.01;
    /** Keeps the contrast-structure term stable in flat regions: (0.03 L)², L = 1. */
    private static final double C2 = 0.03 * 0.03;

    private static final int RADIUS = WINDOW / 2;
    private static final double[] WEIGHTS = gaussian();
    /** The statistics filtered per pixel: a, b, a², b², ab. */
    private static final int STATISTICS = 5;

    private Ssim() {}

    /**
     * The mean SSIM of one image pair.
     *
     * @param a one image, {@code channels × height × width} values in [0, 1]
     * @param b the other image, of the same shape
     * @return a value in [−1, 1], exactly 1 for identical images
     * @throws IllegalArgumentException when the shape is not positive, an image is smaller than the
     *     window, or an array does not hold {@code channels × height × width} values
     */
    public static double of(float[] a, float[] b, int channels, int height, int width) {
        checkShape(channels, height, width);
        long size = (long) channels * height * width;
        if (a.length != size || b.length != size) {
            throw new IllegalArgumentException("expected two images of " + channels + " x " + height + " x " + width
                    + " = " + size + " values, got " + a.length + " and " + b.length);
        }
        return image(a, b, channels, height, width, scratch(height, width));
    }

    /**
     * The SSIM of each row of {@code a} against the same row of {@code b}, for looking at the spread
     * or the worst reconstructions rather than only the average.
     *
     * @throws IllegalArgumentException when the data sets differ in rows, or their rows are not
     *     {@code channels × height × width} values, or the shape is invalid as in {@link #of}
     */
    public static double[] rows(DataSet a, DataSet b, int channels, int height, int width) {
        checkShape(channels, height, width);
        long size = (long) channels * height * width;
        if (a.rows() != b.rows()) {
            throw new IllegalArgumentException("cannot compare " + a + " with " + b + ": the row counts differ");
        }
        if (a.cols() != size || b.cols() != size) {
            throw new IllegalArgumentException("cannot compare " + a + " with " + b + " as " + channels + " x "
                    + height + " x " + width + " images: each row must have " + size + " columns");
        }
        float[] rowA = new float[(int) size];
        float[] rowB = new float[(int) size];
        double[] scratch = scratch(height, width);
        double[] ssim = new double[a.rows()];
        for (int r = 0; r < ssim.length; r++) {
            a.copyRow(r, rowA, 0);
            b.copyRow(r, rowB, 0);
            ssim[r] = image(rowA, rowB, channels, height, width, scratch);
        }
        return ssim;
    }

    /**
     * The SSIM of each row of {@code a} against the same row of {@code b}, averaged over rows: the
     * single number to report beside {@link Psnr#mean}.
     *
     * @throws IllegalArgumentException as {@link #rows}, and also when the data sets have no rows,
     *     where a mean would be undefined
     */
    public static double mean(DataSet a, DataSet b, int channels, int height, int width) {
        double[] ssim = rows(a, b, channels, height, width);
        if (ssim.length == 0) {
            throw new IllegalArgumentException("cannot average SSIM over " + a + ": it has no rows");
        }
        double sum = 0;
        for (double s : ssim) {
            sum += s;
        }
        return sum / ssim.length;
    }

    private static void checkShape(int channels, int height, int width) {
        if (channels <= 0) {
            throw new IllegalArgumentException("an image needs at least one channel, not " + channels);
        }
        if (height < WINDOW || width < WINDOW) {
            throw new IllegalArgumentException("an image of " + height + " x " + width + " pixels is smaller than the "
                    + WINDOW + " x " + WINDOW + " SSIM window");
        }
    }

    /** Room for the horizontally filtered statistics of one channel: every row, the cropped columns. */
    private static double[] scratch(int height, int width) {
        return new double[STATISTICS * height * (width - 2 * RADIUS)];
    }

    /** The mean over channels of the mean SSIM of each channel. */
    private static double image(float[] a, float[] b, int channels, int height, int width, double[] scratch) {
        double sum = 0;
        for (int c = 0; c < channels; c++) {
            sum += channel(a, b, c * height * width, height, width, scratch);
        }
        return sum / channels;
    }

    /** The mean of the SSIM map of the channel starting at {@code offset}, over the cropped pixels. */
    private static double channel(float[] a, float[] b, int offset, int height, int width, double[] scratch) {
        int cols = width - 2 * RADIUS;
        // Horizontal pass: for every row, the five statistics averaged along the row at each cropped
        // column, stored as consecutive quintuples.
        for (int y = 0; y < height; y++) {
            int row = offset + y * width;
            for (int x = 0; x < cols; x++) {
                double ma = 0, mb = 0, maa = 0, mbb = 0, mab = 0;
                for (int k = 0; k < WINDOW; k++) {
                    double w = WEIGHTS[k];
                    double va = a[row + x + k];
                    double vb = b[row + x + k];
                    ma += w * va;
                    mb += w * vb;
                    maa += w * va * va;
                    mbb += w * vb * vb;
                    mab += w * va * vb;
                }
                int s = STATISTICS * (y * cols + x);
                scratch[s] = ma;
                scratch[s + 1] = mb;
                scratch[s + 2] = maa;
                scratch[s + 3] = mbb;
                scratch[s + 4] = mab;
            }
        }
        // Vertical pass over the rows whose window fits, and the SSIM map from the 2-D averages.
        int rows = height - 2 * RADIUS;
        double sum = 0;
        for (int y = 0; y < rows; y++) {
            for (int x = 0; x < cols; x++) {
                double ma = 0, mb = 0, maa = 0, mbb = 0, mab = 0;
                for (int k = 0; k < WINDOW; k++) {
                    double w = WEIGHTS[k];
                    int s = STATISTICS * ((y + k) * cols + x);
                    ma += w * scratch[s];
                    mb += w * scratch[s + 1];
                    maa += w * scratch[s + 2];
                    mbb += w * scratch[s + 3];
                    mab += w * scratch[s + 4];
                }
                double varA = maa - ma * ma;
                double varB = mbb - mb * mb;
                double cov = mab - ma * mb;
                sum += ((2 * ma * mb + C1) * (2 * cov + C2))
                        / ((ma * ma + mb * mb + C1) * (varA + varB + C2));
            }
        }
        return sum / ((double) rows * cols);
    }

    /** The 1-D Gaussian weights exp(−x² / 2σ²) for x in [−5, 5], normalised to sum 1. */
    private static double[] gaussian() {
        double[] w = new double[WINDOW];
        double sum = 0;
        for (int k = 0; k < WINDOW; k++) {
            int x = k - RADIUS;
            w[k] = Math.exp(-x * x / (2 * SIGMA * SIGMA));
            sum += w[k];
        }
        for (int k = 0; k < WINDOW; k++) {
            w[k] /= sum;
        }
        return w;
    }
}
