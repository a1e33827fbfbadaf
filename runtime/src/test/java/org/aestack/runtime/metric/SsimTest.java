package org.aestack.runtime.metric;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.aestack.runtime.data.DataSet;
import org.junit.jupiter.api.Test;

class SsimTest {
    private static final double C1 = 0.01 * 0.01;
    private static final double C2 = 0.03 * 0.03;

    @Test
    void identicalImagesScoreOne() {
        float[] image = random(new Random(1), 3 * 16 * 12);
        assertEquals(1, Ssim.of(image, image.clone(), 3, 16, 12), 1e-12);
    }

    @Test
    void agreesWithTheDefinitionOnRandomImages() {
        Random random = new Random(2);
        int[][] shapes = {{1, 13, 17}, {3, 16, 12}, {2, 11, 11}};
        for (int[] shape : shapes) {
            int size = shape[0] * shape[1] * shape[2];
            float[] a = random(random, size);
            float[] b = random(random, size);
            assertEquals(reference(a, b, shape[0], shape[1], shape[2]), Ssim.of(a, b, shape[0], shape[1], shape[2]),
                    1e-9, () -> "shape " + Arrays.toString(shape));
        }
    }

    @Test
    void agreesWithTheDefinitionOnNoisyCopies() {
        Random random = new Random(3);
        float[] a = smooth(2, 19, 23);
        for (double sigma : new double[] {0.02, 0.1, 0.3}) {
            float[] b = noisy(a, sigma, random);
            assertEquals(reference(a, b, 2, 19, 23), Ssim.of(a, b, 2, 19, 23), 1e-9, () -> "noise " + sigma);
        }
    }

    @Test
    void isSymmetric() {
        Random random = new Random(4);
        float[] a = random(random, 3 * 16 * 12);
        float[] b = noisy(a, 0.2, random);
        assertEquals(Ssim.of(a, b, 3, 16, 12), Ssim.of(b, a, 3, 16, 12));
    }

    @Test
    void constantImagesCompareOnlyTheirMeans() {
        float[][] pairs = {{0.25f, 0.75f}, {0.1f, 0.9f}};
        for (float[] pair : pairs) {
            double c1 = pair[0];
            double c2 = pair[1];
            float[] a = constant(pair[0], 2 * 12 * 14);
            float[] b = constant(pair[1], 2 * 12 * 14);
            // Both variances and the covariance are 0, so the contrast-structure factor is 1.
            double expected = (2 * c1 * c2 + C1) / (c1 * c1 + c2 * c2 + C1);
            assertEquals(expected, Ssim.of(a, b, 2, 12, 14), 1e-12, () -> c1 + " against " + c2);
        }
    }

    @Test
    void moreNoiseScoresLower() {
        float[] clean = smooth(1, 28, 28);
        double previous = Ssim.of(clean, clean, 1, 28, 28);
        for (double sigma : new double[] {0.05, 0.1, 0.2}) {
            double ssim = Ssim.of(clean, noisy(clean, sigma, new Random(5)), 1, 28, 28);
            assertTrue(ssim < previous, "noise " + sigma + " gives " + ssim + ", less noise gave " + previous);
            previous = ssim;
        }
    }

    @Test
    void rowsScoreEachImagePairAndMeanAveragesThem() {
        Random random = new Random(6);
        int rows = 4;
        int size = 3 * 12 * 13;
        float[] a = random(random, rows * size);
        float[] b = noisy(a, 0.1, random);
        DataSet setA = DataSet.of(a, rows, size);
        DataSet setB = DataSet.of(b, rows, size);

        double[] expected = new double[rows];
        double sum = 0;
        for (int r = 0; r < rows; r++) {
            expected[r] = Ssim.of(setA.row(r), setB.row(r), 3, 12, 13);
            sum += expected[r];
        }
        assertArrayEquals(expected, Ssim.rows(setA, setB, 3, 12, 13));
        assertEquals(sum / rows, Ssim.mean(setA, setB, 3, 12, 13), 1e-15);
    }

