package org.aestack.runtime.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.aestack.runtime.kernel.Rng;
import org.junit.jupiter.api.Test;

class DataSetTest {
    @Test
    void nonFiniteValuesAreRejectedWithRowAndColumn() {
        float[] x = new float[12];
        x[7] = Float.NaN;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DataSet.of(x, 3, 4));
        assertEquals("value at row 1, column 3 is NaN; every input must be a finite number", e.getMessage());
        x[7] = Float.POSITIVE_INFINITY;
        assertThrows(IllegalArgumentException.class, () -> DataSet.of(x, 3, 4));
    }

    @Test
    void labelsMustBeInRangeAndShapesMustAgree() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new DataSet(new float[4], 2, 2, new int[] {0, 10}, 10));
        assertEquals("label of row 1 is 10; labels must lie in [0, 10)", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new DataSet(new float[4], 2, 2, new int[] {0}, 10));
        assertThrows(IllegalArgumentException.class, () -> DataSet.of(new float[5], 2, 2));
    }

    @Test
    void fingerprintsTellDataApart() {
        DataSet a = new DataSet(new float[] {0, 1, 2, 3}, 2, 2, new int[] {0, 1}, 2);
        assertEquals(a.fingerprint(), new DataSet(new float[] {0, 1, 2, 3}, 2, 2, new int[] {0, 1}, 2).fingerprint());
        org.junit.jupiter.api.Assertions.assertNotEquals(a.fingerprint(),
                new DataSet(new float[] {0, 1, 2, 3.5f}, 2, 2, new int[] {0, 1}, 2).fingerprint());
        org.junit.jupiter.api.Assertions.assertNotEquals(a.fingerprint(),
                new DataSet(new float[] {0, 1, 2, 3}, 2, 2, new int[] {1, 1}, 2).fingerprint());
        org.junit.jupiter.api.Assertions.assertTrue(a.fingerprint().startsWith("2x2:"));
    }

    /**
     * Model files keep the fingerprint of the data they were trained on: it stays the CRC-32 of the
     * floats' raw bits, big-endian, then the labels, whatever blocks it is computed in (here across
     * several of them, with a partial last one).
     */
    @Test
    void theFingerprintIsTheCrcOfTheRawBitsAndTheLabels() {
        int rows = 37, cols = 301;
        float[] x = new float[rows * cols];
        new org.aestack.runtime.kernel.Rng(5).fillUniform(x, x.length, -1, 1);
        x[8] = -0f;
        int[] labels = new int[rows];
        for (int r = 0; r < rows; r++) {
            labels[r] = r % 10;
        }
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        for (float f : x) {
            int bits = Float.floatToRawIntBits(f);
            crc.update(new byte[] {(byte) (bits >>> 24), (byte) (bits >>> 16), (byte) (bits >>> 8), (byte) bits});
        }
        for (int label : labels) {
            crc.update(label);
        }
        assertEquals(rows + "x" + cols + ":" + String.format("%08x", crc.getValue()),
                new DataSet(x, rows, cols, labels, 10).fingerprint());
    }

    @Test
    void slicesAndSelectionsKeepLabels() {
        DataSet d = new DataSet(new float[] {0, 1, 2, 3, 4, 5}, 3, 2, new int[] {7, 8, 9}, 10);
        DataSet s = d.select(new int[] {2, 0});
        assertArrayEquals(new float[] {4, 5, 0, 1}, s.toArray());
        assertArrayEquals(new int[] {9, 7}, s.labels());
        assertEquals(2, d.head(2).rows());
        assertArrayEquals(new float[] {2, 3}, d.slice(1, 2).row(0));
    }

    @Test
    void miniBatchesCoverEveryRowOncePerEpochInASeededOrder() {
        int rows = 10;
        float[] x = new float[rows];
        for (int i = 0; i < rows; i++) {
            x[i] = i;
        }
        DataSet d = DataSet.of(x, rows, 1);
        List<Float> first = epoch(d, 42);
        assertEquals(first, epoch(d, 42), "the same seed gives the same order");
        List<Float> sorted = new ArrayList<>(first);
        sorted.sort(null);
        for (int i = 0; i < rows; i++) {
            assertEquals(i, sorted.get(i), 0f);
        }
        MiniBatches b = new MiniBatches(d, 4, new Rng(1));
        assertEquals(3, b.count());
        assertEquals(2, b.fill(2, new float[4]), "the last batch holds the remainder");
    }

    /**
     * Batches large enough to be copied on all kernel threads (here 96 rows of 400 values, the last
     * batch 64) hold each row whole, at the place of its label, and every row once an epoch.
     */
    @Test
    void largeBatchesCopiedOnAllThreadsHoldEveryRowInPlace() {
        int rows = 1000, cols = 400, batch = 96;
        float[] x = new float[rows * cols];
        int[] labels = new int[rows];
        for (int i = 0; i < rows; i++) {
            java.util.Arrays.fill(x, i * cols, (i + 1) * cols, i);
            labels[i] = i % 7;
        }
        MiniBatches batches = new MiniBatches(new DataSet(x, rows, cols, labels, 7), batch, new Rng(3));
        batches.shuffle();
        float[] buffer = new float[batch * cols];
        int[] batchLabels = new int[batch];
        boolean[] seen = new boolean[rows];
        for (int b = 0; b < batches.count(); b++) {
            int n = batches.fill(b, buffer);
            batches.fillLabels(b, batchLabels);
            for (int r = 0; r < n; r++) {
                int row = (int) buffer[r * cols];
                for (int c = 1; c < cols; c++) {
                    assertEquals(row, buffer[r * cols + c], 0f, "batch " + b + ", row " + r);
                }
                assertEquals(row % 7, batchLabels[r], "batch " + b + ", row " + r);
                org.junit.jupiter.api.Assertions.assertFalse(seen[row], "row " + row + " twice");
                seen[row] = true;
            }
        }
        for (int i = 0; i < rows; i++) {
            assertTrue(seen[i], "row " + i + " never came");
        }
    }

    private static List<Float> epoch(DataSet d, long seed) {
        MiniBatches batches = new MiniBatches(d, 4, new Rng(seed));
        batches.shuffle();
        List<Float> seen = new ArrayList<>();
        float[] buffer = new float[4];
        for (int b = 0; b < batches.count(); b++) {
            int n = batches.fill(b, buffer);
            for (int r = 0; r < n; r++) {
                seen.add(buffer[r]);
            }
        }
        return seen;
    }
}
