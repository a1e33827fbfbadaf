package org.aestack.runtime.data;

import java.util.Locale;

/**
 * Splits colour images into luminance and chroma and joins them again, for colorization: a model
 * sees the luminance (the grey photo) and predicts the chroma. The split is JPEG's full-range
 * YCbCr with the ITU-R BT.601 coefficients:
 *
 * <pre>
 * Y  =       0.299    R + 0.587    G + 0.114    B
 * Cb = 0.5 - 0.168736 R - 0.331264 G + 0.5      B
 * Cr = 0.5 + 0.5      R - 0.418688 G - 0.081312 B
 * </pre>
 *
 * and back {@code R = Y + 1.402 (Cr - 0.5)}, {@code G = Y - 0.344136 (Cb - 0.5) - 0.714136 (Cr - 0.5)},
 * {@code B = Y + 1.772 (Cb - 0.5)}. It is linear, so a round trip is exact up to rounding, and it is
 * the split the JPEG files themselves store. Y, Cb and Cr of colours in [0, 1] lie in [0, 1] too, so
 * a sigmoid output can predict them.
 *
 * <p>Images are rows of a {@link DataSet} in NCHW order: a colour image of {@code height × width}
 * pixels is {@code 3 × height × width} values, the red plane, then the green, then the blue, each
 * row by row (as {@link Cifar10} loads them); a luminance row is one such plane, a chroma row two
 * (Cb, then Cr). Labels are carried through unchanged. Every value computed is clamped to [0, 1]:
 * going forward that only removes rounding at the gamut's corners; going back it keeps a predicted
 * chroma that no RGB colour has at that luminance a valid colour.
 */
public final class Colour {
    private Colour() {}

    /**
     * The luminance of each colour image: rows of {@code 1 × height × width}, the input of a
     * colorization model (what a black-and-white photo records).
     *
     * @throws IllegalArgumentException if the rows are not {@code 3 × height × width} wide
     */
    public static DataSet luminance(DataSet rgb, int height, int width) {
        int plane = plane(height, width);
        requireWidth(rgb, "the colour images", 3, "R, G, B", height, width);
        float[] in = rgb.toArray();
        float[] out = new float[rgb.rows() * plane];
        for (int r = 0; r < rgb.rows(); r++) {
            int src = r * 3 * plane;
            int dst = r * plane;
            for (int p = 0; p < plane; p++) {
                double red = in[src + p];
                double green = in[src + plane + p];
                double blue = in[src + 2 * plane + p];
                out[dst + p] = clamp(0.299 * red + 0.587 * green + 0.114 * blue);
            }
        }
        return withLabelsOf(rgb, out, plane);
    }

    /**
     * The chroma of each colour image: rows of {@code 2 × height × width}, the Cb plane then the Cr
     * plane, what a colorization model predicts (grey pixels have Cb = Cr = 0.5).
     *
     * @throws IllegalArgumentException if the rows are not {@code 3 × height × width} wide
     */
    public static DataSet chroma(DataSet rgb, int height, int width) {
        int plane = plane(height, width);
        requireWidth(rgb, "the colour images", 3, "R, G, B", height, width);
        float[] in = rgb.toArray();
        float[] out = new float[rgb.rows() * 2 * plane];
        for (int r = 0; r < rgb.rows(); r++) {
            int src = r * 3 * plane;
            int dst = r * 2 * plane;
            for (int p = 0; p < plane; p++) {
                double red = in[src + p];
                double green = in[src + plane + p];
                double blue = in[src + 2 * plane + p];
                out[dst + p] = clamp(0.5 - 0.168736 * red - 0.331264 * green + 0.5 * blue);
                out[dst + plane + p] = clamp(0.5 + 0.5 * red - 0.418688 * green - 0.081312 * blue);
            }
        }
        return withLabelsOf(rgb, out, 2 * plane);
    }

    /**
     * The chroma error of the grey image, whose chroma is neutral (0.5): the squared distance of
     * {@code chroma}'s values from 0.5, summed over each row and averaged over rows, the yardstick
     * a colorizer's chroma loss is held against.
     */
    public static double neutralChromaError(DataSet chroma) {
        double sum = 0;
        for (float c : chroma.toArray()) {
            sum += (c - 0.5) * (c - 0.5);
        }
        return sum / chroma.rows();
    }

