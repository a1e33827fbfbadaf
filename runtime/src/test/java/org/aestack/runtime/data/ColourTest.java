package org.aestack.runtime.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ColourTest {
    private static final int H = 4;
    private static final int W = 6;
    private static final int PLANE = H * W;

    /** {@code rows} random colour images of H × W with labels {@code r % 3}. */
    private static DataSet randomImages(int rows, long seed) {
        Random random = new Random(seed);
        float[] x = new float[rows * 3 * PLANE];
        for (int i = 0; i < x.length; i++) {
            x[i] = random.nextFloat();
        }
        int[] labels = new int[rows];
        for (int r = 0; r < rows; r++) {
            labels[r] = r % 3;
        }
        return new DataSet(x, rows, 3 * PLANE, labels, 3);
    }

    /** Y, Cb, Cr of one colour, from the BT.601 full-range formulas. */
    private static double[] ycbcr(double r, double g, double b) {
        return new double[] {
            0.299 * r + 0.587 * g + 0.114 * b,
            0.5 - 0.168736 * r - 0.331264 * g + 0.5 * b,
            0.5 + 0.5 * r - 0.418688 * g - 0.081312 * b};
    }

    @Test
    void rgbToLuminanceAndChromaAndBackIsTheIdentity() {
        DataSet rgb = randomImages(5, 1);
        DataSet y = Colour.luminance(rgb, H, W);
        DataSet c = Colour.chroma(rgb, H, W);
        assertEquals(PLANE, y.cols());
        assertEquals(2 * PLANE, c.cols());
        assertArrayEquals(rgb.labels(), y.labels());
        assertArrayEquals(rgb.labels(), c.labels());
        for (float v : c.toArray()) {
            assertTrue(v >= 0 && v <= 1, "chroma of colours in [0, 1] lies in [0, 1], not " + v);
        }
        DataSet back = Colour.rgb(y, c, H, W);
        assertEquals(rgb.rows(), back.rows());
        assertEquals(3 * PLANE, back.cols());
        assertArrayEquals(rgb.labels(), back.labels());
        float[] original = rgb.toArray();
        float[] restored = back.toArray();
        for (int i = 0; i < original.length; i++) {
            assertEquals(original[i], restored[i], 1e-5, "value " + i);
        }
    }

    @Test
    void primariesWhiteBlackAndGreyHaveTheTextbookValues() {
        // one 2 x 3 image whose six pixels are red, green, blue, white, black and mid grey
        double[][] colours = {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}, {1, 1, 1}, {0, 0, 0}, {0.5, 0.5, 0.5}};
        float[] x = new float[3 * 6];
        for (int p = 0; p < 6; p++) {
            for (int c = 0; c < 3; c++) {
                x[c * 6 + p] = (float) colours[p][c];
            }
        }
        DataSet image = DataSet.of(x, 1, 18);
        float[] y = Colour.luminance(image, 2, 3).toArray();
        float[] cbcr = Colour.chroma(image, 2, 3).toArray();
        assertFalse(Colour.luminance(image, 2, 3).hasLabels());
        for (int p = 0; p < 6; p++) {
            double[] expected = ycbcr(colours[p][0], colours[p][1], colours[p][2]);
            assertEquals(expected[0], y[p], 1e-6, "Y of pixel " + p);
            assertEquals(expected[1], cbcr[p], 1e-6, "Cb of pixel " + p);
            assertEquals(expected[2], cbcr[6 + p], 1e-6, "Cr of pixel " + p);
        }
        // what every table of YCbCr says: red is Y 0.299 with Cr at its top; blue has Cb at its top;
        // white, black and grey carry no chroma
        assertEquals(0.299, y[0], 1e-6);
        assertEquals(1.0, cbcr[6], 1e-6);
        assertEquals(0.587, y[1], 1e-6);
        assertEquals(0.114, y[2], 1e-6);
        assertEquals(1.0, cbcr[2], 1e-6);
        for (int p = 3; p < 6; p++) {
            assertEquals(colours[p][0], y[p], 1e-6, "Y of grey pixel " + p);
            assertEquals(0.5, cbcr[p], 1e-6, "Cb of grey pixel " + p);
            assertEquals(0.5, cbcr[6 + p], 1e-6, "Cr of grey pixel " + p);
        }
        // and back again
        assertArrayEquals(x, Colour.rgb(Colour.luminance(image, 2, 3), Colour.chroma(image, 2, 3), 2, 3).toArray(), 1e-5f);
    }

    @Test
    void greyCopiesTheLuminanceIntoEveryChannel() {
        DataSet rgb = randomImages(3, 2);
        DataSet y = Colour.luminance(rgb, H, W);
        DataSet grey = Colour.grey(y);
        assertEquals(3 * PLANE, grey.cols());
        assertArrayEquals(rgb.labels(), grey.labels());
        for (int r = 0; r < 3; r++) {
            float[] lum = y.row(r);
            float[] image = grey.row(r);
            for (int c = 0; c < 3; c++) {
                assertArrayEquals(lum, Arrays.copyOfRange(image, c * PLANE, (c + 1) * PLANE), "row " + r + ", channel " + c);
            }
        }
        // grey is the colorization with no chroma: Cb = Cr = 0.5
        float[] half = new float[3 * 2 * PLANE];
        Arrays.fill(half, 0.5f);
        DataSet noChroma = DataSet.of(half, 3, 2 * PLANE);
        assertArrayEquals(grey.toArray(), Colour.rgb(y, noChroma, H, W).toArray(), 1e-6f);
        assertArrayEquals(y.toArray(), Colour.luminance(grey, H, W).toArray(), 1e-6f);
    }

    @Test
    void chromaOutsideTheGamutIsClampedOnTheWayBack() {
        // full luminance with full red chroma is no RGB colour: red and blue would exceed 1
        DataSet y = DataSet.of(new float[] {1f}, 1, 1);
        DataSet c = DataSet.of(new float[] {1f, 1f}, 1, 2);
        float[] back = Colour.rgb(y, c, 1, 1).toArray();
        for (float v : back) {
            assertTrue(v >= 0 && v <= 1, Arrays.toString(back));
        }
        assertEquals(1f, back[0]);
        assertEquals(1f, back[2]);
    }

    @Test
    void wrongWidthsAndRowCountsAreRefused() {
        DataSet rgb = randomImages(2, 3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Colour.luminance(rgb, H, W + 1));
        assertTrue(e.getMessage().contains("3 x 4 x 7 = 84 values (R, G, B), not 72"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Colour.chroma(rgb, W, W));
        e = assertThrows(IllegalArgumentException.class, () -> Colour.luminance(rgb, 0, W));
        assertTrue(e.getMessage().contains("positive height and width"), e.getMessage());

        DataSet y = Colour.luminance(rgb, H, W);
        DataSet c = Colour.chroma(rgb, H, W);
        // luminance and chroma swapped
        e = assertThrows(IllegalArgumentException.class, () -> Colour.rgb(c, y, H, W));
        assertTrue(e.getMessage().contains("the luminance of 4 x 6 images"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Colour.rgb(y, rgb, H, W));
        assertTrue(e.getMessage().contains("the chroma of 4 x 6 images"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Colour.rgb(y.head(1), c, H, W));
        assertTrue(e.getMessage().contains("has 1 rows but the chroma has 2"), e.getMessage());
        DataSet relabelled = new DataSet(c.toArray(), 2, 2 * PLANE, new int[] {0, 2}, 3);
        e = assertThrows(IllegalArgumentException.class, () -> Colour.rgb(y, relabelled, H, W));
        assertTrue(e.getMessage().contains("label of row 1 (1 and 2)"), e.getMessage());
    }
}
