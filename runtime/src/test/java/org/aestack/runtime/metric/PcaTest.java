package org.aestack.runtime.metric;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.aestack.runtime.data.DataSet;
import org.aestack.runtime.kernel.Rng;
import org.junit.jupiter.api.Test;

class PcaTest {
    @Test
    void findsTheDirectionsOfLargestVarianceInOrder() {
        // Points spread 3 along (1, 1, 0)/√2, 1 along (0, 0, 1), 0.1 along (1, -1, 0)/√2.
        int n = 4000;
        Rng rng = new Rng(3);
        float[] x = new float[n * 3];
        for (int r = 0; r < n; r++) {
            double a = 3 * rng.nextGaussian();
            double b = rng.nextGaussian();
            double c = 0.1 * rng.nextGaussian();
            x[3 * r] = (float) ((a + c) / Math.sqrt(2) + 5);
            x[3 * r + 1] = (float) ((a - c) / Math.sqrt(2) - 2);
            x[3 * r + 2] = (float) b;
        }
        DataSet data = DataSet.of(x, n, 3);
        Pca pca = Pca.fit(data, 2);
        double[] variances = pca.variances();
        assertEquals(9, variances[0], 0.5);
        assertEquals(1, variances[1], 0.1);
        DataSet projected = pca.project(data);
        assertEquals(2, projected.cols());
        // With two of three components, what is lost is the 0.1-deviation direction.
        DataSet back = pca.reconstruct(data);
        double se = 0;
        float[] a = data.toArray();
        float[] b = back.toArray();
        for (int i = 0; i < a.length; i++) {
            se += (a[i] - b[i]) * (a[i] - b[i]);
        }
        assertTrue(se / n < 0.012 && se / n > 0.008, "residual variance " + se / n);
    }
}
