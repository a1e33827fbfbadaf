package org.aestack.examples.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.aestack.runtime.AutoencoderModel;
import org.aestack.runtime.data.DataSet;
import org.aestack.runtime.data.FashionMnist;
import org.aestack.runtime.io.JsonLine;
import org.aestack.runtime.kernel.Kernels;
import org.aestack.runtime.train.Progress;
import org.aestack.runtime.train.Trainer;
import org.aestack.spark.ModelFactory;
import org.aestack.spark.SparkRows;
import org.aestack.spark.SparkTraining;
import org.aestack.spark.TrainerFactory;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/** The run of {@code spark-train}, apart from its options so the CLI loads Spark's classes only here. */
final class SparkTrainRun {
    private static final int WIDTH = 784;
    private static final String EXECUTOR_OPTIONS = "spark.executor.extraJavaOptions";
    private static final String VECTOR_MODULE = "--add-modules=jdk.incubator.vector";

    private final SparkTrainCommand o;

    SparkTrainRun(SparkTrainCommand options) {
        this.o = options;
    }

    /** What Spark ships to the executors to make a model: the example and its seed. */
    record Models(Example example, long seed) implements ModelFactory<AutoencoderModel> {
        @Override
        public AutoencoderModel create() {
            return example.initialize(seed);
        }
    }

    /** What Spark ships to the executors to make a trainer: the example and the command's overrides, as train applies them. */
    record Trainers(Example example, TrainingOptions training) implements TrainerFactory<AutoencoderModel> {
        @Override
        public Trainer<?> create(AutoencoderModel model, Path checkpoint) {
            Example.Settings settings = training.settings(Progress.silent());
            settings.checkpoint = checkpoint;
            return example.trainer(model, settings);
        }
    }

