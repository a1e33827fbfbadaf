package org.aestack.runtime.train;

import java.util.List;
import org.aestack.runtime.data.DataSet;
import org.aestack.runtime.data.MiniBatches;
import org.aestack.runtime.kernel.Rng;

/**
 * The epoch loop every generated training phase shares: shuffles the data each epoch, copies
 * mini-batches into the trainer's input buffer, runs the generated {@link BatchStep}, reports to
 * listeners, and guards against divergence.
 *
 * <p>At the start of each epoch the phase's parameters are copied aside; if a batch's loss is not
 * finite, they are copied back and a {@link TrainingDivergedException} names the phase and epoch,
 * so the model is left as it was after the last good epoch. The copies are made once per phase.
 */
public final class TrainingLoop {
    private final String phase;
    private final TrainingConfig config;
    private final float[][] parameters;
    private final float[][] lastGood;
    private Iterable<Updater> scheduled = java.util.List.of();
    private int[] labels;

    /**
     * @param phase the phase's name for progress and errors ("pretrain hidden1", "fine-tune")
     * @param parameters the arrays this phase updates, guarded against divergence
     */
    public TrainingLoop(String phase, TrainingConfig config, float[]... parameters) {
        this.phase = phase;
        this.config = config;
        this.parameters = parameters;
        this.lastGood = new float[parameters.length][];
        for (int i = 0; i < parameters.length; i++) {
            lastGood[i] = new float[parameters[i].length];
        }
    }

    /**
     * Has each epoch set these updaters' learning rate from the config's schedule
     * ({@link TrainingConfig#learningRate(int)}).
     */
    public TrainingLoop schedule(Iterable<Updater> updaters) {
        this.scheduled = java.util.Objects.requireNonNull(updaters, "updaters");
        return this;
    }

    /**
     * Has each batch also copy its rows' labels into {@code buffer} (at least the batch size long),
     * for supervised phases; the data must have labels.
     */
    public TrainingLoop labels(int[] buffer) {
        this.labels = java.util.Objects.requireNonNull(buffer, "buffer");
        return this;
    }

    /**
     * Runs {@code config.epochs()} epochs over {@code data}.
     *
     * @param batch the trainer's input buffer, at least {@code batchSize × data.cols()} floats
     * @param rng the generator for the shuffling
     * @param history receives one record per epoch
     * @throws TrainingDivergedException when the loss stops being finite
     */
    public void run(DataSet data, float[] batch, Rng rng, BatchStep step, List<TrainingListener> listeners,
            List<EpochRecord> history) {
        run(data, batch, rng, Checkpoint.Position.after(0), step, listeners, history, (at, order, stopping) -> { });
    }

    /** Writes the phase's checkpoint where the loop is, when one is due; see {@link PhaseRunner}. */
    @FunctionalInterface
    public interface Checkpointing {
        /**
         * @param at after an epoch, or inside one when a listener stopped the loop there
         * @param epochOrder inside an epoch, the shuffling generator as it was before that epoch drew
         *     its order (a resumed run draws it again); after an epoch, the generator as it is
         * @param stopping a listener asked to stop here: write the checkpoint even if it is not due
         */
        void save(Checkpoint.Position at, Rng epochOrder, boolean stopping) throws java.io.IOException;
    }

    /**
     * Runs the epochs after {@code from} to {@code config.epochs()}, as when resuming from a
     * checkpoint taken there (inside an epoch too: {@code rng} is then as it was before that epoch
     * shuffled, and the epoch continues with its next batch); calls {@code checkpointing} after
     * each epoch, and where a listener stops the loop.
     *
     * @throws TrainingStoppedException when a listener asks to stop ({@link TrainingListener#stopRequested()})
     * @throws java.io.UncheckedIOException when {@code checkpointing} cannot write its checkpoint
     */
    public void run(DataSet data, float[] batch, Rng rng, Checkpoint.Position from, BatchStep step,
            List<TrainingListener> listeners, List<EpochRecord> history, Checkpointing checkpointing) {
        if (labels != null && !data.hasLabels()) {
            throw new IllegalArgumentException(phase + " needs labeled data, but " + data + " has no labels");
        }
        MiniBatches batches = new MiniBatches(data, config.batchSize(), rng);
        Rng epochOrder = new Rng(0);
        int count = batches.count();
        int epochs = config.epochs();
        for (TrainingListener l : listeners) {
            l.phaseStarted(phase, epochs, count, data.rows());
        }
        for (int epoch = from.epoch() + 1; epoch <= epochs; epoch++) {
            boolean resumed = epoch == from.epoch() + 1 && from.insideEpoch();
            saveParameters();
            for (Updater u : scheduled) {
                u.learningRate(config.learningRate(epoch));
            }
            epochOrder.copyFrom(rng);
            batches.shuffle();
            long start = System.nanoTime();
            double sum = resumed ? from.lossSum() : 0;
            int samples = resumed ? from.samples() : 0;
            for (int b = resumed ? from.batch() : 0; b < count; b++) {
                int rows = batches.fill(b, batch);
                if (labels != null) {
                    batches.fillLabels(b, labels);
                }
                double loss = step.run(rows);
                if (!Double.isFinite(loss)) {
                    restoreParameters();
                    throw new TrainingDivergedException(phase, epoch, b + 1, loss / rows);
                }
                sum += loss;
                samples += rows;
                for (int i = 0; i < listeners.size(); i++) { // indexed: no iterator per batch
                    listeners.get(i).batchFinished(phase, epoch, b + 1, count, loss / rows);
                }
                if (b + 1 < count && stopRequested(listeners)) {
                    save(checkpointing, new Checkpoint.Position(epoch - 1, b + 1, sum, samples), epochOrder, true);
                    throw new TrainingStoppedException(phase, epoch, b + 1, null);
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            // the rows counted, not data.rows(): the same in one run, and in rounds of Spark training the
            // epoch's rows over every partition, the part before the round included (Position.samples)
            EpochRecord record = new EpochRecord(phase, epoch, epochs, sum / samples, samples, seconds);
            history.add(record);
            for (TrainingListener l : listeners) {
                l.epochFinished(record);
            }
            boolean stopping = stopRequested(listeners);
            save(checkpointing, Checkpoint.Position.after(epoch), rng, stopping);
            if (stopping) {
                throw new TrainingStoppedException(phase, epoch, count, null);
            }
        }
        for (TrainingListener l : listeners) {
            l.phaseFinished(phase);
        }
    }

    private static boolean stopRequested(List<TrainingListener> listeners) {
        for (int i = 0; i < listeners.size(); i++) {
            if (listeners.get(i).stopRequested()) {
                return true;
            }
        }
        return false;
    }

    private static void save(Checkpointing checkpointing, Checkpoint.Position at, Rng order, boolean stopping) {
        try {
            checkpointing.save(at, order, stopping);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private void saveParameters() {
        for (int i = 0; i < parameters.length; i++) {
            System.arraycopy(parameters[i], 0, lastGood[i], 0, parameters[i].length);
        }
    }

    private void restoreParameters() {
        for (int i = 0; i < parameters.length; i++) {
            System.arraycopy(lastGood[i], 0, parameters[i], 0, parameters[i].length);
        }
    }
}
