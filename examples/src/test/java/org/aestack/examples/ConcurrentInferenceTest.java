package org.aestack.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.aestack.runtime.data.DataSet;
import org.aestack.runtime.data.FashionMnist;
import org.junit.jupiter.api.Test;

/** Inference from many threads at once gives what sequential calls give. */
class ConcurrentInferenceTest {
    @Test
    void encodeReconstructAndScoreAreSafeFromManyThreads() throws Exception {
        DataSet test = FashionMnist.bundled().test().head(64);
        FashionAeModel model = FashionAeModel.initialize(11);
        float[][] codes = new float[test.rows()][];
        float[][] reconstructions = new float[test.rows()][];
        for (int r = 0; r < test.rows(); r++) {
            codes[r] = model.encode(test.row(r));
            reconstructions[r] = model.reconstruct(test.row(r));
        }
        double[] scores = model.reconstructionErrors(test);

        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                done.add(pool.submit(() -> {
                    for (int round = 0; round < 5; round++) {
                        for (int r = 0; r < test.rows(); r++) {
                            assertArrayEquals(codes[r], model.encode(test.row(r)), 0f);
                            assertArrayEquals(reconstructions[r], model.reconstruct(test.row(r)), 0f);
                        }
                        assertArrayEquals(scores, model.reconstructionErrors(test), 0.0);
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
