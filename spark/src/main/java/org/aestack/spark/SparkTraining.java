package org.aestack.spark;

import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.aestack.runtime.data.DataSet;
import org.aestack.runtime.train.EpochRecord;
import org.aestack.runtime.train.Trainer;
import org.aestack.runtime.train.TrainingListener;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;

/**
 * Data-parallel training of any generated model on Spark, by averaging (the parameter averaging of
 * Deeplearning4j's Spark training): in each round every partition of the rows resumes the generated
 * trainer from the round's checkpoint, trains one epoch of the phase under way on its own rows,
 * and returns the checkpoint written after it; the driver averages the partitions' checkpoints,
 * tensor by tensor (parameters, the optimizers' moments, kept chains), weighted by their rows, and
 * that is the next round's. The generated trainer runs unchanged: its phases (pretraining, then
 * fine-tuning or joint training), its checkpoints and its resumption carry the state between rounds.
 * A failed task is run again by Spark from the same broadcast checkpoint and gives the same result,
 * and nothing is averaged before every partition has returned.
 */
public final class SparkTraining<M> implements Serializable {
    private static final long serialVersionUID = 1L;

    private final ModelFactory<M> models;
    private final TrainerFactory<M> trainers;
    private final List<Round> rounds = new ArrayList<>();

    /** What one round took and gave: its phase and epoch, the partitions' mean loss, the wall time of the round and of the averaging. */
    public record Round(String phase, int epoch, double meanLoss, long rows, double seconds, double averagingSeconds)
            implements Serializable {}

    private SparkTraining(ModelFactory<M> models, TrainerFactory<M> trainers) {
        this.models = models;
        this.trainers = trainers;
    }

    public static <M> SparkTraining<M> of(ModelFactory<M> models, TrainerFactory<M> trainers) {
        return new SparkTraining<>(models, trainers);
    }

    /** The rounds run so far, in order. */
    public List<Round> rounds() {
        return List.copyOf(rounds);
    }

    /** What a partition returns: its checkpoint after the round, its rows, and whether its trainer finished every phase. */
    private record Part(byte[] checkpoint, long rows, boolean finished) implements Serializable {}

    /** Thrown by {@link RoundEnd} to stop a partition's trainer once its round's checkpoint is written. */
    private static final class Stop extends RuntimeException {
        Stop() {
            super(null, null, false, false);
        }
    }

    /**
     * Stops the trainer at its first event after an epoch has finished: by then the checkpoint of
     * that epoch is written (listeners hear an epoch's end just before it is).
     */
    private static final class RoundEnd implements TrainingListener {
        private boolean epochDone;

        @Override
        public void phaseStarted(String phase, int epochs, int batchesPerEpoch, int samplesPerEpoch) {
            stopIfDone();
        }

        @Override
        public void batchFinished(String phase, int epoch, int batch, int batchesPerEpoch, double loss) {
            stopIfDone();
        }

        @Override
        public void epochFinished(EpochRecord record) {
            epochDone = true;
        }

        private void stopIfDone() {
            if (epochDone) {
                throw new Stop();
            }
        }
    }

    /**
     * Trains a new model on {@code rows} (each row a sample of the model's input width), the
     * declared phases and epochs each a round per epoch over the partitions, and returns it with the
     * averaged parameters of the last round. The trainers on the executors and on the driver are
     * made by the factories, so their settings are the same everywhere.
     */
    public M fit(JavaRDD<float[]> rows) throws IOException {
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(rows.context());
        Path work = Files.createTempDirectory("aestack-spark");
        byte[] global = null;
        try {
            while (true) {
                long start = System.nanoTime();
                Broadcast<byte[]> start0 = sc.broadcast(global == null ? new byte[0] : global);
                ModelFactory<M> m = models;
                TrainerFactory<M> t = trainers;
                List<Part> parts = rows.mapPartitions(it -> List.of(round(it, start0.value(), m, t)).iterator()).collect();
                start0.destroy();
                long averaging = System.nanoTime();
                List<Path> files = new ArrayList<>();
                long[] counts = new long[parts.size()];
                int used = 0;
                for (Part part : parts) {
                    if (part.rows() == 0) {
                        continue; // an empty partition trained nothing
                    }
                    Path file = work.resolve("part-" + used + ".checkpoint");
                    Files.write(file, part.checkpoint());
                    files.add(file);
                    counts[used++] = part.rows();
                }
                if (files.isEmpty()) {
                    throw new IllegalArgumentException("no rows to train on");
                }
                Path averaged = work.resolve("round.checkpoint");
                Checkpoints.average(files, java.util.Arrays.copyOf(counts, used), averaged);
                global = Files.readAllBytes(averaged);
                double seconds = (System.nanoTime() - start) / 1e9;
                double averagingSeconds = (System.nanoTime() - averaging) / 1e9;
                EpochRecord last = lastRecord(averaged);
                rounds.add(new Round(last.phase(), last.epoch(), last.meanLoss(), last.samples(), seconds, averagingSeconds));
                // every partition trains the same epochs, so all finish in the same round
                if (parts.stream().allMatch(Part::finished)) {
                    M model = models.create();
                    trainers.create(model, work.resolve("driver.checkpoint")).resume(averaged);
                    return model;
                }
            }
        } finally {
            delete(work);
        }
    }

    /** Deletes a directory of files (no subdirectories). */
    private static void delete(Path dir) throws IOException {
        try (var files = Files.list(dir)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Files.deleteIfExists(p);
            }
        }
        Files.deleteIfExists(dir);
    }

    private static EpochRecord lastRecord(Path checkpoint) throws IOException {
        List<EpochRecord> history = EpochRecord.decode(
                org.aestack.runtime.io.ModelFile.read(checkpoint).metadata().getOrDefault("aestack.checkpoint.history", ""));
        return history.get(history.size() - 1);
    }

    /** One partition's round: its rows as a data set, the trainer resumed from {@code start}, one epoch, the checkpoint after it. */
    private static <M> Part round(Iterator<float[]> it, byte[] start, ModelFactory<M> models, TrainerFactory<M> trainers)
            throws IOException {
        List<float[]> list = new ArrayList<>();
        it.forEachRemaining(list::add);
        if (list.isEmpty()) {
            return new Part(new byte[0], 0, true);
        }
        int cols = list.get(0).length;
        float[] values = new float[list.size() * cols];
        for (int r = 0; r < list.size(); r++) {
            if (list.get(r).length != cols) {
                throw new IllegalArgumentException("row " + r + " of a partition has " + list.get(r).length + " values, the first "
                        + cols);
            }
            System.arraycopy(list.get(r), 0, values, r * cols, cols);
        }
        DataSet data = DataSet.of(values, list.size(), cols);
        Path dir = Files.createTempDirectory("aestack-round");
        try {
            Path checkpoint = dir.resolve("round.checkpoint");
            Trainer<?> trainer = trainers.create(models.create(), checkpoint);
            if (start.length > 0) {
                Path from = dir.resolve("start.checkpoint");
                Files.write(from, start);
                trainer.resume(from);
            }
            trainer.listener(new RoundEnd());
            boolean finished;
            try {
                trainer.fit(data);
                finished = true;
            } catch (Stop stop) {
                finished = false;
            }
            return new Part(Files.readAllBytes(checkpoint), list.size(), finished);
        } finally {
            delete(dir);
        }
    }
}
