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
        run(data, batch, rng, 1, step, listeners, history, epoch -> { });
    }

    /** Called after each epoch, with the shuffling generator where the next epoch will find it. */
    @FunctionalInterface
    public interface EpochEnd {
        void finished(int epoch) throws java.io.IOException;
    }

    /**
     * Runs epochs {@code firstEpoch} to {@code config.epochs()}, as when resuming from a checkpoint
     * taken after epoch {@code firstEpoch - 1}; calls {@code end} after each.
     *
     * @throws java.io.UncheckedIOException when {@code end} cannot write its checkpoint
     */
    public void run(DataSet data, float[] batch, Rng rng, int firstEpoch, BatchStep step,
            List<TrainingListener> listeners, List<EpochRecord> history, EpochEnd end) {
        if (labels != null && !data.hasLabels()) {
            throw new IllegalArgumentException(phase + " needs labeled data, but " + data + " has no labels");
        }
        MiniBatches batches = new MiniBatches(data, config.batchSize(), rng);
        int count = batches.count();
        int epochs = config.epochs();
        for (TrainingListener l : listeners) {
            l.phaseStarted(phase, epochs, count, data.rows());
        }
        for (int epoch = firstEpoch; epoch <= epochs; epoch++) {
            saveParameters();
            for (Updater u : scheduled) {
                u.learningRate(config.learningRate(epoch));
            }
            batches.shuffle();
            long start = System.nanoTime();
            double sum = 0;
            for (int b = 0; b < count; b++) {
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
                for (int i = 0; i < listeners.size(); i++) { // indexed: no iterator per batch
                    listeners.get(i).batchFinished(phase, epoch, b + 1, count, loss / rows);
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            EpochRecord record = new EpochRecord(phase, epoch, epochs, sum / data.rows(), data.rows(), seconds);
            history.add(record);
            for (TrainingListener l : listeners) {
                l.epochFinished(record);
            }
            try {
                end.finished(epoch);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        for (TrainingListener l : listeners) {
            l.phaseFinished(phase);
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
