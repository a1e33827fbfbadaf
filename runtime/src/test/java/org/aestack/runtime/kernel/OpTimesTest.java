package org.aestack.runtime.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The timing proxy behind {@code bench --breakdown}: it passes calls through unchanged and counts them by shape. */
class OpTimesTest {
    @Test
    void callsPassThroughAndAreCountedByOperationAndShape() {
        KernelOps scalar = Kernels.scalar();
        KernelOps timed = OpTimes.timing(scalar);
        assertTrue(OpTimes.isTiming(timed) && !OpTimes.isTiming(scalar));
        OpTimes.reset();
        float[] a = {1, 2, 3, 4, 5, 6}, b = {1, 0, 2, 1, 0, 3, 1, 1, 2, 0, 1, 1}, expected = new float[8], actual = new float[8];
        scalar.gemmNN(2, 4, 3, 1f, a, 3, b, 4, 0f, expected, 4);
        timed.gemmNN(2, 4, 3, 1f, a, 3, b, 4, 0f, actual, 4);
        timed.gemmNN(2, 4, 3, 1f, a, 3, b, 4, 0f, actual, 4);
        assertArrayEquals(expected, actual);
        float[] p = {1, 2, 3}, g = {1, 1, 1};
        timed.sgd(p, g, 3, 0.5f);
        assertArrayEquals(new float[] {0.5f, 1.5f, 2.5f}, p);
        double[] rows = new double[4];
        timed.crossEntropyRows(new float[] {0.5f, 0.5f, 0.5f, 0.5f}, new float[] {1, 0, 1, 0}, 2, 2, rows, 2);
        assertEquals(2 * Math.log(2), rows[3], 1e-6);
        assertEquals("scalar", timed.name());
        float[] y = new float[6];
        timed.axpy(2f, new float[] {1, 1, 1, 1}, 1, y, 2, 3); // offsets 1 and 2, length 3
        assertArrayEquals(new float[] {0, 0, 2, 2, 2, 0}, y);

        List<OpTimes.Entry> entries = OpTimes.entries();
        Map<String, Long> calls = entries.stream().collect(Collectors.toMap(OpTimes.Entry::op, OpTimes.Entry::calls));
        // a product's m, n and k; a flat kernel's length; sizes, not offsets
        assertEquals(Map.of("gemmNN 2x4x3", 2L, "sgd 3", 1L, "crossEntropyRows 2x2", 1L, "axpy 3", 1L, "name", 1L), calls);
        for (int i = 1; i < entries.size(); i++) {
            assertTrue(entries.get(i - 1).nanos() >= entries.get(i).nanos(), "the longest first: " + entries);
        }
        OpTimes.reset();
        assertTrue(OpTimes.entries().isEmpty());
    }

    /** An update an epilogue makes inside a product is the product's time, not a row of its own. */
    @Test
    void callsInsideATimedCallAreItsTime() {
        KernelOps timed = OpTimes.timing(Kernels.scalar());
        OpTimes.reset();
        float[] a = {1, 2, 3, 4}, b = {1, 1, 1, 1}, grad = new float[4], p = new float[4];
        timed.gemmTN(2, 2, 2, 1f, a, 2, b, 2, 0f, grad, 2, (from, to) -> timed.sgdRange(p, grad, from, from, to, 1f));
        assertArrayEquals(new float[] {-4, -4, -6, -6}, p);
        assertEquals(List.of("gemmTN 2x2x2"), OpTimes.entries().stream().map(OpTimes.Entry::op).toList());
        OpTimes.reset();
    }

    @Test
    void aKernelsExceptionReachesTheCallerAsItWasThrown() {
        KernelOps timed = OpTimes.timing(Kernels.scalar());
        assertThrows(ArrayIndexOutOfBoundsException.class, () -> timed.sgd(new float[2], new float[2], 3, 0.1f));
    }
}
