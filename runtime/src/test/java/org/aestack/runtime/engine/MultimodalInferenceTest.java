package org.aestack.runtime.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.aestack.dsl.UnitType;
import org.aestack.runtime.data.DataSet;
import org.aestack.runtime.kernel.Rng;
import org.junit.jupiter.api.Test;

/** Inference over chunks of rows gives what one mean-field call over all of them gives, and checks what it is given. */
class MultimodalInferenceTest {
    static final MultimodalShape SHAPE = new MultimodalShape(List.of(
            new MultimodalShape.Pathway("image", UnitType.GAUSSIAN, new int[] {5, 4, 3}),
            new MultimodalShape.Pathway("sound", UnitType.BERNOULLI, new int[] {6, 4})), 3);

    private static float[][] random(int[] sizes, float scale, Rng rng) {
        float[][] out = new float[sizes.length][];
        for (int i = 0; i < sizes.length; i++) {
            out[i] = new float[sizes[i]];
            rng.fillGaussian(out[i], sizes[i], 0f, scale);
        }
        return out;
    }

    @Test
    void chunksGiveWhatOneCallGives() {
        Rng rng = new Rng(3);
        int[] weights = new int[SHAPE.edges()];
        for (int e = 0; e < weights.length; e++) {
            weights[e] = SHAPE.weights(e);
        }
        float[][] w = random(weights, 0.5f, rng);
        float[][] b = random(SHAPE.sizes(), 0.2f, rng);
        int rows = MultimodalInference.CHUNK + 37;
        float[] images = new float[rows * 5];
        rng.fillGaussian(images, images.length, 0f, 1f);
        int[] labels = new int[rows];
        DataSet image = new DataSet(images, rows, 5, labels, 2);
        MultimodalInference inference = new MultimodalInference(SHAPE, w, b, 20, 1e-6);
        DataSet sound = inference.generate(1, image, null);
        assertEquals(rows, sound.rows());
        assertEquals(6, sound.cols());
        DataSet joint = inference.posteriors(SHAPE.jointNode(), image, null);
        float[][] mu = new float[SHAPE.nodes()][];
        for (int n = 0; n < SHAPE.nodes(); n++) {
            mu[n] = new float[rows * SHAPE.size(n)];
        }
        new MultimodalBoltzmann(SHAPE, rows, 1, 1, 20, 1e-6).meanField(new float[][] {images, null}, rows, w, b, mu);
        assertArrayEquals(mu[SHAPE.jointNode()], joint.toArray(), 1e-6f);
        assertArrayEquals(mu[SHAPE.visibleNode(1)], sound.toArray(), 1e-6f);
        assertArrayEquals(labels, joint.labels());

        DataSet drawn = inference.sample(1, 3, 9, image, null);
        assertEquals(rows, drawn.rows());
        int between = 0;
        for (float p : drawn.toArray()) {
            assertEquals(true, p >= 0 && p <= 1, "a Bernoulli modality's means are probabilities: " + p);
            between += p > 0.01f && p < 0.99f ? 1 : 0;
        }
        assertEquals(true, between > rows, "the last sweep leaves means, not binary samples: " + between);
    }

    @Test
    void itRefusesWhatItCannotUse() {
        float[][] w = new float[SHAPE.edges()][];
        for (int e = 0; e < w.length; e++) {
            w[e] = new float[SHAPE.weights(e)];
        }
        float[][] b = new float[SHAPE.nodes()][];
        for (int n = 0; n < b.length; n++) {
            b[n] = new float[SHAPE.size(n)];
        }
        MultimodalInference inference = new MultimodalInference(SHAPE, w, b, 5, 0);
        DataSet image = DataSet.of(new float[10], 2, 5);
        assertThrows(IllegalArgumentException.class, () -> inference.posteriors(0, (DataSet) null, null));
        assertThrows(IllegalArgumentException.class, () -> inference.posteriors(0, image));
        assertThrows(IllegalArgumentException.class, () -> inference.posteriors(0, DataSet.of(new float[8], 2, 4), null));
        assertThrows(IllegalArgumentException.class, () -> inference.posteriors(0, image, DataSet.of(new float[18], 3, 6)));
        assertThrows(IllegalArgumentException.class, () -> inference.generate(0, image, null));
        assertThrows(IllegalArgumentException.class, () -> inference.sample(1, 0, 1, image, null));
    }
}
