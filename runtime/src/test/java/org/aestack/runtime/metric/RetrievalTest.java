package org.aestack.runtime.metric;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.aestack.runtime.data.DataSet;
import org.aestack.runtime.kernel.Rng;
import org.junit.jupiter.api.Test;

/** Mean average precision on rankings small enough to work out by hand, and its two extremes. */
class RetrievalTest {
    @Test
    void averagePrecisionIsWorkedOutByHand() {
        // the query (1, 0) of class 0; the database by falling cosine: (1, 0.1) class 0, (1, 0.5) class 1,
        // (1, 1) class 0, (0, 1) class 1. Relevant at ranks 1 and 3: AP = (1/1 + 2/3) / 2 = 5/6.
        DataSet query = new DataSet(new float[] {1, 0}, 1, 2, new int[] {0}, 2);
        DataSet database = new DataSet(new float[] {1, 1, 0, 1, 1, 0.5f, 1, 0.1f}, 4, 2, new int[] {0, 1, 1, 0}, 2);
        assertEquals(5.0 / 6, Retrieval.meanAveragePrecision(query, database), 1e-12);
        // a second query, (0, 1) of class 1: ranking (0,1) c1, (1,1) c0, (1,0.5) c1, (1,0.1) c0 -> (1 + 2/3) / 2
        DataSet two = new DataSet(new float[] {1, 0, 0, 2}, 2, 2, new int[] {0, 1}, 2);
        assertEquals(5.0 / 6, Retrieval.meanAveragePrecision(two, database), 1e-12);
    }

    @Test
    void perfectAndRandomRepresentationsBoundIt() {
        Rng rng = new Rng(4);
        int rows = 400;
        float[] onehot = new float[rows * 4];
        float[] noise = new float[rows * 4];
        int[] labels = new int[rows];
        for (int r = 0; r < rows; r++) {
            labels[r] = r % 4;
            onehot[r * 4 + labels[r]] = 1;
            for (int j = 0; j < 4; j++) {
                noise[r * 4 + j] = (float) rng.nextGaussian();
            }
        }
        DataSet perfect = new DataSet(onehot, rows, 4, labels, 4);
        assertEquals(1.0, Retrieval.meanAveragePrecision(perfect, perfect), 1e-12);
        DataSet random = new DataSet(noise, rows, 4, labels, 4);
        double chance = Retrieval.meanAveragePrecision(random, random.select(java.util.stream.IntStream.range(0, rows)
                .map(i -> (i * 7 + 3) % rows).toArray()));
        // a quarter of the database is relevant: random rankings give about 0.25 (a little above, from the top ranks)
        assertEquals(0.25, chance, 0.05);
    }

    @Test
    void mismatchedSetsAreRefused() {
        DataSet a = new DataSet(new float[4], 2, 2, new int[] {0, 1}, 2);
        assertThrows(IllegalArgumentException.class, () -> Retrieval.meanAveragePrecision(a, DataSet.of(new float[4], 2, 2)));
        assertThrows(IllegalArgumentException.class,
                () -> Retrieval.meanAveragePrecision(a, new DataSet(new float[6], 2, 3, new int[] {0, 1}, 2)));
    }
}
