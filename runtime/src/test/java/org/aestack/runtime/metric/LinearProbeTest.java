package org.aestack.runtime.metric;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.aestack.runtime.data.DataSet;
import org.aestack.runtime.kernel.Rng;
import org.junit.jupiter.api.Test;

/** The linear probe: its gradient against central differences of its objective, and what it must learn. */
class LinearProbeTest {
    /** Three Gaussian clusters in 5 dimensions, one a class, {@code spread} apart. */
    private static DataSet clusters(int rows, double spread, long seed) {
        Rng rng = new Rng(seed);
        float[] x = new float[rows * 5];
        int[] y = new int[rows];
        for (int r = 0; r < rows; r++) {
            y[r] = r % 3;
            for (int j = 0; j < 5; j++) {
                x[r * 5 + j] = (float) (rng.nextGaussian() + (j == y[r] ? spread : 0) + 10 * j);
            }
        }
        return new DataSet(x, rows, 5, y, 3);
    }

    @Test
    void itsGradientIsTheObjectivesByCentralDifferences() {
        DataSet data = clusters(30, 1, 1);
        LinearProbe probe = LinearProbe.fit(data, 2, 0.1, 3); // trained a little, so the weights are not zero
        float[] x = data.toArray().clone();
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) Math.sin(i); // any rows will do: the gradient is of the objective at these
        }
        int[] labels = data.labels();
        float l2 = 0.1f;
        float[] gW = new float[15];
        float[] gb = new float[3];
        probe.gradient(x, labels, 30, l2, new float[90], new float[90], gW, gb);
        float[] w = probe.weights();
        float[] b = probe.bias();
        checkDifferences(w, gW, () -> objective(x, labels, w, b, l2), "dW");
        checkDifferences(b, gb, () -> objective(x, labels, w, b, l2), "db");
    }

    /** Each parameter of {@code p} moved by ±1e-3: the objective's central difference against {@code grad}. */
    private static void checkDifferences(float[] p, float[] grad, java.util.function.DoubleSupplier objective, String what) {
        double h = 1e-3;
        for (int i = 0; i < p.length; i++) {
            float keep = p[i];
            p[i] = (float) (keep + h);
            double up = objective.getAsDouble();
            p[i] = (float) (keep - h);
            double down = objective.getAsDouble();
            p[i] = keep;
            assertEquals((up - down) / (2 * h), grad[i], 1e-3, what + " " + i);
        }
    }

    /** Mean cross-entropy plus ½ l2 ‖W‖², in double, from the definition. */
    private static double objective(float[] x, int[] labels, float[] w, float[] b, float l2) {
        int rows = labels.length;
        double loss = 0;
        for (int r = 0; r < rows; r++) {
            double[] z = new double[3];
            double max = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < 3; k++) {
                z[k] = b[k];
                for (int j = 0; j < 5; j++) {
                    z[k] += (double) w[k * 5 + j] * x[r * 5 + j];
                }
                max = Math.max(max, z[k]);
            }
            double sum = 0;
            for (int k = 0; k < 3; k++) {
                sum += Math.exp(z[k] - max);
            }
            loss += Math.log(sum) + max - z[labels[r]];
        }
        double penalty = 0;
        for (float v : w) {
            penalty += 0.5 * l2 * v * v;
        }
        return loss / rows + penalty;
    }

    @Test
    void itSeparatesWhatIsSeparableAndIsReproducible() {
        DataSet train = clusters(600, 6, 5);
        DataSet test = clusters(300, 6, 6);
        LinearProbe probe = LinearProbe.fit(train, 20, 1e-4, 7);
        assertTrue(probe.accuracy(test) > 0.99, "accuracy " + probe.accuracy(test));
        // overlapping clusters: far above chance (1/3), far below perfect
        DataSet hard = clusters(600, 1, 8);
        double accuracy = LinearProbe.fit(hard, 20, 1e-4, 7).accuracy(clusters(300, 1, 9));
        assertTrue(accuracy > 0.5 && accuracy < 0.9, "accuracy " + accuracy);
        assertEquals(accuracy, LinearProbe.fit(hard, 20, 1e-4, 7).accuracy(clusters(300, 1, 9)));
    }

    @Test
    void badInputIsRefused() {
        DataSet unlabelled = DataSet.of(new float[10], 2, 5);
        assertThrows(IllegalArgumentException.class, () -> LinearProbe.fit(unlabelled, 1, 0, 1));
        LinearProbe probe = LinearProbe.fit(clusters(30, 1, 1), 1, 0, 1);
        assertThrows(IllegalArgumentException.class, () -> probe.predict(DataSet.of(new float[8], 2, 4)));
        assertThrows(IllegalArgumentException.class, () -> probe.accuracy(unlabelled));
    }
}
