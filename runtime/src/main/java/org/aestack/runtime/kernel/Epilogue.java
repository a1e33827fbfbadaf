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
}
