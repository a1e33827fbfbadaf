package org.aestack.runtime.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class PairsTest {
    /** Rows side by side, split back, and the two halves recovered, labels kept. */
    @Test
    void pairsPutRowsSideBySideAndSplitBack() {
        DataSet inputs = new DataSet(new float[] {1, 2, 3, 4}, 2, 2, new int[] {0, 1}, 2);
        DataSet targets = DataSet.of(new float[] {5, 6, 7, 8, 9, 10}, 2, 3);
        DataSet pairs = Pairs.of(inputs, targets);
        assertEquals(5, pairs.cols());
        assertArrayEquals(new float[] {1, 2, 5, 6, 7, 3, 4, 8, 9, 10}, pairs.toArray());
        assertArrayEquals(new int[] {0, 1}, pairs.labels());
        float[] x = new float[4];
        float[] y = new float[6];
        Pairs.split(pairs.toArray(), 2, 2, 3, x, y);
        assertArrayEquals(inputs.toArray(), x);
        assertArrayEquals(targets.toArray(), y);
        assertArrayEquals(inputs.toArray(), Pairs.inputs(pairs, 2).toArray());
        assertArrayEquals(targets.toArray(), Pairs.targets(pairs, 2).toArray());
        assertThrows(IllegalArgumentException.class, () -> Pairs.of(inputs, DataSet.of(new float[3], 1, 3)));
        assertThrows(IllegalArgumentException.class, () -> Pairs.inputs(pairs, 6));
    }
}
