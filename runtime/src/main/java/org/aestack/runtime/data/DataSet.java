package org.aestack.runtime.data;

import java.util.Arrays;
import java.util.Objects;

/**
 * A data set held in memory: a row-major {@code rows × cols} float matrix, one sample a row, and
 * optionally one integer label per row. Immutable once made: the constructor takes the arrays and
 * checks them (sizes, finite values, labels in range), and nothing hands them out writable.
 */
public final class DataSet {
    private final float[] features;
    private final int rows;
    private final int cols;
    private final int[] labels;
    private final int classes;
    /** {@link #fingerprint}, once computed. */
    private volatile String fingerprint;

    /**
     * @param features {@code rows × cols} values, row-major; every value must be finite
     * @param labels one label per row in [0, classes), or {@code null}
     * @param classes the number of classes when labelled, else 0
     * @throws IllegalArgumentException naming the first row and column that is wrong
     */
    public DataSet(float[] features, int rows, int cols, int[] labels, int classes) {
        if (rows < 0 || cols <= 0) {
            throw new IllegalArgumentException("a data set needs rows >= 0 and cols > 0, not " + rows + " x " + cols);
        }
        if (features.length != (long) rows * cols) {
            throw new IllegalArgumentException("expected " + rows + " x " + cols + " = " + ((long) rows * cols)
                    + " values, got " + features.length);
        }
        for (int i = 0; i < features.length; i++) {
            if (!Float.isFinite(features[i])) {
                throw new IllegalArgumentException("value at row " + (i / cols) + ", column " + (i % cols)
                        + " is " + features[i] + "; every input must be a finite number");
            }
        }
        if (labels != null) {
            if (labels.length != rows) {
                throw new IllegalArgumentException("expected " + rows + " labels, got " + labels.length);
            }
            for (int r = 0; r < rows; r++) {
                if (labels[r] < 0 || labels[r] >= classes) {
                    throw new IllegalArgumentException("label of row " + r + " is " + labels[r]
                            + "; labels must lie in [0, " + classes + ")");
                }
            }
        }
        this.features = features;
        this.rows = rows;
        this.cols = cols;
        this.labels = labels;
        this.classes = labels == null ? 0 : classes;
    }

    /** An unlabelled data set. */
    public static DataSet of(float[] features, int rows, int cols) {
        return new DataSet(features, rows, cols, null, 0);
    }

    public int rows() { return rows; }
    public int cols() { return cols; }
    public boolean hasLabels() { return labels != null; }
    public int classes() { return classes; }

    /** The label of row {@code r}. @throws IllegalStateException when unlabelled */
    public int label(int r) {
        if (labels == null) {
            throw new IllegalStateException("this data set has no labels");
        }
        return labels[r];
    }

    /** A copy of row {@code r}. */
    public float[] row(int r) {
        Objects.checkIndex(r, rows);
        return Arrays.copyOfRange(features, r * cols, (r + 1) * cols);
    }

    /** Copies row {@code r} into {@code dst} at {@code offset}. */
    public void copyRow(int r, float[] dst, int offset) {
        System.arraycopy(features, r * cols, dst, offset, cols);
    }

    /** Copies rows {@code [from, from + count)} into {@code dst} from its start. */
    public void copyRows(int from, int count, float[] dst) {
        System.arraycopy(features, from * cols, dst, 0, count * cols);
    }

    /** Rows {@code [from, to)} as a new data set (labels kept). */
    public DataSet slice(int from, int to) {
        Objects.checkFromToIndex(from, to, rows);
        return new DataSet(Arrays.copyOfRange(features, from * cols, to * cols), to - from, cols,
                labels == null ? null : Arrays.copyOfRange(labels, from, to), classes);
    }

    /** The first {@code n} rows (or all, if fewer). */
    public DataSet head(int n) {
        return slice(0, Math.min(n, rows));
    }

    /** The rows at the given indices, in that order (labels kept). */
    public DataSet select(int[] indices) {
        float[] f = new float[indices.length * cols];
        int[] l = labels == null ? null : new int[indices.length];
        for (int i = 0; i < indices.length; i++) {
            copyRow(indices[i], f, i * cols);
            if (l != null) {
                l[i] = labels[indices[i]];
            }
        }
        return new DataSet(f, indices.length, cols, l, classes);
    }

    /** A copy of all values, row-major. */
    public float[] toArray() {
        return features.clone();
    }

    /** A copy of all labels. @throws IllegalStateException when unlabelled */
    public int[] labels() {
        if (labels == null) {
            throw new IllegalStateException("this data set has no labels");
        }
        return labels.clone();
    }

    /**
     * Identifies the data for provenance: its shape and a CRC-32 of its values and labels, e.g.
     * {@code 60000x784:1a2b3c4d}. Equal data gives equal fingerprints. Computed once: the data
     * cannot change, and Fashion-MNIST's took 20-40 ms at the start of every phase trained on it.
     */
    public String fingerprint() {
        String known = fingerprint;
        if (known == null) {
            known = crcOfContents();
            fingerprint = known;
        }
        return known;
    }

    private String crcOfContents() {
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        // The floats' raw bits, big-endian, copied a block at a time (float by float it took a tenth
        // of a second for Fashion-MNIST, at the start of every training run).
        java.nio.ByteBuffer bytes = java.nio.ByteBuffer.allocate(4 * 4096);
        java.nio.FloatBuffer floats = bytes.asFloatBuffer();
        for (int i = 0; i < features.length; i += 4096) {
            int count = Math.min(4096, features.length - i);
            floats.clear();
            floats.put(features, i, count);
            crc.update(bytes.array(), 0, 4 * count);
        }
        if (labels != null) {
            for (int label : labels) {
                crc.update(label);
            }
        }
        return rows + "x" + cols + ":" + String.format("%08x", crc.getValue());
    }

    @Override
    public String toString() {
        return "DataSet[" + rows + " x " + cols + (labels != null ? ", " + classes + " classes" : "") + "]";
    }
}
