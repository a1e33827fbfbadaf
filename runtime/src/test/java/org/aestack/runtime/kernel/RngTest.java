package org.aestack.runtime.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RngTest {
    @Test
    void theSameSeedGivesTheSameSequence() {
        float[] a = new float[1000];
        float[] b = new float[1000];
        new Rng(17).fillUniform(a, a.length, -1, 1);
        new Rng(17).fillUniform(b, b.length, -1, 1);
        assertArrayEquals(a, b, 0f);
        new Rng(18).fillUniform(b, b.length, -1, 1);
        assertNotEquals(a[0], b[0]);
    }

    @Test
    void uniformsHaveTheRightRangeMeanAndVariance() {
        int n = 200_000;
        float[] u = new float[n];
        new Rng(1).fillUniform(u, n, 2, 4);
        double sum = 0, sq = 0;
        for (float v : u) {
            assertTrue(v >= 2 && v < 4);
            sum += v;
            sq += v * v;
        }
        double mean = sum / n;
        assertEquals(3, mean, 0.01);
        assertEquals(4.0 / 12, sq / n - mean * mean, 0.005);
    }

    @Test
    void gaussiansHaveTheRightMeanAndVariance() {
        int n = 200_000;
        float[] g = new float[n];
        new Rng(2).fillGaussian(g, n, 1, 0.5f);
        double sum = 0, sq = 0;
        for (float v : g) {
            sum += v;
            sq += v * v;
        }
        double mean = sum / n;
        assertEquals(1, mean, 0.01);
        assertEquals(0.25, sq / n - mean * mean, 0.005);
    }

    @Test
    void boundedIntegersAreUnbiased() {
        int bound = 7, n = 700_000;
        int[] counts = new int[bound];
        Rng rng = new Rng(3);
        for (int i = 0; i < n; i++) {
            counts[rng.nextInt(bound)]++;
        }
        double chi2 = 0, expected = (double) n / bound;
        for (int c : counts) {
            chi2 += (c - expected) * (c - expected) / expected;
        }
        assertTrue(chi2 < 22.5, "chi-square " + chi2 + " with 6 degrees of freedom (p < 0.001)");
        assertThrows(IllegalArgumentException.class, () -> rng.nextInt(0));
    }

    @Test
    void splitStreamsDifferFromTheParentAndEachOther() {
        Rng parent = new Rng(4);
        Rng a = parent.split();
        Rng b = parent.split();
        assertNotEquals(a.nextLong(), b.nextLong());
        assertNotEquals(new Rng(4).nextLong(), new Rng(4).split().nextLong());
    }

    @Test
    void shuffleIsAPermutation() {
        int[] a = new int[100];
        for (int i = 0; i < a.length; i++) {
            a[i] = i;
        }
        new Rng(5).shuffle(a);
        boolean[] seen = new boolean[100];
        int moved = 0;
        for (int i = 0; i < a.length; i++) {
            seen[a[i]] = true;
            moved += a[i] != i ? 1 : 0;
        }
        for (boolean s : seen) {
            assertTrue(s);
        }
        assertTrue(moved > 80);
    }
}
