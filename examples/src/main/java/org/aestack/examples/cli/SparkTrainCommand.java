package org.aestack.examples.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code spark-train}: an example trained on Apache Spark by parameter averaging. The options
 * only: the run is {@link SparkTrainRun}'s, loaded when Spark is on the class path
 * ({@code ./aestack spark-train} puts it there; {@code spark-submit} brings its own).
 */
@Command(name = "spark-train", mixinStandardHelpOptions = true,
        description = {"Trains an example on Apache Spark: each partition of the rows runs the generated trainer for a round,",
                "and the driver averages their checkpoints (parameters and optimizer state) after each round. The same model",
                "file as train, its provenance saying how it was trained (train.spark.*). Examples: those of train, but the",
                "colorizers and multimodal; dbm needs --data (it binarizes on the driver). With N partitions averaged each",
                "epoch, N times one machine's --learning-rate comes closer to its loss (the linear scaling rule; README)."})
final class SparkTrainCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "EXAMPLE", description = "Which example to train.")
    String example;

    @Option(names = "--master", paramLabel = "URL",
            description = "Spark master, e.g. local[2] (default: spark-submit's --master, else local[*]).")
    String master;

    @Option(names = "--partitions", paramLabel = "N",
            description = "Partitions of the rows, one model each between averages (default: Spark's default parallelism).")
    Integer partitions;

    @Option(names = "--steps-per-round", paramLabel = "N", defaultValue = "0",
            description = "Average after every N mini-batches of each partition, and at each epoch's end; 0, the default,"
                    + " averages at epochs' ends only.")
    int stepsPerRound;

    @Mixin
    DataOptions data;

    @Option(names = "--parquet", paramLabel = "PATH", description = "Train on a Parquet file or directory (Spark's reader) instead of --data.")
    String parquet;

    @Option(names = "--csv", paramLabel = "PATH",
            description = "Train on CSV files with a header (Spark's reader): 784 numeric columns, besides those --skip names.")
    String csv;

    @Option(names = "--column", paramLabel = "NAME",
            description = "With --parquet: the array<float> or array<double> column holding each row's 784 values;"
                    + " without it, 784 numeric columns.")
    String column;

    @Option(names = "--skip", paramLabel = "NAME", split = ",", description = "Columns that are not pixels, e.g. label.")
    String[] skip = new String[0];

    @Mixin
    TrainingOptions training;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "aestack-out", description = "Where the model goes (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--checkpoint", description = "Write DIR/EXAMPLE.spark.checkpoint after every round (--resume continues from it).")
    boolean checkpoint;

    @Option(names = "--resume", paramLabel = "FILE", description = "Continue from a checkpoint (same rows, partitions and settings).")
    Path resume;

    @Option(names = "--quiet", description = "No line per round; only the result lines.")
    boolean quiet;

    @Option(names = "--json", description = "Print one JSON line of results instead of text (implies --quiet).")
    boolean json;

    @Override
    public Integer call() throws Exception {
        try {
            Class.forName("org.apache.spark.sql.SparkSession");
        } catch (ClassNotFoundException e) {
            throw new IllegalArgumentException("spark-train needs Spark on the class path: run ./aestack spark-train, or"
                    + " spark-submit the examples jar (README, \"Training on Apache Spark\")");
        }
        return new SparkTrainRun(this).call();
    }
}
