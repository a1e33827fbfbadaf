package org.aestack.runtime.metric;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.aestack.runtime.kernel.Rng;
import org.junit.jupiter.api.Test;

class RocAucTest {
    @Test
    void perfectReversedAndTiedRankings() {
        boolean[] positive = {false, false, true, true};
        assertEquals(1.0, RocAuc.of(new double[] {1, 2, 3, 4}, positive), 1e-12);
        assertEquals(0.0, RocAuc.of(new double[] {4, 3, 2, 1}, positive), 1e-12);
        assertEquals(0.5, RocAuc.of(new double[] {1, 1, 1, 1}, positive), 1e-12);
        // Pairs (pos, neg): (3 vs 1) win, (3 vs 3) tie, (2 vs 1) win, (2 vs 3) loss: (2 + 0.5) / 4.
        assertEquals(0.625, RocAuc.of(new double[] {1, 3, 3, 2}, positive), 1e-12);
    }

    @Test
    void agreesWithCountingEveryPair() {
        Rng rng = new Rng(8);
        int n = 500;
        double[] scores = new double[n];
        boolean[] positive = new boolean[n];
        for (int i = 0; i < n; i++) {
            positive[i] = rng.nextFloat() < 0.3;
            scores[i] = Math.round((rng.nextDouble() + (positive[i] ? 0.4 : 0)) * 20); // many ties
        }
        double wins = 0;
        long pairs = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                if (positive[i] && !positive[j]) {
                    pairs++;
                    wins += scores[i] > scores[j] ? 1 : scores[i] == scores[j] ? 0.5 : 0;
                }
            }
        }
        assertEquals(wins / pairs, RocAuc.of(scores, positive), 1e-12);
    }

    @Test
    void thresholdsFlagTheDeclaredFractionOfNormalScores() {
        double[] normal = new double[1000];
        for (int i = 0; i < normal.length; i++) {
            normal[i] = i;
        }
        double t = RocAuc.threshold(normal, 0.05);
        long flagged = java.util.Arrays.stream(normal).filter(s -> s > t).count();
        assertEquals(50, flagged);
        assertThrows(IllegalArgumentException.class, () -> RocAuc.threshold(normal, 0));
        assertThrows(IllegalArgumentException.class, () -> RocAuc.of(new double[] {1}, new boolean[] {true}));
    }
}
