package org.aestack.runtime.data;

/**
 * Rows of several modalities side by side, as a multimodal model's trainer takes them: row r of the
 * joined set is row r of each part, in the model's order of modalities. The parts must have as many
 * rows each, and agree on the labels where more than one has them.
 */
public final class Modalities {
    private Modalities() {}

    /** The parts' rows side by side, labelled by the first part with labels. */
    public static DataSet join(DataSet... parts) {
        if (parts.length == 0) {
            throw new IllegalArgumentException("nothing to join");
        }
        int rows = parts[0].rows();
        int cols = 0;
        DataSet labelled = null;
        for (int p = 0; p < parts.length; p++) {
            if (parts[p].rows() != rows) {
                throw new IllegalArgumentException("modality " + p + " has " + parts[p].rows() + " rows, modality 0 " + rows
                        + ": each row of one must pair with the same row of the others");
            }
            cols += parts[p].cols();
            if (parts[p].hasLabels()) {
                if (labelled == null) {
                    labelled = parts[p];
                } else if (!java.util.Arrays.equals(labelled.labels(), parts[p].labels())) {
                    throw new IllegalArgumentException("modality " + p + "'s labels differ from an earlier modality's");
                }
            }
        }
        float[] joined = new float[rows * cols];
        int offset = 0;
        for (DataSet part : parts) {
            float[] values = part.toArray();
            int width = part.cols();
            for (int r = 0; r < rows; r++) {
                System.arraycopy(values, r * width, joined, r * cols + offset, width);
            }
            offset += width;
        }
        return labelled == null ? DataSet.of(joined, rows, cols)
                : new DataSet(joined, rows, cols, labelled.labels(), labelled.classes());
    }

    /** Modality {@code index} of a joined set whose modalities have {@code widths} values each, labels kept. */
    public static DataSet part(DataSet joined, int[] widths, int index) {
        int cols = check(joined.cols(), widths);
        int offset = 0;
        for (int p = 0; p < index; p++) {
            offset += widths[p];
        }
        float[] values = joined.toArray();
        float[] out = new float[joined.rows() * widths[index]];
        for (int r = 0; r < joined.rows(); r++) {
            System.arraycopy(values, r * cols + offset, out, r * widths[index], widths[index]);
        }
        return new DataSet(out, joined.rows(), widths[index], joined.hasLabels() ? joined.labels() : null,
                joined.classes());
    }

    /** Splits {@code rows} joined rows into one buffer per modality ({@code rows × widths[p]} each). */
    public static void split(float[] joined, int rows, int[] widths, float[][] out) {
        int cols = check(-1, widths);
        int offset = 0;
        for (int p = 0; p < widths.length; p++) {
            for (int r = 0; r < rows; r++) {
                System.arraycopy(joined, r * cols + offset, out[p], r * widths[p], widths[p]);
            }
            offset += widths[p];
        }
    }

    /** The sum of the widths; when {@code cols} is not −1, checked against it. */
    private static int check(int cols, int[] widths) {
        int sum = 0;
        for (int w : widths) {
            sum += w;
        }
        if (cols >= 0 && cols != sum) {
            throw new IllegalArgumentException("rows of " + cols + " values, but the modalities have " + sum + " together");
        }
        return sum;
    }

    /**
     * Word counts scaled to one document length: each row multiplied by {@code length} over its sum
     * (as Srivastava's code does), so every row sums to it; a row of no words is an error.
     */
    public static DataSet toLength(DataSet counts, int length) {
        if (length < 1) {
            throw new IllegalArgumentException("a document length is positive, not " + length);
        }
        float[] x = counts.toArray();
        int cols = counts.cols();
        for (int r = 0; r < counts.rows(); r++) {
            double sum = 0;
            for (int k = 0; k < cols; k++) {
                if (x[r * cols + k] < 0) {
                    throw new IllegalArgumentException("row " + r + " has a negative count: " + x[r * cols + k]);
                }
                sum += x[r * cols + k];
            }
            if (sum == 0) {
                throw new IllegalArgumentException("row " + r + " has no words to scale");
            }
            for (int k = 0; k < cols; k++) {
                x[r * cols + k] = (float) (x[r * cols + k] * length / sum);
            }
        }
        return new DataSet(x, counts.rows(), cols, counts.hasLabels() ? counts.labels() : null, counts.classes());
    }
}