    /**
     * Joins luminance and chroma back into colour images ({@code 3 × height × width} rows, clamped
     * to [0, 1]), to show or score a colorization: row {@code i} of each makes image {@code i}.
     * Labels come from {@code luminance}, or from {@code chroma} when only it has them.
     *
     * @throws IllegalArgumentException if the widths are not {@code height × width} and
     *     {@code 2 × height × width}, the row counts differ, or both carry labels that differ
     */
    public static DataSet rgb(DataSet luminance, DataSet chroma, int height, int width) {
        int plane = plane(height, width);
        requireWidth(luminance, "the luminance", 1, "Y", height, width);
        requireWidth(chroma, "the chroma", 2, "Cb, Cr", height, width);
        if (luminance.rows() != chroma.rows()) {
            throw new IllegalArgumentException("the luminance has " + luminance.rows() + " rows but the chroma has "
                    + chroma.rows() + "; each image needs both");
        }
        if (luminance.hasLabels() && chroma.hasLabels()) {
            for (int r = 0; r < luminance.rows(); r++) {
                if (luminance.label(r) != chroma.label(r)) {
                    throw new IllegalArgumentException("the luminance and chroma disagree on the label of row " + r
                            + " (" + luminance.label(r) + " and " + chroma.label(r) + "): are they the same images?");
                }
            }
        }
        float[] y = luminance.toArray();
        float[] c = chroma.toArray();
        float[] out = new float[luminance.rows() * 3 * plane];
        for (int r = 0; r < luminance.rows(); r++) {
            int ys = r * plane;
            int cs = r * 2 * plane;
            int dst = r * 3 * plane;
            for (int p = 0; p < plane; p++) {
                double lum = y[ys + p];
                double cb = c[cs + p] - 0.5;
                double cr = c[cs + plane + p] - 0.5;
                out[dst + p] = clamp(lum + 1.402 * cr);
                out[dst + plane + p] = clamp(lum - 0.344136 * cb - 0.714136 * cr);
                out[dst + 2 * plane + p] = clamp(lum + 1.772 * cb);
            }
        }
        return withLabelsOf(luminance.hasLabels() ? luminance : chroma, out, 3 * plane);
    }

    /**
     * The grey image as a colour image, R = G = B = Y ({@code 3 ×} the luminance's width): the
     * colorization that does nothing, the baseline a model must beat. It equals
     * {@link #rgb(DataSet, DataSet, int, int) rgb} with every chroma value 0.5.
     */
    public static DataSet grey(DataSet luminance) {
        int plane = luminance.cols();
        if ((long) plane * 3 > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("luminance rows of " + plane + " values are too wide to make colour rows of");
        }
        float[] y = luminance.toArray();
        float[] out = new float[luminance.rows() * 3 * plane];
        for (int r = 0; r < luminance.rows(); r++) {
            for (int channel = 0; channel < 3; channel++) {
                System.arraycopy(y, r * plane, out, (r * 3 + channel) * plane, plane);
            }
        }
        return withLabelsOf(luminance, out, 3 * plane);
    }

    private static int plane(int height, int width) {
        if (height <= 0 || width <= 0) {
            throw new IllegalArgumentException("images need a positive height and width, not " + height + " x " + width);
        }
        if ((long) height * width * 3 > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(height + " x " + width + " colour images are too large for a data set row");
        }
        return height * width;
    }

    private static void requireWidth(DataSet data, String what, int channels, String planes, int height, int width) {
        int expected = channels * height * width;
        if (data.cols() != expected) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "%s of %d x %d images should have rows of %d x %d x %d = %d values (%s), not %d",
                    what, height, width, channels, height, width, expected, planes, data.cols()));
        }
    }

    private static DataSet withLabelsOf(DataSet source, float[] values, int cols) {
        int rows = values.length / cols;
        return source.hasLabels() ? new DataSet(values, rows, cols, source.labels(), source.classes())
                : DataSet.of(values, rows, cols);
    }

    private static float clamp(double v) {
        return (float) Math.max(0, Math.min(1, v));
    }
}
