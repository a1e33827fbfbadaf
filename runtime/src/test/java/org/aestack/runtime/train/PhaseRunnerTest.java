package org.aestack.runtime.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.aestack.dsl.Optimizer;
import org.aestack.runtime.data.DataSet;
import org.aestack.runtime.io.ModelFormatException;
import org.aestack.runtime.kernel.Rng;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The phase runner on a small trainer of its own: least squares fitted in two phases (the weight,
 * then weight and bias by Adam), a noise-driven state kept in checkpoints, a norm limit after each
 * update. Resuming from a checkpoint inside either phase reaches the uninterrupted run's values
 * bit for bit; finished phases are skipped; the noise, state and optimizer state come back.
 */
class PhaseRunnerTest {
    private static final int N = 40;
    private static final DataSet DATA = data();

    @TempDir
    Path dir;

    private static DataSet data() {
        Rng rng = new Rng(5);
        float[] x = new float[N * 2];
        for (int r = 0; r < N; r++) {
            float v = rng.nextFloat() * 2 - 1;
            x[r * 2] = v;
            x[r * 2 + 1] = 3 * v - 0.5f + 0.1f * (float) rng.nextGaussian();
        }
        return DataSet.of(x, N, 2);
    }

    /** A trainer of y = w·x + b as a generated one is made: buffers, a runner, phases as data. */
    private static final class LineTrainer {
        final float[] weight = {0};
        final float[] bias = {0};
        final float[] weightGrad = new float[1];
        final float[] biasGrad = new float[1];
        final float[] input = new float[4 * 2];
        /** A running sum of the noise, kept in checkpoints like a persistent chain. */
        final float[] chain = new float[1];
        final Map<String, String> provenance = new LinkedHashMap<>();
        final PhaseRunner runner;
        final Rng noise;
        final Phase slope;
        final Phase both;
        int restored;
        /** Whether the gradients take the weight's step themselves ({@link PhaseRunner#updateOf}). */
        boolean inBackward;

        LineTrainer(TrainerOptions options) {
            TrainingConfig sgd = TrainingConfig.builder().epochs(4).batchSize(4).optimizer(Optimizer.SGD).learningRate(0.1).build();
            TrainingConfig adam = TrainingConfig.builder().epochs(5).batchSize(4).optimizer(Optimizer.ADAM).learningRate(0.05).build();
            runner = PhaseRunner.builder(options, "test.Line")
                    .settings("slope: " + sgd + "; both: " + adam)
                    .input(input)
                    .tensors(this::tensors, LineTrainer::shapes)
                    .provenance(provenance::put)
                    .build();
            noise = runner.noise();
            slope = Phase.of(0, "slope", sgd, this::gradients).trains("weight", weight, weightGrad).build();
            both = Phase.of(1, "both", adam, this::gradientsWithChain)
                    .trains("weight", weight, weightGrad)
                    .trains("bias", bias, biasGrad)
                    .afterUpdate(() -> weight[0] = Math.min(weight[0], 2.5f))
                    .keeps("chain", chain)
                    .whenRestored(() -> restored++)
                    .build();
        }

        Map<String, float[]> tensors() {
            Map<String, float[]> t = new LinkedHashMap<>();
            t.put("weight", weight);
            t.put("bias", bias);
            return t;
        }

        static Map<String, int[]> shapes() {
            return Map.of("weight", new int[] {1}, "bias", new int[] {1});
        }

        double gradients(int rows) {
            double loss = 0;
            weightGrad[0] = 0;
            biasGrad[0] = 0;
            for (int r = 0; r < rows; r++) {
                float e = weight[0] * input[r * 2] + bias[0] - input[r * 2 + 1];
                loss += 0.5 * e * e;
                weightGrad[0] += e * input[r * 2] / rows;
                biasGrad[0] += e / rows;
            }
            // noise in the step, as dropout or sampling puts it there
            weightGrad[0] += 1e-3f * (noise.nextFloat() - 0.5f);
            if (inBackward) { // as a generated product takes the step on the gradient it finishes
                org.aestack.runtime.kernel.Epilogue step = runner.updateOf(weightGrad);
                if (step != null) {
                    step.apply(0, 1);
                }
            }
            return loss;
        }

        /** The same, with a state only the second phase has, as a persistent chain belongs to one RBM's phase. */
        double gradientsWithChain(int rows) {
            chain[0] += noise.nextFloat();
            return gradients(rows);
        }

        void fit() {
            runner.run(slope, DATA);
            runner.run(both, DATA);
        }
    }

