package org.aestack.runtime.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ModalitiesTest {
    private static final DataSet IMAGES = new DataSet(new float[] {1, 2, 3, 4, 5, 6}, 2, 3, new int[] {7, 8}, 10);
    private static final DataSet SOUNDS = DataSet.of(new float[] {-1, -2, -3, -4}, 2, 2);

    @Test
    void rowsGoSideBySideAndComeApartAgain() {
        DataSet joined = Modalities.join(IMAGES, SOUNDS);
        assertArrayEquals(new float[] {1, 2, 3, -1, -2, 4, 5, 6, -3, -4}, joined.toArray());
        assertArrayEquals(new int[] {7, 8}, joined.labels());
        int[] widths = {3, 2};
        assertArrayEquals(IMAGES.toArray(), Modalities.part(joined, widths, 0).toArray());
        assertArrayEquals(SOUNDS.toArray(), Modalities.part(joined, widths, 1).toArray());
        float[][] out = {new float[6], new float[4]};
        Modalities.split(joined.toArray(), 2, widths, out);
        assertArrayEquals(IMAGES.toArray(), out[0]);
        assertArrayEquals(SOUNDS.toArray(), out[1]);
    }

    @Test
    void partsThatDoNotPairAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> Modalities.join(IMAGES, DataSet.of(new float[3], 3, 1)));
        assertThrows(IllegalArgumentException.class,
                () -> Modalities.join(IMAGES, new DataSet(new float[2], 2, 1, new int[] {7, 9}, 10)));
        assertThrows(IllegalArgumentException.class, () -> Modalities.part(IMAGES, new int[] {2, 2}, 0));
    }

    @Test
    void countsScaleToOneDocumentLength() {
        DataSet counts = new DataSet(new float[] {1, 3, 0, 2, 2, 4}, 2, 3, new int[] {1, 2}, 3);
        DataSet scaled = Modalities.toLength(counts, 8);
        assertArrayEquals(new float[] {2, 6, 0, 2, 2, 4}, scaled.toArray(), 1e-6f);
        assertArrayEquals(new int[] {1, 2}, scaled.labels());
        assertThrows(IllegalArgumentException.class, () -> Modalities.toLength(DataSet.of(new float[3], 1, 3), 8));
        assertThrows(IllegalArgumentException.class, () -> Modalities.toLength(DataSet.of(new float[] {1, -1, 2}, 1, 3), 8));
    }
}
