package org.aestack.runtime.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import org.aestack.dsl.Noise;
import org.aestack.runtime.kernel.Rng;
import org.junit.jupiter.api.Test;

class CorruptionTest {
    private static final int N = 100_000;

    private static DataSet constant(float v) {
        float[] x = new float[N];
        Arrays.fill(x, v);
        return DataSet.of(x, N / 100, 100);
    }

    @Test
    void maskingZeroesTheDeclaredFraction() {
        float[] out = new Corruption(Noise.MASKING, 0.3).apply(constant(0.5f), new Rng(1)).toArray();
        long zeros = 0;
        for (float v : out) {
            zeros += v == 0f ? 1 : 0;
            if (v != 0f) {
                assertEquals(0.5f, v);
            }
        }
        assertEquals(0.3, (double) zeros / N, 0.01);
    }

    @Test
    void saltAndPepperSplitsTheCorruptedHalfAndHalf() {
        float[] out = new Corruption(Noise.SALT_AND_PEPPER, 0.4).apply(constant(0.5f), new Rng(2)).toArray();
        long zeros = 0;
        long ones = 0;
        for (float v : out) {
            zeros += v == 0f ? 1 : 0;
            ones += v == 1f ? 1 : 0;
        }
        assertEquals(0.2, (double) zeros / N, 0.01);
        assertEquals(0.2, (double) ones / N, 0.01);
    }

    @Test
    void gaussianNoiseHasTheDeclaredDeviation() {
        float[] out = new Corruption(Noise.GAUSSIAN, 0.3).apply(constant(0.5f), new Rng(3)).toArray();
        double sum = 0;
        double sq = 0;
        for (float v : out) {
            sum += v - 0.5;
            sq += (v - 0.5) * (v - 0.5);
        }
        assertEquals(0, sum / N, 0.005);
        assertEquals(0.09, sq / N, 0.003);
    }

    @Test
    void levelsOutOfRangeAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new Corruption(Noise.MASKING, 1.0));
        assertThrows(IllegalArgumentException.class, () -> new Corruption(Noise.GAUSSIAN, -0.1));
    }
}
