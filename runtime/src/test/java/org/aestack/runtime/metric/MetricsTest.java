package org.aestack.runtime.metric;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.aestack.dsl.Activation;
import org.aestack.dsl.Layer;
import org.aestack.runtime.DenseLayer;
import org.aestack.runtime.data.DataSet;
import org.aestack.runtime.kernel.Rng;
import org.junit.jupiter.api.Test;

class MetricsTest {
    @Test
    void psnrOfAKnownError() {
        DataSet clean = DataSet.of(new float[] {0, 0, 0, 0, 1, 1, 1, 1}, 2, 4);
        DataSet off = DataSet.of(new float[] {0.1f, 0.1f, 0.1f, 0.1f, 1, 1, 1, 1}, 2, 4);
        // Row 0: MSE 0.01, 20 dB; row 1 identical, capped at 100 dB.
        assertEquals((20 + Psnr.IDENTICAL) / 2, Psnr.mean(clean, off), 1e-4);
        // Over the set: MSE 0.04 / 8 = 0.005, 23.01 dB; the per-image mean is led by the identical row.
        assertEquals(-10 * Math.log10(0.005), Psnr.ofSet(clean, off), 1e-4);
        assertEquals(Psnr.IDENTICAL, Psnr.ofSet(clean, clean), 0);
        // Half the error on every row: less error in all (26.02 dB over the set) but none of it exact
        // (26.02 dB per image, where the other's exact row lifted its mean to 60 dB): the two rank them apart.
        DataSet even = DataSet.of(new float[] {0.05f, 0.05f, 0.05f, 0.05f, 0.95f, 0.95f, 0.95f, 0.95f}, 2, 4);
        assertEquals(-10 * Math.log10(0.0025), Psnr.ofSet(clean, even), 1e-4);
        assertEquals(-10 * Math.log10(0.0025), Psnr.mean(clean, even), 1e-4);
        assertTrue(Psnr.ofSet(clean, even) > Psnr.ofSet(clean, off));
        assertTrue(Psnr.mean(clean, even) < Psnr.mean(clean, off));
    }

    @Test
    void squaredErrorOverARegionCountsOnlyItsValues() {
        DataSet clean = DataSet.of(new float[] {0f, 1f, 0.5f, 0.5f}, 2, 2);
        DataSet other = DataSet.of(new float[] {0.5f, 1f, 0.5f, 0f}, 2, 2);
        // the region is the first and last values: errors 0.25 and 0.25
        assertEquals(0.25, Psnr.meanSquaredErrorWhereZero(new float[] {0f, 1f, 1f, 0f}, clean, other), 1e-12);
        // outside it the images agree
        assertEquals(0, Psnr.meanSquaredErrorWhereZero(new float[] {1f, 0f, 0f, 1f}, clean, other), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> Psnr.meanSquaredErrorWhereZero(new float[] {1f, 1f, 1f, 1f}, clean, other));
        assertThrows(IllegalArgumentException.class, () -> Psnr.meanSquaredErrorWhereZero(new float[3], clean, other));
    }

    @Test
    void sparsityCountsNearZeroActivations() {
        Sparsity s = Sparsity.of(DataSet.of(new float[] {0.01f, 0.5f, -0.02f, 0.9f}, 2, 2));
        assertEquals(0.3475, s.meanActivation(), 1e-6);
        assertEquals(0.5, s.nearZeroFraction(), 1e-12);
    }

    @Test
    void jacobianNormMatchesFiniteDifferencesThroughTwoLayers() {
        Rng rng = new Rng(4);
        float[] w1 = new float[4 * 5];
        float[] b1 = new float[4];
        float[] w2 = new float[3 * 4];
        float[] b2 = new float[3];
        rng.fillUniform(w1, w1.length, -1, 1);
        rng.fillUniform(b1, b1.length, -1, 1);
        rng.fillUniform(w2, w2.length, -1, 1);
        rng.fillUniform(b2, b2.length, -1, 1);
        List<Layer> layers = List.of(new DenseLayer("a", 5, 4, Activation.SIGMOID, w1, b1),
                new DenseLayer("b", 4, 3, Activation.TANH, w2, b2));
        double[] x = {0.2, 0.7, 0.1, 0.9, 0.4};
        double eps = 1e-5;
        double sq = 0;
        for (int i = 0; i < 5; i++) {
            double[] plus = x.clone();
            double[] minus = x.clone();
            plus[i] += eps;
            minus[i] -= eps;
            double[] hp = encode(w1, b1, w2, b2, plus);
            double[] hm = encode(w1, b1, w2, b2, minus);
            for (int j = 0; j < 3; j++) {
                double d = (hp[j] - hm[j]) / (2 * eps);
                sq += d * d;
            }
        }
        float[] xf = new float[5];
        for (int i = 0; i < 5; i++) {
            xf[i] = (float) x[i];
        }
        assertEquals(Math.sqrt(sq), Jacobians.meanFrobeniusNorm(layers, DataSet.of(xf, 1, 5)), 1e-4);
    }

    private static double[] encode(float[] w1, float[] b1, float[] w2, float[] b2, double[] x) {
        double[] h = new double[4];
        for (int j = 0; j < 4; j++) {
            double z = b1[j];
            for (int i = 0; i < 5; i++) {
                z += w1[j * 5 + i] * x[i];
            }
            h[j] = 1 / (1 + Math.exp(-z));
        }
        double[] y = new double[3];
        for (int k = 0; k < 3; k++) {
            double z = b2[k];
            for (int j = 0; j < 4; j++) {
                z += w2[k * 4 + j] * h[j];
            }
            y[k] = Math.tanh(z);
        }
        return y;
    }
}
