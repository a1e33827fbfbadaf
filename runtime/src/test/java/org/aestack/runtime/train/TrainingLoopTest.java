package org.aestack.runtime.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.aestack.runtime.data.DataSet;
import org.aestack.runtime.kernel.Rng;
import org.junit.jupiter.api.Test;

class TrainingLoopTest {
    private static final DataSet DATA = DataSet.of(new float[] {1, 2, 3, 4, 5, 6, 7}, 7, 1);

    @Test
    void everyRowIsSeenOncePerEpochAndTheMeanLossIsPerSample() {
        TrainingConfig config = TrainingConfig.builder().epochs(2).batchSize(3).build();
        float[] batch = new float[3];
        List<Float> seen = new ArrayList<>();
        List<EpochRecord> history = new ArrayList<>();
        new TrainingLoop("test", config).run(DATA, batch, new Rng(1), rows -> {
            double sum = 0;
            for (int r = 0; r < rows; r++) {
                seen.add(batch[r]);
                sum += batch[r];
            }
            return sum;
        }, List.of(), history);
        assertEquals(14, seen.size());
        assertEquals(28, seen.subList(0, 7).stream().mapToDouble(Float::doubleValue).sum(), 0);
        assertEquals(2, history.size());
        assertEquals(4.0, history.get(0).meanLoss(), 1e-12, "the mean of 1..7");
        assertEquals(2, history.get(1).epoch());
    }

    @Test
    void aDivergingRunRestoresTheLastGoodEpochAndNamesWhereItFailed() {
        TrainingConfig config = TrainingConfig.builder().epochs(5).batchSize(2).build();
        float[] weights = {0f};
        int[] steps = {0};
        TrainingDivergedException e = assertThrows(TrainingDivergedException.class, () ->
                new TrainingLoop("pretrain hidden2", config, weights).run(DATA, new float[2], new Rng(1), rows -> {
                    steps[0]++;
                    weights[0] += 1;
                    return steps[0] == 10 ? Double.NaN : 1.0;
                }, List.of(), new ArrayList<>()));
        // 4 batches an epoch: the 10th step is batch 2 of epoch 3, which started with weight 8.
        assertEquals(3, e.epoch());
        assertTrue(e.getMessage().startsWith("pretrain hidden2 diverged in epoch 3, batch 2"), e.getMessage());
        assertArrayEquals(new float[] {8f}, weights);
    }

    @Test
    void listenersHearEveryBatchAndEpoch() {
        TrainingConfig config = TrainingConfig.builder().epochs(2).batchSize(4).build();
        List<String> events = new ArrayList<>();
        TrainingListener listener = new TrainingListener() {
            @Override public void phaseStarted(String phase, int epochs, int batches, int samples) {
                events.add("start " + epochs + " " + batches + " " + samples);
            }
            @Override public void batchFinished(String phase, int epoch, int batch, int batches, double loss) {
                events.add("batch " + epoch + "." + batch);
            }
            @Override public void epochFinished(EpochRecord record) {
                events.add("epoch " + record.epoch());
            }
            @Override public void phaseFinished(String phase) {
                events.add("end");
            }
        };
        new TrainingLoop("p", config).run(DATA, new float[4], new Rng(1), rows -> rows, List.of(listener), new ArrayList<>());
        assertEquals(List.of("start 2 2 7", "batch 1.1", "batch 1.2", "epoch 1", "batch 2.1", "batch 2.2", "epoch 2", "end"), events);
    }
}
