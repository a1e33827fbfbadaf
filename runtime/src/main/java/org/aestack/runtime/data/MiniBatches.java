package org.aestack.runtime.data;

import org.aestack.runtime.kernel.Parallel;
import org.aestack.runtime.kernel.Rng;

/**
 * Shuffled mini-batches over a {@link DataSet}: each epoch a fresh permutation, drawn from the
 * given generator, and batches of {@code batchSize} rows (the last one smaller when the rows do
 * not divide evenly). Copies rows into a caller's buffer, so a training step allocates nothing.
 */
public final class MiniBatches {
    private final DataSet data;
    private final int batchSize;
    private final int[] order;
    private final Rng rng;

    public MiniBatches(DataSet data, int batchSize, Rng rng) {
        if (batchSize <= 0) {
            throw new IllegalArgumentException("batch size must be positive, not " + batchSize);
        }
        this.data = data;
        this.batchSize = batchSize;
        this.rng = rng;
        this.order = new int[data.rows()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
    }

    /** Batches per epoch. */
    public int count() {
        return (data.rows() + batchSize - 1) / batchSize;
    }

    /**
     * Draws a new order of the rows; call at the start of each epoch. The order depends only on the
     * generator's state, not on earlier orders, so a run resumed from a checkpoint sees the same.
     */
    public void shuffle() {
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        rng.shuffle(order);
    }

    /**
     * Copies batch {@code b} of the current order into {@code into} (at least
     * {@code batchSize × cols} long), row after row.
     *
     * @return the number of rows copied
     */
    public int fill(int b, float[] into) {
        int from = b * batchSize;
        int rows = Math.min(batchSize, data.rows() - from);
        Parallel threads = Parallel.instance();
        if ((long) rows * data.cols() >= PARALLEL_FLOATS && !threads.inPart()) {
            filling.set(from, rows, into);
            try {
                threads.run(filling);
            } finally {
                filling.set(0, 0, null); // holds no caller's buffer between batches
            }
        } else {
            copyRows(from, 0, rows, into);
        }
        return rows;
    }

    /** Rows a batch has at least, in floats, for its rows to be copied on all kernel threads. */
    private static final int PARALLEL_FLOATS = 1 << 15;

    private final Filling filling = new Filling();

    /**
     * A batch's rows copied by the kernel threads, each a contiguous run of them: the rows lie
     * anywhere in the data set, so each copy waits on memory, and one thread copying them all
     * (W1: 128 rows of 3 KB a step, 3% of the step) kept the other waiting. Which thread copies a
     * row changes nothing in it.
     */
    private final class Filling implements Parallel.Task {
        private int from, rows;
        private float[] into;

        void set(int from, int rows, float[] into) {
            this.from = from;
            this.rows = rows;
            this.into = into;
        }

        @Override
        public void run(int part, int parts) {
            copyRows(from, rows * part / parts, rows * (part + 1) / parts, into);
        }
    }

    /** Rows {@code [first, end)} of the batch starting at {@code from} in the order, into their places. */
    private void copyRows(int from, int first, int end, float[] into) {
        int cols = data.cols();
        for (int r = first; r < end; r++) {
            data.copyRow(order[from + r], into, r * cols);
        }
    }

    /** Copies the labels of batch {@code b} of the current order into {@code into}, in the order {@link #fill} copies rows. */
    public void fillLabels(int b, int[] into) {
        int from = b * batchSize;
        int rows = Math.min(batchSize, data.rows() - from);
        for (int r = 0; r < rows; r++) {
            into[r] = data.label(order[from + r]);
        }
    }
}