    /**
     * Runs the command; bad rows found by a task (a null, a wrong width) come out as the one-line
     * error the task raised rather than Spark's report of the failed job.
     */
    int call() throws Exception {
        try {
            return run();
        } catch (Exception e) { // Spark's Scala code throws its checked SparkException undeclared
            if (!(e instanceof org.apache.spark.SparkException)) {
                throw e;
            }
            for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
                if (cause instanceof IllegalArgumentException bad) {
                    throw bad;
                }
            }
            throw e;
        }
    }

    private int run() throws IOException {
        Example chosen = Example.named(o.example);
        check(chosen);
        FashionMnist.Source source = o.data.source();
        PrintWriter w = o.json ? new PrintWriter(java.io.Writer.nullWriter()) : o.spec.commandLine().getOut();
        SparkSession spark = session();
        try {
            JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
            String description;
            JavaRDD<float[]> rows;
            if (o.parquet != null) {
                description = "Parquet " + o.parquet;
                var frame = spark.read().parquet(o.parquet);
                rows = o.column != null ? SparkRows.of(frame, o.column, WIDTH) : SparkRows.of(frame, WIDTH, o.skip);
            } else if (o.csv != null) {
                description = "CSV " + o.csv;
                rows = SparkRows.of(SparkRows.csv(spark, o.csv), WIDTH, o.skip);
            } else {
                description = source.description();
                DataSet train = chosen.binary() ? o.data.binarize.train(source.train()) : source.train();
                rows = SparkRows.of(sc, train, o.partitions != null ? o.partitions : sc.defaultParallelism());
            }
            if (o.partitions != null && rows.getNumPartitions() != o.partitions) {
                rows = rows.repartition(o.partitions);
            }
            if (o.parquet == null && o.csv == null) {
                // rows parallelized from the driver travel inside every task of their RDD: cut them loose once kept
                rows.rdd().localCheckpoint();
            } else {
                rows.persist(StorageLevel.MEMORY_ONLY());
            }
            long count = rows.count();
            w.printf(Locale.ROOT, "spark-train %s: %s%ndata: %s (%,d rows in %d partitions); Spark %s, master %s; %s%n",
                    chosen.id(), chosen.description(), description, count, rows.getNumPartitions(), spark.version(),
                    sc.master(), o.stepsPerRound == 0 ? "averaging after every epoch" : "averaging every " + o.stepsPerRound
                            + " steps and after every epoch");
            w.flush();

            SparkTraining<AutoencoderModel> training = SparkTraining.of(new Models(chosen, o.training.seed),
                    new Trainers(chosen, o.training)).stepsPerRound(o.stepsPerRound);
            Files.createDirectories(o.out);
            if (o.checkpoint) {
                training.checkpoint(o.out.resolve(chosen.id() + ".spark.checkpoint"));
            }
            if (o.resume != null) {
                training.resume(o.resume);
            }
            if (!o.quiet && !o.json) {
                training.listener(round -> {
                    w.println(round);
                    w.flush();
                });
            }
            long start = System.nanoTime();
            AutoencoderModel model = training.fit(rows);
            double seconds = (System.nanoTime() - start) / 1e9;
            Path file = chosen.file(o.out);
            model.save(file);
            DataSet test = chosen.binary() ? o.data.binarize.test(source.test()) : source.test();
            double error = model.reconstructionError(test);
            List<SparkTraining.Round> rounds = training.rounds();
            long samples = rounds.stream().mapToLong(SparkTraining.Round::samples).sum();
            double[] averaging = rounds.stream().mapToDouble(SparkTraining.Round::averagingSeconds).sorted().toArray();
            double[] roundSeconds = rounds.stream().mapToDouble(SparkTraining.Round::seconds).sorted().toArray();
            w.printf(Locale.ROOT, "trained in %.1f s over %d round%s (%.0f samples/s; a round's median %.2f s, of which"
                    + " averaging %.3f s); test cross-entropy per image %.2f%nsaved %s%n", seconds, rounds.size(),
                    rounds.size() == 1 ? "" : "s", samples / seconds,
                    median(roundSeconds), median(averaging), error, file);
            w.flush();
            if (o.json) {
                o.spec.commandLine().getOut().println(new JsonLine().put("command", "spark-train").put("example", chosen.id())
                        .put("master", sc.master()).put("partitions", rows.getNumPartitions())
                        .put("steps_per_round", o.stepsPerRound).put("rounds", rounds.size()).put("seconds", seconds)
                        .put("samples_per_s", samples / seconds).put("round_seconds_median", median(roundSeconds))
                        .put("averaging_seconds_median", median(averaging)).put("test_loss", error).put("train_rows", count)
                        .put("model", file.toString()).put("data", description).put("kernels", Kernels.ops().name())
                        .put("jdk", Runtime.version().toString()));
            }
            return 0;
        } finally {
            spark.stop();
        }
    }

    private void check(Example chosen) {
        o.training.check();
        if (o.stepsPerRound < 0) {
            throw new IllegalArgumentException("--steps-per-round must be 0 (a round per epoch) or more, not " + o.stepsPerRound);
        }
        if (o.partitions != null && o.partitions < 1) {
            throw new IllegalArgumentException("--partitions must be at least 1, not " + o.partitions);
        }
        if (o.parquet != null && o.csv != null) {
            throw new IllegalArgumentException("give --parquet or --csv, not both");
        }
        if (o.column != null && o.parquet == null) {
            throw new IllegalArgumentException("--column goes with --parquet");
        }
        if (chosen.binary() && (o.parquet != null || o.csv != null)) {
            throw new IllegalArgumentException(chosen.id() + " trains on binarized images: give them with --data, which"
                    + " binarizes them on the driver as train does");
        }
        if (o.resume != null && !Files.exists(o.resume)) {
            throw new IllegalArgumentException("no checkpoint at " + o.resume);
        }
    }

    /**
     * The session: spark-submit's master, else {@code --master}, else all local cores; executors
     * given the Vector API module unless their options name it already (Spark 4 gives it too).
     */
    private SparkSession session() {
        SparkSession.Builder builder = SparkSession.builder().appName("aestack spark-train " + o.example);
        String master = o.master != null ? o.master : System.getProperty("spark.master", "local[*]");
        builder.master(master);
        if (master.startsWith("local")) {
            builder.config("spark.ui.enabled", "false");
        }
        String executor = System.getProperty(EXECUTOR_OPTIONS, "");
        if (!executor.contains("jdk.incubator.vector")) {
            builder.config(EXECUTOR_OPTIONS, (executor + " " + VECTOR_MODULE).trim());
        }
        SparkSession spark = builder.getOrCreate();
        spark.sparkContext().setLogLevel("WARN");
        return spark;
    }

    private static double median(double[] sorted) {
        if (sorted.length == 0) {
            return 0;
        }
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