    /**
     * A weight whose step the gradient's producer takes ({@link PhaseRunner#updateOf}) ends both
     * phases (SGD, then Adam with its step count) with the bits of one the runner updates after the
     * step, and is not updated twice; outside a step there is nothing to take, and a step is taken
     * once, for a gradient the phase trains.
     */
    @Test
    void aStepTakenInBackwardEndsWhereTheRunnersOwnDoes() {
        LineTrainer after = new LineTrainer(new TrainerOptions());
        after.fit();
        LineTrainer inBackward = new LineTrainer(new TrainerOptions());
        inBackward.inBackward = true;
        inBackward.fit();
        assertEquals(after.weight[0], inBackward.weight[0], 0f);
        assertEquals(after.bias[0], inBackward.bias[0], 0f);
        assertNotEquals(0f, after.weight[0]);

        assertNull(inBackward.runner.updateOf(inBackward.weightGrad), "outside a step");
        LineTrainer twice = new LineTrainer(new TrainerOptions());
        Phase taking = Phase.of(0, "twice", twice.slope.config(), rows -> {
            twice.runner.updateOf(twice.weightGrad);
            return twice.runner.updateOf(twice.weightGrad) == null ? 0 : 1;
        }).trains("weight", twice.weight, twice.weightGrad).build();
        assertThrows(IllegalArgumentException.class, () -> twice.runner.run(taking, DATA));
        Phase foreign = Phase.of(0, "foreign", twice.slope.config(), rows -> {
            twice.runner.updateOf(new float[1]);
            return 0;
        }).trains("weight", twice.weight, twice.weightGrad).build();
        assertThrows(IllegalArgumentException.class, () -> twice.runner.run(foreign, DATA));
    }

    @Test
    void aRunResumedInsideEitherPhaseEndsBitForBitWhereAWholeOneDoes() throws Exception {
        LineTrainer whole = new LineTrainer(new TrainerOptions());
        whole.fit();
        assertEquals(2.5f, whole.weight[0], "the limit after each update holds the weight at 2.5");
        assertTrue(whole.bias[0] < -0.3f, "the bias is learnt in the second phase: " + whole.bias[0]);
        assertEquals(9, whole.runner.history().size());

        for (String phase : List.of("slope", "both")) {
            Path checkpoint = dir.resolve(phase + ".checkpoint");
            Path kept = dir.resolve(phase + ".kept");
            TrainerOptions options = new TrainerOptions();
            options.checkpoint(checkpoint, 1);
            options.listener(new TrainingListener() {
                @Override
                public void epochFinished(EpochRecord record) {
                    if (record.phase().equals(phase) && record.epoch() == 2) {
                        try {
                            // epoch 2's checkpoint is written after the listeners hear of it: this copy is epoch 1's
                            Files.copy(checkpoint, kept, StandardCopyOption.REPLACE_EXISTING);
                        } catch (java.io.IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    }
                }
            });
            new LineTrainer(options).fit();
            LineTrainer resumed = new LineTrainer(new TrainerOptions());
            resumed.runner.resume(kept);
            resumed.fit();
            assertArrayEquals(whole.weight, resumed.weight, 0f, phase);
            assertArrayEquals(whole.bias, resumed.bias, 0f, phase);
            assertArrayEquals(whole.chain, resumed.chain, 0f, phase + ": the kept state and the noise came back");
            assertEquals(whole.runner.history().size(), resumed.runner.history().size());
            assertEquals(phase.equals("both") ? 1 : 0, resumed.restored);
        }
    }

    /** Asks the trainer to stop after every {@code every} batches: at an epoch's end that falls there too. */
    private static final class StopEvery implements TrainingListener {
        private final int every;
        private int batches;

        StopEvery(int every) {
            this.every = every;
        }

        @Override
        public void batchFinished(String phase, int epoch, int batch, int batchesPerEpoch, double loss) {
            batches++;
        }

        @Override
        public boolean stopRequested() {
            return batches == every;
        }
    }

    @Test
    void aRunStoppedInsideEpochsAndResumedEachTimeEndsBitForBitWhereAWholeOneDoes() throws Exception {
        LineTrainer whole = new LineTrainer(new TrainerOptions());
        whole.fit();
        // 10 batches an epoch, 4 + 5 epochs: stops after 7 batches fall inside epochs, at epoch 7's end, and across the
        // phases; stops after 10 at every epoch's end
        for (int every : new int[] {7, 10, 3}) {
            Path checkpoint = dir.resolve("every" + every + ".checkpoint");
            int stops = 0;
            LineTrainer last;
            while (true) {
                TrainerOptions options = new TrainerOptions();
                options.checkpoint(checkpoint, 100);
                options.listener(new StopEvery(every));
                last = new LineTrainer(options);
                if (stops > 0) {
                    last.runner.resume(checkpoint);
                }
                try {
                    last.fit();
                    break;
                } catch (TrainingStoppedException stopped) {
                    assertEquals(checkpoint, stopped.checkpoint());
                    stops++;
                }
            }
            assertEquals(90 / every, stops, "a stop after every " + every + " batches of 90, the last one too");
            assertArrayEquals(whole.weight, last.weight, 0f, "every " + every);
            assertArrayEquals(whole.bias, last.bias, 0f, "every " + every);
            assertArrayEquals(whole.chain, last.chain, 0f, "every " + every + ": the noise and the kept state came back");
            List<EpochRecord> expected = whole.runner.history();
            List<EpochRecord> got = last.runner.history();
            assertEquals(expected.size(), got.size());
            for (int i = 0; i < expected.size(); i++) {
                assertEquals(expected.get(i).meanLoss(), got.get(i).meanLoss(), 0, "epoch record " + i + ", every " + every);
            }
        }
    }

    @Test
    void aStopWithoutCheckpointsKeepsTheWeightsOfItsBatch() {
        TrainerOptions options = new TrainerOptions();
        options.listener(new StopEvery(13));
        LineTrainer stopped = new LineTrainer(options);
        TrainingStoppedException e = assertThrows(TrainingStoppedException.class, stopped::fit);
        assertEquals("slope", e.phase());
        assertEquals(2, e.epoch());
        assertEquals(3, e.batch());
        assertEquals(null, e.checkpoint());
        assertEquals(1, stopped.runner.history().size(), "one whole epoch before the stop");
        assertTrue(stopped.weight[0] != 0, "the weights of the 13 batches trained stay");
    }

    @Test
    void aFinishedPhaseIsSkippedAndALaterOneMustFinishFirst() throws Exception {
        Path checkpoint = dir.resolve("c.checkpoint");
        TrainerOptions options = new TrainerOptions();
        options.checkpoint(checkpoint, 2);
        LineTrainer first = new LineTrainer(options);
        first.fit();
        LineTrainer again = new LineTrainer(new TrainerOptions());
        again.runner.resume(checkpoint);
        assertFalse(again.runner.run(again.slope, DATA), "the slope phase had finished before the checkpoint");
        assertTrue(again.runner.run(again.both, DATA), "the last epoch was written too: nothing is left, but the phase runs");
        assertArrayEquals(first.weight, again.weight, 0f);

        LineTrainer later = new LineTrainer(new TrainerOptions());
        Path phaseOne = dir.resolve("one.checkpoint");
        TrainerOptions o = new TrainerOptions();
        o.checkpoint(phaseOne, 1);
        LineTrainer writer = new LineTrainer(o);
        writer.runner.run(writer.slope, DATA);
        later.runner.resume(phaseOne);
        Phase third = Phase.of(2, "third", later.slope.config(), rows -> 0).trains("weight", later.weight, later.weightGrad).build();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> later.runner.run(third, DATA));
        assertTrue(e.getMessage().contains("taken in phase 0 (slope), which must finish first"), e.getMessage());
    }

