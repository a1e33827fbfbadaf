package org.aestack.spark;

import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import org.aestack.runtime.Model;
import org.aestack.runtime.data.DataSet;
import org.aestack.runtime.io.ModelFile;
import org.aestack.runtime.kernel.Kernels;
import org.aestack.runtime.train.EpochRecord;
import org.aestack.runtime.train.Trainer;
import org.aestack.runtime.train.TrainingListener;
import org.aestack.runtime.train.TrainingStoppedException;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.storage.StorageLevel;

/**
 * Data-parallel training of any generated model on Spark by parameter averaging, as
 * Deeplearning4j's Spark training does it: in each round every partition of the rows resumes the
 * generated trainer from the round's checkpoint, trains {@link #stepsPerRound} mini-batches of its
 * own rows (or to the end of the epoch under way), and returns the checkpoint it wrote there; the
 * driver averages the partitions' checkpoints, tensor by tensor (parameters, the optimizers'
 * moments, kept chains), weighted by the rows each trained, and that is the next round's.
 *
 * <p>The generated trainer runs unchanged: its phases (greedy pretraining, then fine-tuning or
 * joint training), its checkpoints and its resumption carry the state from round to round, so the
 * checkpoint after a round is one a single machine can resume too. A failed task is run again by
 * Spark from the same broadcast checkpoint and gives the same result, and nothing is averaged
 * before every partition has returned.
 *
 * <pre>{@code
 * FashionAeModel model = SparkTraining.of(() -> FashionAeModel.initialize(42),
 *                 (m, file) -> FashionAeTrainer.builder(m).seed(42).checkpoint(file, 1).build())
 *         .stepsPerRound(50)
 *         .fit(SparkRows.of(spark.read().parquet("images.parquet"), "pixels", 784));
 * model.save(Path.of("fashion-ae.safetensors"));   // provenance train.spark.*: partitions, rounds, steps
 * }</pre>
 */
public final class SparkTraining<M extends Model> {
    private final ModelFactory<M> models;
    private final TrainerFactory<M> trainers;
    private int stepsPerRound;
    private Path checkpoint;
    private Path resumeFrom;
    private final List<Consumer<Round>> listeners = new ArrayList<>();
    private final List<Round> rounds = new ArrayList<>();

