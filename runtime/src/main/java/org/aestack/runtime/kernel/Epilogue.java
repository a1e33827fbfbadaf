package org.aestack.runtime.kernel;

/**
 * What a product does with C as it finishes it: called with runs {@code [from, to)} of C's array
 * (parts of one row each) whose values are final, from the threads that computed them, each
 * element in exactly one run. A training step's weight-gradient product takes the optimizer's
 * step this way ({@code PhaseRunner#updateOf}): each run of the gradient is still in cache, and the
 * parameters and moments stream in while the other tiles are multiplied, instead of in a pass of
 * their own after the product.
 */
@FunctionalInterface
public interface Epilogue {
    /** {@code c[from, to)} is final. */
    void apply(int from, int to);

    /**
     * Whether C's final values may be handed over in the product's own buffer
     * ({@link #apply(float[], int, int, int)}) instead of stored in C: C is then left as it was.
     * True for an optimizer's step, which reads the gradient once and never again.
     */
    default boolean takesBuffer() {
        return false;
    }

    /**
     * The final values of {@code c[from, to)} are {@code values[offset, offset + to - from)}; C
     * does not hold them. Called only where {@link #takesBuffer} is true.
     */
    default void apply(float[] values, int offset, int from, int to) {
        throw new UnsupportedOperationException("this epilogue reads C");
    }

    /**
     * Rows {@code [first, first + count)}, columns {@code [from, to)} of a C with rows {@code ldc}
     * long are final: one run where they are whole rows ({@code to - from == ldc}), else a run a row.
     */
    default void rows(int first, int count, int from, int to, int ldc) {
        if (to - from == ldc) {
            apply(first * ldc, (first + count) * ldc);
        } else {
            for (int r = first; r < first + count; r++) {
                apply(r * ldc + from, r * ldc + to);
            }
        }
    }

    /**
     * {@link #rows(int, int, int, int, int)} with the values in {@code values}, rows
     * {@code to - from} long from its start, not in C ({@link #apply(float[], int, int, int)}).
     */
    default void rows(float[] values, int first, int count, int from, int to, int ldc) {
        int width = to - from;
        if (width == ldc) {
            apply(values, 0, first * ldc, (first + count) * ldc);
        } else {
            for (int r = 0; r < count; r++) {
                int start = (first + r) * ldc + from;
                apply(values, r * width, start, start + width);
            }
        }
    }
}
