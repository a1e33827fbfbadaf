package org.aestack.runtime.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The two ways of merging the biases of a layer two RBMs trained. */
class BiasMergeTest {
    @Test
    void sumAddsAndAverageHalvesAndNeitherTouchesItsInputs() {
        float[] lower = {1f, -2f, 0.5f};
        float[] upper = {3f, 1f, -0.5f};
        assertArrayEquals(new float[] {4f, -1f, 0f}, BiasMerge.merge(lower, upper, BiasMerge.SUM));
        assertArrayEquals(new float[] {2f, -0.5f, 0f}, BiasMerge.merge(lower, upper, BiasMerge.AVERAGE));
        assertArrayEquals(new float[] {1f, -2f, 0.5f}, lower);
        assertArrayEquals(new float[] {3f, 1f, -0.5f}, upper);
    }

    @Test
    void layersOfDifferentSizesAreAnError() {
        assertThrows(IllegalArgumentException.class, () -> BiasMerge.merge(new float[2], new float[3], BiasMerge.SUM));
    }

    @Test
    void aScaledLayerMergesTheUpperBiasesPerUnitOfScale() {
        // the machine hears D·c + b_up = D·(c + b_up / D): summing in the layer's own units
        org.junit.jupiter.api.Assertions.assertArrayEquals(new float[] {1.5f, -0.25f},
                BiasMerge.merge(new float[] {1f, 0f}, new float[] {2f, -1f}, BiasMerge.SUM, 4f), 1e-6f);
        org.junit.jupiter.api.Assertions.assertArrayEquals(new float[] {0.75f, -0.125f},
                BiasMerge.merge(new float[] {1f, 0f}, new float[] {2f, -1f}, BiasMerge.AVERAGE, 4f), 1e-6f);
    }
}