    /**
     * What one round took and gave.
     *
     * @param number counted from 1 over the run, a resumed one included
     * @param phase the phase it trained, {@code epoch} of it, {@code batch} batches into the epoch where it ended
     *     (0: at the epoch's end)
     * @param meanLoss the mean training loss over the rows trained in the round, every partition's
     * @param samples the rows trained in the round, every partition's
     * @param partitions the partitions of the rows, each a task of the round
     * @param seconds the round's wall time, the averaging's included
     * @param averagingSeconds the wall time of averaging the partitions' checkpoints on the driver
     */
    public record Round(int number, String phase, int epoch, int batch, double meanLoss, long samples, int partitions,
            double seconds, double averagingSeconds) implements Serializable {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "round %d (%s, epoch %d%s): loss %.4f over %d rows, %.2f s (averaging %.3f s)",
                    number, phase, epoch, batch == 0 ? "" : ", batch " + batch, meanLoss, samples, seconds, averagingSeconds);
        }
    }

    private SparkTraining(ModelFactory<M> models, TrainerFactory<M> trainers) {
        this.models = Objects.requireNonNull(models, "models");
        this.trainers = Objects.requireNonNull(trainers, "trainers");
    }

    /**
     * Training of the models {@code models} makes, by the trainers {@code trainers} makes: the
     * same settings on every executor and on the driver (a trainer must write checkpoints to the
     * file it is given, every epoch).
     */
    public static <M extends Model> SparkTraining<M> of(ModelFactory<M> models, TrainerFactory<M> trainers) {
        return new SparkTraining<>(models, trainers);
    }

    /**
     * Averages after every {@code steps} mini-batches of each partition (Deeplearning4j's averaging
     * frequency), and at every epoch's end; 0, the default, averages at epochs' ends only. More
     * often keeps the partitions' models closer to one model trained on all rows, at the cost of
     * a Spark job and an averaging of the checkpoints per round.
     */
    public SparkTraining<M> stepsPerRound(int steps) {
        if (steps < 0) {
            throw new IllegalArgumentException("steps per round must be 1 or more (0: a round per epoch), not " + steps);
        }
        this.stepsPerRound = steps;
        return this;
    }

    /** Writes the averaged checkpoint to {@code file} after every round, atomically; {@link #resume} continues from it. */
    public SparkTraining<M> checkpoint(Path file) {
        this.checkpoint = Objects.requireNonNull(file, "file");
        return this;
    }

    /**
     * Continues from a checkpoint written by {@link #checkpoint} (or by the generated trainer on
     * one machine): with the same rows, partitions and settings, the model is the one an
     * uninterrupted run gives, bit for bit.
     */
    public SparkTraining<M> resume(Path file) {
        this.resumeFrom = Objects.requireNonNull(file, "file");
        return this;
    }

    /** Hears every round as it ends, on the driver. */
    public SparkTraining<M> listener(Consumer<Round> listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
        return this;
    }

    /** The rounds this object has run, in order. */
    public List<Round> rounds() {
        return List.copyOf(rounds);
    }

    /** What a partition returns: its checkpoint after the round, and what the round was. */
    private record Part(byte[] checkpoint, long rows, int cols, boolean finished, String phase, int epoch, int batch,
            String fingerprint, String kernels) implements Serializable {}

    /**
     * Stops the trainer after its round's steps, or at the end of the epoch under way, whichever
     * comes first; remembers where.
     */
    private static final class RoundEnd implements TrainingListener {
        private final int steps;
        private int trained;
        private boolean epochDone;
        private String phase = "";
        private int epoch;
        private int batch;

        RoundEnd(int steps) {
            this.steps = steps;
        }

        @Override
        public void batchFinished(String phase, int epoch, int batch, int batchesPerEpoch, double loss) {
            trained++;
            this.phase = phase;
            this.epoch = epoch;
            this.batch = batch;
        }

        @Override
        public void epochFinished(EpochRecord record) {
            epochDone = true;
            phase = record.phase();
            epoch = record.epoch();
            batch = 0;
        }

        @Override
        public boolean stopRequested() {
            return epochDone || trained == steps;
        }
    }

    /**
     * Trains a new model on {@code rows} (each row a sample of the model's input width), every
     * declared phase and epoch in rounds over the partitions, and returns it with the averaged
     * parameters of the last round, its provenance saying how it was trained ({@code train.spark.*}).
     * The rows are persisted in memory (unless they already are), since every round reads them.
     */
    public M fit(JavaRDD<float[]> rows) throws IOException {
        if (rows.getStorageLevel().equals(StorageLevel.NONE())) {
            rows.persist(StorageLevel.MEMORY_ONLY());
        }
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(rows.context());
        Path work = Files.createTempDirectory("aestack-spark");
        try {
            byte[] global = resumeFrom == null ? new byte[0] : Files.readAllBytes(resumeFrom);
            int number = resumeFrom == null ? 0 : roundsIn(ModelFile.read(resumeFrom));
            String fingerprint = null;
            String kernels = null;
            while (true) {
                long start = System.nanoTime();
                Broadcast<byte[]> from = sc.broadcast(global);
                ModelFactory<M> m = models;
                TrainerFactory<M> t = trainers;
                int steps = stepsPerRound;
                boolean first = fingerprint == null;
                List<Part> parts = rows.mapPartitions(it -> List.of(round(it, from.value(), steps, first, m, t)).iterator())
                        .collect();
                from.destroy();
                if (first) {
                    fingerprint = fingerprints(parts);
                    kernels = kernels(parts);
                }
                // every partition resumed from one position: all finish in the same round, which trains nothing
                if (parts.stream().allMatch(Part::finished)) {
                    if (global.length == 0) {
                        throw new IllegalArgumentException("no rows to train on");
                    }
                    int cols = parts.stream().mapToInt(Part::cols).max().orElse(0);
                    M model = finish(global, cols, work, sc.master(), parts.size(), number, fingerprint);
                    model.recordProvenance("train.spark.kernels", kernels);
                    return model;
                }
                long averaging = System.nanoTime();
                List<Path> files = new ArrayList<>();
                for (Part part : parts) {
                    if (part.rows() == 0) {
                        continue; // an empty partition trained nothing
                    }
                    Path file = work.resolve("part-" + files.size() + ".checkpoint");
                    Files.write(file, part.checkpoint());
                    files.add(file);
                }
                Checkpoints.Mark startMark = Checkpoints.Mark.of(global, work.resolve("start.checkpoint"));
                Path averaged = work.resolve("round.checkpoint");
                number++;
                double[] loss = Checkpoints.average(files, startMark, Map.of("train.spark.rounds", Integer.toString(number)),
                        averaged);
                global = Files.readAllBytes(averaged);
                if (checkpoint != null) {
                    Path tmp = checkpoint.resolveSibling(checkpoint.getFileName() + ".tmp");
                    Files.write(tmp, global);
                    Files.move(tmp, checkpoint, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                }
                long end = System.nanoTime();
                Part ahead = parts.stream().filter(p -> !p.phase().isEmpty()).findFirst().orElse(parts.get(0));
                Round round = new Round(number, ahead.phase(), ahead.epoch(), ahead.batch(), loss[0] / loss[1], (long) loss[1],
                        parts.size(), (end - start) / 1e9, (end - averaging) / 1e9);
                rounds.add(round);
                for (Consumer<Round> l : listeners) {
                    l.accept(round);
                }
            }
        } finally {
            delete(work);
        }
    }

    /**
     * The model of the last round's checkpoint, with how it was trained: the trainer resumed from
     * it and fitted once more, which trains nothing but does what a phase's end does for the model
     * (a DBM keeps its persistent chains), on one row of zeros of the data's width.
     */
    private M finish(byte[] global, int cols, Path work, String master, int partitions, int number, String fingerprint)
            throws IOException {
        Path last = work.resolve("last.checkpoint");
        Files.write(last, global);
        ModelFile file = ModelFile.read(last);
        M model = models.create();
        trainers.create(model, work.resolve("driver.checkpoint")).resume(last).fit(DataSet.of(new float[cols], 1, cols));
        Map<String, String> meta = file.metadata();
        List<EpochRecord> history = EpochRecord.decode(meta.getOrDefault("aestack.checkpoint.history", ""));
        model.recordProvenance("train.data", fingerprint);
        model.recordProvenance("train.settings", meta.get("aestack.checkpoint.settings"));
        model.recordProvenance("train.lastPhase", history.isEmpty() ? "" : history.get(history.size() - 1).phase());
        model.recordProvenance("train.history", meta.getOrDefault("aestack.checkpoint.history", ""));
        model.recordProvenance("train.spark.master", master);
        model.recordProvenance("train.spark.partitions", Integer.toString(partitions));
        model.recordProvenance("train.spark.rounds", Integer.toString(number));
        model.recordProvenance("train.spark.stepsPerRound", stepsPerRound == 0 ? "epoch" : Integer.toString(stepsPerRound));
        return model;
    }

    private static int roundsIn(ModelFile file) {
        String n = file.metadata().get("train.spark.rounds");
        return n == null ? 0 : Integer.parseInt(n);
    }

    /** The partitions' data fingerprints, in partition order: what {@code train.data} says of a Spark run. */
    private static String fingerprints(List<Part> parts) {
        StringBuilder out = new StringBuilder("spark:");
        for (Part p : parts) {
            out.append(out.length() == 6 ? "" : "+").append(p.fingerprint());
        }
        return out.toString();
    }

    /**
     * The kernels the partitions ran, each named once; said on the driver's standard error when
     * one ran without the Vector API (an executor started without {@code --add-modules
     * jdk.incubator.vector}), which its own log says too.
     */
    private static String kernels(List<Part> parts) {
        List<String> names = parts.stream().map(Part::kernels).filter(k -> !k.isEmpty()).distinct().toList();
        String joined = String.join(",", names);
        if (names.stream().anyMatch(k -> k.startsWith("scalar"))) {
            System.err.println("aestack-spark: some executors run the scalar kernels (" + joined + "), slower: give them"
                    + " spark.executor.extraJavaOptions=--add-modules=jdk.incubator.vector");
        }
        return joined;
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

    /**
     * One partition's round: its rows as a data set, the trainer resumed from {@code start}, its
     * steps, the checkpoint written where it stopped. Depends only on the rows and {@code start},
     * so a task Spark runs again returns the same.
     */
    private static <M extends Model> Part round(Iterator<float[]> it, byte[] start, int steps, boolean fingerprint,
            ModelFactory<M> models, TrainerFactory<M> trainers) throws IOException {
        List<float[]> list = new ArrayList<>();
        it.forEachRemaining(list::add);
        if (list.isEmpty()) {
            return new Part(new byte[0], 0, 0, true, "", 0, 0, "empty", "");
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
        String print = fingerprint ? data.fingerprint() : "";
        Path dir = Files.createTempDirectory("aestack-round");
        try {
            Path checkpoint = dir.resolve("round.checkpoint");
            Trainer<?> trainer = trainers.create(models.create(), checkpoint);
            if (start.length > 0) {
                Path from = dir.resolve("start.checkpoint");
                Files.write(from, start);
                trainer.resume(from);
            }
            RoundEnd end = new RoundEnd(steps);
            trainer.listener(end);
            try {
                trainer.fit(data);
            } catch (TrainingStoppedException stopped) {
                if (stopped.checkpoint() == null) {
                    throw new IllegalStateException("the trainer factory must give trainers that write checkpoints to"
                            + " the file it is given: (model, file) -> ...builder(model).checkpoint(file, 1).build()");
                }
                return new Part(Files.readAllBytes(checkpoint), list.size(), cols, false, end.phase, end.epoch, end.batch,
                        print, Kernels.ops().name());
            }
            return new Part(new byte[0], list.size(), cols, true, "", 0, 0, print, Kernels.ops().name()); // nothing left
        } finally {
            delete(dir);
        }
    }
}