    @Test
    void otherSettingsAreRefusedAndProvenanceIsRecorded() throws Exception {
        Path checkpoint = dir.resolve("s.checkpoint");
        TrainerOptions options = new TrainerOptions();
        options.checkpoint(checkpoint, 1);
        options.seed(7);
        LineTrainer trainer = new LineTrainer(options);
        trainer.fit();
        assertEquals("7", trainer.provenance.get("train.seed"));
        assertEquals("both", trainer.provenance.get("train.lastPhase"));
        assertEquals(DATA.fingerprint(), trainer.provenance.get("train.data"));
        assertEquals(EpochRecord.encode(trainer.runner.history()), trainer.provenance.get("train.history"));

        PhaseRunner other = PhaseRunner.builder(new TrainerOptions(), "test.Line").settings("slope: other").input(new float[8])
                .tensors(trainer::tensors, LineTrainer::shapes).build();
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> other.resume(checkpoint));
        assertTrue(e.getMessage().contains("other settings"), e.getMessage());
        PhaseRunner foreign = PhaseRunner.builder(new TrainerOptions(), "test.Other").settings("x").input(new float[8])
                .tensors(trainer::tensors, LineTrainer::shapes).build();
        assertThrows(ModelFormatException.class, () -> foreign.resume(checkpoint));
    }

    @Test
    void aPhaseNeedsSomethingToTrainAndMatchingGradients() {
        TrainingConfig config = TrainingConfig.builder().build();
        assertThrows(IllegalStateException.class, () -> Phase.of(0, "empty", config, rows -> 0).build());
        assertThrows(IllegalArgumentException.class, () -> Phase.of(0, "x", config, rows -> 0).trains("w", new float[2], new float[3]));
        assertThrows(IllegalArgumentException.class, () -> Phase.of(-1, "x", config, rows -> 0));
    }
}
