package org.aestack.runtime.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The softmax cross-entropy against its definition and a finite-difference gradient. */
class SoftmaxTest {
    private static double loss(float[] z, int[] labels, int rows, int classes) {
        double total = 0;
        for (int r = 0; r < rows; r++) {
            double sum = 0;
            for (int k = 0; k < classes; k++) {
                sum += Math.exp(z[r * classes + k]);
            }
            total -= Math.log(Math.exp(z[r * classes + labels[r]]) / sum);
        }
        return total;
    }

    @Test
    void lossAndGradientMatchTheDefinitionAndFiniteDifferences() {
        float[] z = {0.5f, -1f, 2f, 0f, 30f, 29f, -3f, 1f, 0.2f, 0.1f, -0.4f, 0.3f};
        int[] labels = {2, 1, 0};
        int rows = 3, classes = 4;
        float[] probs = z.clone();
        float[] grad = new float[z.length];
        double loss = Softmax.crossEntropyWithGradient(probs, labels, rows, classes, grad, 0.5f);
        assertEquals(loss(z, labels, rows, classes), loss, 1e-5);
        double eps = 1e-3;
        for (int i = 0; i < z.length; i++) {
            float[] up = z.clone();
            float[] down = z.clone();
            up[i] += (float) eps;
            down[i] -= (float) eps;
            double numeric = 0.5 * (loss(up, labels, rows, classes) - loss(down, labels, rows, classes)) / (2 * eps);
            assertEquals(numeric, grad[i], 2e-3, "element " + i);
        }
        for (int r = 0; r < rows; r++) {
            double sum = 0;
            for (int k = 0; k < classes; k++) {
                sum += probs[r * classes + k];
            }
            assertEquals(1, sum, 1e-6);
        }
        float[] p = z.clone();
        Softmax.probabilities(p, rows, classes);
        assertArrayEquals(probs, p, 1e-6f);
        assertArrayEquals(new int[] {2, 0, 3}, Softmax.argmax(p, rows, classes));
    }

    @Test
    void aLabelOutOfRangeIsNamed() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> Softmax.crossEntropyWithGradient(new float[4], new int[] {0, 2}, 2, 2, new float[4], 1f));
        assertEquals("label 2 of row 1 is outside 0..1", e.getMessage());
    }
}
