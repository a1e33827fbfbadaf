package org.aestack.runtime.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

    /**
     * Blanked blocks: in each image, zeros only inside squares of 8 × 8 at the same place in every
     * channel, as many as the level asks (checked on an image of ones, where every zero is a blanked
     * pixel), the rest untouched; places that vary between images; and {@code kept} marking exactly
     * the blanked pixels of the same draws.
     */
    @Test
    void blocksBlankSquaresAtTheSamePlaceInEveryChannel() {
        Corruption blocks = new Corruption(Noise.BLOCKS, 0.2, 2, 20, 16);
        assertEquals(1, new Corruption(Noise.BLOCKS, 0.01, 1, 28, 28).blocksPerImage());
        assertEquals(Math.round(0.2f * 20 * 16 / 64f), blocks.blocksPerImage());
        int images = 50;
        int size = 2 * 20 * 16;
        float[] ones = new float[images * size];
        java.util.Arrays.fill(ones, 1f);
        float[] out = new float[ones.length];
        blocks.apply(ones, out, ones.length, new float[ones.length], new Rng(3));
        java.util.Set<Integer> firstZeros = new java.util.HashSet<>();
        for (int image = 0; image < images; image++) {
            int zeros = 0;
            int top = Integer.MAX_VALUE;
            int bottom = -1;
            for (int p = 0; p < 20 * 16; p++) {
                float first = out[image * size + p];
                assertEquals(first, out[image * size + 20 * 16 + p], "both channels alike at pixel " + p);
                if (first == 0f) {
                    zeros++;
                    top = Math.min(top, p / 16);
                    bottom = Math.max(bottom, p / 16);
                } else {
                    assertEquals(1f, first);
                }
            }
            // at least one whole block, at most all of them without overlap
            assertTrue(zeros >= 64 && zeros <= 64 * blocks.blocksPerImage(), "zeros " + zeros);
            assertTrue(bottom - top + 1 >= 8, "a block spans 8 rows");
            firstZeros.add(top);
        }
        assertTrue(firstZeros.size() > 3, "blocks move between images: " + firstZeros);
        float[] kept = blocks.kept(images, size, new Rng(3));
        assertArrayEquals(out, kept);
        assertThrows(IllegalArgumentException.class, () -> new Corruption(Noise.BLOCKS, 0.2));
        assertThrows(IllegalArgumentException.class, () -> new Corruption(Noise.GAUSSIAN, 0.2).kept(1, 4, new Rng(1)));
        assertThrows(IllegalArgumentException.class,
                () -> blocks.apply(new float[size + 1], new float[size + 1], size + 1, new float[size + 1], new Rng(1)));
    }
}