    @Test
    void rejectsBadInput() {
        float[] image = new float[1 * 12 * 12];
        assertMessage("got 144 and 143", () -> Ssim.of(image, new float[143], 1, 12, 12));
        assertMessage("8 x 8 pixels is smaller than the 11 x 11",
                () -> Ssim.of(new float[64], new float[64], 1, 8, 8));
        assertMessage("12 x 10 pixels", () -> Ssim.of(new float[120], new float[120], 1, 12, 10));
        assertMessage("at least one channel", () -> Ssim.of(image, image, 0, 12, 12));

        DataSet two = DataSet.of(new float[2 * 144], 2, 144);
        DataSet narrow = DataSet.of(new float[2 * 143], 2, 143);
        assertMessage("each row must have 144 columns", () -> Ssim.rows(two, narrow, 1, 12, 12));
        assertMessage("each row must have 288 columns", () -> Ssim.mean(two, two, 2, 12, 12));
        assertMessage("row counts differ", () -> Ssim.rows(two, DataSet.of(new float[144], 1, 144), 1, 12, 12));
        DataSet empty = DataSet.of(new float[0], 0, 144);
        assertMessage("no rows", () -> Ssim.mean(empty, empty, 1, 12, 12));
    }

    private static void assertMessage(String expected, Runnable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call::run);
        assertTrue(e.getMessage().contains(expected),
                () -> "message \"" + e.getMessage() + "\" lacks \"" + expected + "\"");
    }

    /**
     * SSIM straight from the definition: at every pixel whose 11 × 11 window fits, the 2-D Gaussian
     * weights, then the weighted means, and the variances and covariance as weighted averages of
     * products of deviations from those means.
     */
    private static double reference(float[] a, float[] b, int channels, int height, int width) {
        double[][] window = new double[11][11];
        double total = 0;
        for (int i = 0; i < 11; i++) {
            for (int j = 0; j < 11; j++) {
                window[i][j] = Math.exp(-((i - 5) * (i - 5) + (j - 5) * (j - 5)) / (2 * 1.5 * 1.5));
                total += window[i][j];
            }
        }
        double channelSum = 0;
        for (int c = 0; c < channels; c++) {
            int base = c * height * width;
            double mapSum = 0;
            int pixels = 0;
            for (int y = 5; y < height - 5; y++) {
                for (int x = 5; x < width - 5; x++) {
                    double muA = 0;
                    double muB = 0;
                    for (int i = 0; i < 11; i++) {
                        for (int j = 0; j < 11; j++) {
                            int p = base + (y + i - 5) * width + (x + j - 5);
                            muA += window[i][j] / total * a[p];
                            muB += window[i][j] / total * b[p];
                        }
                    }
                    double varA = 0;
                    double varB = 0;
                    double cov = 0;
                    for (int i = 0; i < 11; i++) {
                        for (int j = 0; j < 11; j++) {
                            int p = base + (y + i - 5) * width + (x + j - 5);
                            double w = window[i][j] / total;
                            varA += w * (a[p] - muA) * (a[p] - muA);
                            varB += w * (b[p] - muB) * (b[p] - muB);
                            cov += w * (a[p] - muA) * (b[p] - muB);
                        }
                    }
                    mapSum += ((2 * muA * muB + C1) * (2 * cov + C2))
                            / ((muA * muA + muB * muB + C1) * (varA + varB + C2));
                    pixels++;
                }
            }
            channelSum += mapSum / pixels;
        }
        return channelSum / channels;
    }

    private static float[] random(Random random, int size) {
        float[] image = new float[size];
        for (int i = 0; i < size; i++) {
            image[i] = random.nextFloat();
        }
        return image;
    }

    private static float[] constant(float value, int size) {
        float[] image = new float[size];
        Arrays.fill(image, value);
        return image;
    }

    /** Soft waves in [0.1, 0.9], different in each channel: structure for noise to destroy. */
    private static float[] smooth(int channels, int height, int width) {
        float[] image = new float[channels * height * width];
        for (int c = 0; c < channels; c++) {
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    image[(c * height + y) * width + x] =
                            (float) (0.5 + 0.4 * Math.sin(x / 4.0 + c) * Math.cos(y / 5.0 - c));
                }
            }
        }
        return image;
    }

    /** A copy with Gaussian noise of standard deviation {@code sigma} added, clipped to [0, 1]. */
    private static float[] noisy(float[] image, double sigma, Random random) {
        float[] copy = new float[image.length];
        for (int i = 0; i < image.length; i++) {
            copy[i] = (float) Math.min(1, Math.max(0, image[i] + sigma * random.nextGaussian()));
        }
        return copy;
    }
}
