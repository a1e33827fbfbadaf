package org.aestack.examples.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import org.aestack.runtime.AutoencoderModel;
import org.aestack.runtime.data.DataSet;
import org.aestack.runtime.data.FashionMnist;
import org.aestack.runtime.io.JsonLine;
import org.aestack.runtime.kernel.Rng;
import org.aestack.runtime.metric.RocAuc;
import org.aestack.runtime.train.Progress;
import org.aestack.runtime.train.TrainingListener;
import org.aestack.runtime.viz.ImageGrid;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Anomaly detection by reconstruction error: for each held-out class, an autoencoder trained on the
 * other nine classes scores the test set, and the held-out class should score high.
 */
@Command(name = "detect", mixinStandardHelpOptions = true,
        description = {"Anomaly detection on Fashion-MNIST: for each held-out class, trains the 784-256-32 autoencoder",
                "on the other nine, scores the test images by reconstruction error, and prints the ROC AUC of finding",
                "the held-out class, and the detection rate at a threshold calibrated on held-out normal images."})
final class DetectCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    DataOptions data;

    @Option(names = "--classes", split = ",", paramLabel = "K", description = "Held-out classes, 0-9 (default: all ten).")
    int[] classes;

    @Option(names = "--epochs", defaultValue = "5", description = "Training epochs per held-out class (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--rate", defaultValue = "0.05",
            description = "False-positive rate the threshold is calibrated for, on held-out normal images (default: ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "aestack-out", description = "Where the picture goes.")
    Path out;

    @Option(names = "--seed", defaultValue = "42") long seed;

    @Option(names = "--quiet", description = "No progress bar.")
    boolean quiet;

    @Option(names = "--json", description = "Print one JSON line instead of the table (implies --quiet).")
    boolean json;

    @Override
    public Integer call() throws Exception {
        if (classes == null) {
            classes = IntStream.range(0, 10).toArray();
        }
        for (int k : classes) {
            if (k < 0 || k > 9) {
                throw new IllegalArgumentException("--classes must lie in 0-9, not " + k);
            }
        }
        if (epochs < 1) {
            throw new IllegalArgumentException("--epochs must be at least 1, not " + epochs);
        }
        if (!(rate > 0 && rate < 1)) {
            throw new IllegalArgumentException("--rate must lie in (0, 1), not " + rate);
        }
        FashionMnist.Source source = data.source();
        DataSet train = source.train();
        DataSet test = source.test();
        PrintWriter w = json ? new PrintWriter(java.io.Writer.nullWriter()) : spec.commandLine().getOut();
        JsonLine result = new JsonLine().put("command", "detect").put("epochs", epochs).put("false_positive_rate", rate);
        JsonLine perClass = new JsonLine();
        w.printf(Locale.ROOT, "data: %s; %d epochs per class; threshold for %.0f%% false positives on held-out normal images%n%n",
                source.description(), epochs, 100 * rate);
        w.println("Scores: the reconstruction error (thresholds use it), and beside it that error minus the image's");
        w.println("cross-entropy under the mean normal image, a likelihood ratio that discounts how much ink an image has.");
        w.println();
        w.printf(Locale.ROOT, "%-14s %13s %13s %10s %13s%n", "held-out class", "AUC (error)", "AUC (ratio)", "detected",
                "false alarms");
        double sum = 0;
        double sumError = 0;
        Path picture = null;
        TrainingListener listener = quiet || json ? Progress.silent() : Progress.console();
        for (int k : classes) {
            int[] normal = rowsWhere(train, k, false);
            int[] order = normal.clone();
            new Rng(seed).shuffle(order);
            int calibrationRows = order.length / 10;
            DataSet calibration = train.select(Arrays.copyOfRange(order, 0, calibrationRows));
            DataSet fit = train.select(Arrays.copyOfRange(order, calibrationRows, order.length));
            AutoencoderModel model = Example.ANOMALY.train(fit, new Example.Settings(epochs, seed, listener));
            float[] background = meanImage(fit);
            double threshold = RocAuc.threshold(model.reconstructionErrors(calibration), rate);
            double[] errors = model.reconstructionErrors(test);
            double[] ratios = ratio(errors, test, background);
            boolean[] anomalous = new boolean[test.rows()];
            int positives = 0;
            int detected = 0;
            int alarms = 0;
            for (int r = 0; r < test.rows(); r++) {
                anomalous[r] = test.label(r) == k;
                boolean flagged = errors[r] > threshold;
                if (anomalous[r]) {
                    positives++;
                    detected += flagged ? 1 : 0;
                } else {
                    alarms += flagged ? 1 : 0;
                }
            }
            double auc = RocAuc.of(ratios, anomalous);
            double aucError = RocAuc.of(errors, anomalous);
            sum += auc;
            sumError += aucError;
            w.printf(Locale.ROOT, "%-14s %13.4f %13.4f %9.1f%% %12.1f%%%n", FashionMnist.CLASSES[k], aucError, auc,
                    100.0 * detected / positives, 100.0 * alarms / (test.rows() - positives));
            perClass.put(FashionMnist.CLASSES[k], new JsonLine().put("auc_error", aucError).put("auc_ratio", auc)
                    .put("detected", (double) detected / positives).put("false_alarms", (double) alarms / (test.rows() - positives)));
            if (picture == null) {
                picture = extremes(test, errors, k);
            }
        }
        w.printf(Locale.ROOT, "%-14s %13.4f %13.4f%n", "mean", sumError / classes.length, sum / classes.length);
        if (json) {
            spec.commandLine().getOut().println(result.put("classes", perClass)
                    .put("mean_auc_error", sumError / classes.length).put("mean_auc_ratio", sum / classes.length));
        }
        w.printf("%npicture: %s (top: the 12 highest-scoring test images, bottom: the 12 lowest; held out: %s)%n",
                picture, FashionMnist.CLASSES[classes[0]]);
        return 0;
    }

    /** The per-pixel mean of {@code data}, kept away from 0 and 1 so its cross-entropy stays finite. */
    private static float[] meanImage(DataSet data) {
        float[] mean = new float[data.cols()];
        float[] x = data.toArray();
        for (int i = 0; i < x.length; i++) {
            mean[i % data.cols()] += x[i];
        }
        for (int j = 0; j < mean.length; j++) {
            mean[j] = Math.min(Math.max(mean[j] / data.rows(), 1e-3f), 1 - 1e-3f);
        }
        return mean;
    }

    /** Each row's reconstruction error minus its cross-entropy under the mean image. */
    private static double[] ratio(double[] errors, DataSet data, float[] background) {
        double[] out = new double[errors.length];
        float[] x = data.toArray();
        int cols = data.cols();
        for (int r = 0; r < errors.length; r++) {
            double ce = 0;
            for (int j = 0; j < cols; j++) {
                float v = x[r * cols + j];
                ce -= v * Math.log(background[j]) + (1 - v) * Math.log(1 - background[j]);
            }
            out[r] = errors[r] - ce;
        }
        return out;
    }

    private static int[] rowsWhere(DataSet d, int label, boolean equal) {
        return IntStream.range(0, d.rows()).filter(r -> (d.label(r) == label) == equal).toArray();
    }

    private Path extremes(DataSet test, double[] scores, int k) throws java.io.IOException {
        int[] order = IntStream.range(0, scores.length).boxed()
                .sorted(Comparator.comparingDouble(r -> -scores[r])).mapToInt(Integer::intValue).toArray();
        int[] high = Arrays.copyOfRange(order, 0, 12);
        int[] low = new int[12];
        for (int i = 0; i < 12; i++) {
            low[i] = order[order.length - 1 - i];
        }
        Files.createDirectories(out);
        Path file = out.resolve("detect-" + FashionMnist.CLASSES[k].toLowerCase(Locale.ROOT).replaceAll("[^a-z]+", "-") + ".png");
        ImageGrid.of(28, 28).row(test.select(high)).row(test.select(low)).write(file);
        return file;
    }
}
