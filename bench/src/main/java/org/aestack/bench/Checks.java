package org.aestack.bench;

import org.aestack.runtime.kernel.KernelOps;
import org.aestack.runtime.kernel.Kernels;

/** What every benchmark does before it measures: picks the kernels and checks their results. */
final class Checks {
    private Checks() {}

    /** {@code "vector"} or {@code "scalar"}. */
    static KernelOps kernels(String name) {
        switch (name) {
            case "vector":
                return Kernels.vector();
            case "scalar":
                return Kernels.scalar();
            default:
                throw new IllegalArgumentException("kernels are vector or scalar, not " + name);
        }
    }

    /**
     * Refuses to benchmark a kernel whose result differs from the reference by more than float
     * rounding allows for sums of {@code terms} products.
     */
    static void close(String what, float[] expected, float[] actual, int terms) {
        double tolerance = 1e-6 * terms + 1e-5;
        for (int i = 0; i < expected.length; i++) {
            double scale = Math.max(1, Math.abs(expected[i]));
            if (!(Math.abs(expected[i] - actual[i]) <= tolerance * scale)) {
                throw new IllegalStateException(what + ": element " + i + " is " + actual[i] + ", the reference says " + expected[i]);
            }
        }
    }

    static void close(String what, double expected, double actual) {
        if (!(Math.abs(expected - actual) <= 1e-4 * Math.max(1, Math.abs(expected)))) {
            throw new IllegalStateException(what + ": " + actual + ", the reference says " + expected);
        }
    }

    static float[] transpose(float[] x, int rows, int cols) {
        float[] t = new float[x.length];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                t[c * rows + r] = x[r * cols + c];
            }
        }
        return t;
    }
}
