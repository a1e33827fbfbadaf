package org.aestack.examples.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import org.aestack.runtime.data.DataSet;
import org.aestack.runtime.data.FashionMnist;
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
        description = {"Anomaly detection on Fashion-MNIST: for each held-out class, trains the plain 784-500 autoencoder",
                "on the other nine, scores the test images by reconstruction error, and prints the ROC AUC of finding",
                "the held-out class, and the detection rate at a threshold calibrated on held-out normal images."})
final class DetectCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    DataOptions data;

    @Option(names = "--classes", split = ",", paramLabel = "K", description = "Held-out classes, 0-9 (default: all ten).")
    int[] classes;

    @Option(names = "--epochs", defaultValue = "3", description = "Training epochs per held-out class (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--rate", defaultValue = "0.05",
            description = "False-positive rate the threshold is calibrated for, on held-out normal images (default: ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "aestack-out", description = "Where the picture goes.")
    Path out;

    @Option(names = "--seed", defaultValue = "42") long seed;

    @Option(names = "--quiet", description = "No progress bar.")
    boolean quiet;

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
        PrintWriter w = spec.commandLine().getOut();
        w.printf(Locale.ROOT, "data: %s; %d epochs per class; threshold for %.0f%% false positives on held-out normal images%n%n",
                source.description(), epochs, 100 * rate);
        w.printf(Locale.ROOT, "%-14s %9s %14s %13s%n", "held-out class", "ROC AUC", "detected", "false alarms");
        double sum = 0;
        Path picture = null;
        TrainingListener listener = quiet ? Progress.silent() : Progress.console();
        for (int k : classes) {
            int[] normal = rowsWhere(train, k, false);
            int[] order = normal.clone();
            new Rng(seed).shuffle(order);
            int calibrationRows = order.length / 10;
            DataSet calibration = train.select(Arrays.copyOfRange(order, 0, calibrationRows));
            DataSet fit = train.select(Arrays.copyOfRange(order, calibrationRows, order.length));
            Example.Model model = Example.PLAIN.train(fit, new Example.Settings(epochs, seed, listener));
            double threshold = RocAuc.threshold(model.reconstructionErrors().apply(calibration), rate);
            double[] scores = model.reconstructionErrors().apply(test);
            boolean[] anomalous = new boolean[test.rows()];
            int positives = 0;
            int detected = 0;
            int alarms = 0;
            for (int r = 0; r < test.rows(); r++) {
                anomalous[r] = test.label(r) == k;
                boolean flagged = scores[r] > threshold;
                if (anomalous[r]) {
                    positives++;
                    detected += flagged ? 1 : 0;
                } else {
                    alarms += flagged ? 1 : 0;
                }
            }
            double auc = RocAuc.of(scores, anomalous);
            sum += auc;
            w.printf(Locale.ROOT, "%-14s %9.4f %13.1f%% %12.1f%%%n", FashionMnist.CLASSES[k], auc,
                    100.0 * detected / positives, 100.0 * alarms / (test.rows() - positives));
            if (picture == null) {
                picture = extremes(test, scores, k);
            }
        }
        w.printf(Locale.ROOT, "%-14s %9.4f%n", "mean", sum / classes.length);
        w.printf("%npicture: %s (top: the 12 highest-scoring test images, bottom: the 12 lowest; held out: %s)%n",
                picture, FashionMnist.CLASSES[classes[0]]);
        return 0;
    }

    private static int[] rowsWhere(DataSet d, int label, boolean equal) {
        return IntStream.range(0, d.rows()).filter(r -> (d.label(r) == label) == equal).toArray();
    }

    private Path extremes(DataSet test, double[] scores, int k) throws java.io.IOException {
        Integer[] order = IntStream.range(0, scores.length).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingDouble(r -> -scores[r]));
        List<float[]> high = new ArrayList<>();
        List<float[]> low = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            high.add(test.row(order[i]));
            low.add(test.row(order[order.length - 1 - i]));
        }
        Files.createDirectories(out);
        Path file = out.resolve("detect-" + FashionMnist.CLASSES[k].toLowerCase(Locale.ROOT).replaceAll("[^a-z]+", "-") + ".png");
        ImageGrid.of(28, 28).row(high).row(low).write(file);
        return file;
    }
}
