package org.aestack.runtime.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class StandardizerTest {
    private static final DataSet DATA = new DataSet(new float[] {1, 5, 0, 3, 5, 0, 8, 5, 0}, 3, 3, new int[] {0, 1, 1}, 2);

    @Test
    void columnsGetZeroMeanAndUnitVarianceAndConstantOnesAreOnlyCentred() {
        Standardizer s = Standardizer.fit(DATA);
        assertArrayEquals(new float[] {4, 5, 0}, s.mean(), 1e-6f);
        assertEquals(Math.sqrt(26.0 / 3), s.deviation()[0], 1e-5);
        assertEquals(1f, s.deviation()[1]);
        DataSet z = s.apply(DATA);
        double sum = 0;
        double squares = 0;
        for (int r = 0; r < 3; r++) {
            sum += z.row(r)[0];
            squares += z.row(r)[0] * z.row(r)[0];
            assertEquals(0f, z.row(r)[1]);
        }
        assertEquals(0, sum, 1e-6);
        assertEquals(3, squares, 1e-5);
        assertArrayEquals(DATA.labels(), z.labels());
        assertArrayEquals(DATA.toArray(), s.invert(z).toArray(), 1e-5f);
    }

    @Test
    void otherWidthsAndEmptySetsAreRefused() {
        Standardizer s = Standardizer.fit(DATA);
        assertThrows(IllegalArgumentException.class, () -> s.apply(DataSet.of(new float[4], 2, 2)));
        assertThrows(IllegalArgumentException.class, () -> Standardizer.fit(DataSet.of(new float[0], 0, 3)));
    }
}
