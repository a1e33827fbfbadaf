package org.aestack.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.aestack.runtime.data.DataSet;
import org.aestack.runtime.data.FashionMnist;
import org.aestack.runtime.io.ModelFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The command line as a user meets it: output, pictures, and exit codes that mean something. */
class CliTest {
    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    /** A number as the commands print it (JSON's %.6g included); NaN and the infinities too, so that they fail as such. */
    private static final String NUMBER = "(-?[0-9.]+(?:e[-+]?[0-9]+)?|NaN|-?Infinity|null)";

    /**
     * What guessing scores on the bundled subset's 1,000 test images: the yardsticks of the losses
     * the commands print. Measured: test cross-entropy per image 543.43 for ½ at every pixel (784 ln
     * 2), 383.02 for the training images' mean image; 187.43 is the least any model can score (the
     * test images' own entropy: for a pixel of intensity x the cross-entropy is lowest at
     * prediction x). Squared error per image 133.90 for ½ at every pixel, 68.08 for the mean image.
     */
    private record Guessing(double leastCrossEntropy, double crossEntropyOfHalf, double crossEntropyOfMean,
            double squaredErrorOfHalf, double squaredErrorOfMean) {}

    private static Guessing guessing;

    @BeforeAll
    static void measureGuessing() throws Exception {
        DataSet train = FashionMnist.bundled().train();
        DataSet test = FashionMnist.bundled().test();
        double[] mean = new double[784];
        for (int r = 0; r < train.rows(); r++) {
            float[] x = train.row(r);
            for (int i = 0; i < 784; i++) {
                mean[i] += x[i] / (double) train.rows();
            }
        }
        double least = 0;
        double half = 0;
        double ofMean = 0;
        double squaredHalf = 0;
        double squaredMean = 0;
        for (int r = 0; r < test.rows(); r++) {
            float[] x = test.row(r);
            for (int i = 0; i < 784; i++) {
                least += crossEntropy(x[i], x[i]);
                half += crossEntropy(x[i], 0.5);
                ofMean += crossEntropy(x[i], mean[i]);
                squaredHalf += (x[i] - 0.5) * (x[i] - 0.5);
                squaredMean += (x[i] - mean[i]) * (x[i] - mean[i]);
            }
        }
        int n = test.rows();
        guessing = new Guessing(least / n, half / n, ofMean / n, squaredHalf / n, squaredMean / n);
    }

    /** The cross-entropy of predicting p for a pixel of intensity x, in nats (0 ln 0 = 0). */
    private static double crossEntropy(double x, double p) {
        return (x > 0 ? -x * Math.log(p) : 0) + (x < 1 ? -(1 - x) * Math.log(1 - p) : 0);
    }

    private int run(String... args) {
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    /** The number {@code regex}'s {@link #NUMBER} group finds in {@code text}, which must be there and finite. */
    private static double number(String text, String regex) {
        var m = Pattern.compile(regex).matcher(text);
        assertTrue(m.find(), "no /" + regex + "/ in:\n" + text);
        String found = m.group(1);
        assertFalse(found.equals("null"), regex + ": null, which JSON lines print for NaN and the infinities");
        double x = Double.parseDouble(found);
        assertTrue(Double.isFinite(x), regex + ": " + found);
        return x;
    }

    /** A trained model's test cross-entropy per image: above the least possible, below guessing ½ everywhere. */
    private static void assertLearned(String example, double loss) {
        assertTrue(loss > guessing.leastCrossEntropy(), example + ": " + loss + " is below the images' entropy "
                + guessing.leastCrossEntropy() + ", which no model can score");
        assertTrue(loss < guessing.crossEntropyOfHalf(), example + ": " + loss + " is no better than guessing ½ everywhere ("
                + guessing.crossEntropyOfHalf() + ")");
    }

    @Test
    void theDemoTrainsReportsAndDrawsOnTheBundledSubset() throws Exception {
        int code = run("demo", "--subset", "--pretrain-epochs", "1", "--epochs", "1", "--out", dir.toString());
        assertEquals(0, code, err.toString());
        String text = out.toString();
        assertTrue(text.contains("data: the Fashion-MNIST subset bundled with aestack"), text);
        assertTrue(text.contains("(6,000 train, 1,000 test images)"), text);
        var loss = java.util.regex.Pattern.compile("test cross-entropy per image: ([0-9.]+) untrained -> ([0-9.]+) trained")
                .matcher(text);
        assertTrue(loss.find(), text);
        assertTrue(Double.parseDouble(loss.group(2)) < 0.7 * Double.parseDouble(loss.group(1)), text);
        Path picture = dir.resolve("demo-reconstructions.png");
        var image = ImageIO.read(picture.toFile());
        assertEquals(2 * (28 * 2 + 2) + 2, image.getHeight(), "two rows: originals and reconstructions");
        assertEquals(20 * (28 * 2 + 2) + 2, image.getWidth(), "two images of each of the ten classes");
    }

    /**
     * spark-train on a local Spark: the bundled subset in two partitions averaged every 10 steps, the
     * model file saying so; rows from a CSV file through Spark's reader; bad input one line.
     */
    @Test
    void sparkTrainAveragesThePartitionsAndSaysHowInTheModelFile() throws Exception {
        String outDir = dir.toString();
        assertEquals(0, run("spark-train", "plain", "--subset", "--master", "local[2]", "--partitions", "2", "--epochs", "2",
                "--steps-per-round", "10", "--checkpoint", "--json", "--out", outDir), err.toString());
        String line = out.toString().strip();
        // 3,000 rows a partition, 24 batches of 128 an epoch: rounds end after batches 10, 20 and 24 of each epoch
        assertTrue(line.matches("\\{\"command\":\"spark-train\",\"example\":\"plain\",\"master\":\"local\\[2\\]\","
                + "\"partitions\":2,\"steps_per_round\":10,\"rounds\":6,.*\"train_rows\":6000,.*"), line);
        assertLearned("plain", number(line, "\"test_loss\":" + NUMBER));
        var provenance = Example.PLAIN.load(dir.resolve("plain.safetensors")).provenance();
        assertEquals("2", provenance.get("train.spark.partitions"));
        assertEquals("10", provenance.get("train.spark.stepsPerRound"));
        assertEquals("6", provenance.get("train.spark.rounds"));
        assertTrue(Files.exists(dir.resolve("plain.spark.checkpoint")));

        Path csv = dir.resolve("rows.csv");
        DataSet rows = FashionMnist.bundled().test().head(300);
        StringBuilder text = new StringBuilder("label");
        for (int c = 0; c < 784; c++) {
            text.append(",p").append(c);
        }
        for (int r = 0; r < rows.rows(); r++) {
            text.append('\n').append(rows.label(r));
            for (float v : rows.row(r)) {
                text.append(',').append(v);
            }
        }
        Files.writeString(csv, text.append('\n'));
        out.getBuffer().setLength(0);
        assertEquals(0, run("spark-train", "plain", "--csv", csv.toString(), "--skip", "label", "--master", "local[2]",
                "--epochs", "1", "--out", dir.resolve("csv").toString()), err.toString());
        assertTrue(out.toString().contains("data: CSV " + csv + " (300 rows in "), out.toString());
        assertTrue(out.toString().contains("round 1 (fine-tune, epoch 1): loss "), out.toString());

        assertEquals(2, run("spark-train", "plain", "--csv", csv.toString(), "--master", "local[2]", "--out", outDir));
        assertTrue(err.toString().contains("the frame has 785 numeric columns (skipped: []), expected 784"), err.toString());
        Path shortRow = dir.resolve("short.csv");
        Files.writeString(shortRow, text.substring(0, text.lastIndexOf(",")) + "\n"); // the last row one value short
        assertEquals(2, run("spark-train", "plain", "--csv", shortRow.toString(), "--skip", "label", "--master", "local[2]",
                "--out", outDir));
        // one line: the column, the row's first pixels (zeros at the corner of that image), why
        assertTrue(err.toString().contains("aestack: column 'p783' is null in the row [0.0,0.0,0.0,0.0,0.0,0.0,…] (a value"
                + " missing, or not a number)" + System.lineSeparator()), err.toString());
        assertEquals(2, run("spark-train", "dbm", "--csv", csv.toString(), "--master", "local[2]", "--out", outDir));
        assertTrue(err.toString().contains("dbm trains on binarized images: give them with --data"), err.toString());
    }

    /** train, eval, sample and few-labels on the deep Boltzmann machine, briefly, on the bundled subset. */
    @Test
    void theDeepBoltzmannMachineTrainsEvaluatesSamplesAndClassifies() throws Exception {
        String outDir = dir.toString();
        assertEquals(2, run("eval", "dbm", "--subset", "--out", outDir));
        assertTrue(err.toString().contains("run ./aestack train dbm first"), err.toString());
        assertEquals(0, run("train", "dbm", "--subset", "--epochs", "1", "--pretrain-epochs", "1", "--ais-temperatures", "50",
                "--json", "--out", outDir), err.toString());
        String train = out.toString().strip();
        assertTrue(train.matches("\\{\"command\":\"train\",\"example\":\"dbm\",.*\"data\":\"the Fashion-MNIST subset bundled.*"
                + "\"binarize\":\"stochastic\",\"log_z\":[0-9.]+,\"log_z_exact\":0,\"log_z_low\":(null|[0-9.]+),"
                + "\"log_z_high\":[0-9.]+,\"log_z_spread\":[0-9.]+,.*\"ais_runs\":100,\"ais_temperatures\":50,"
                + "\"test_log_likelihood_bound\":-?[0-9.]+,.*\"converged\":[01],\"warnings\":\".*\"\\}"), train);
        out.getBuffer().setLength(0);
        assertEquals(0, run("eval", "dbm", "--subset", "--ais-runs", "20", "--ais-temperatures", "50", "--reverse-rows", "5",
                "--out", outDir), err.toString());
        String eval = out.toString();
        assertTrue(eval.contains("binarized: stochastic (each pixel on with probability its intensity"), eval);
        assertTrue(eval.contains("by AIS from the training images' base rates, 20 runs x 50 temperatures"), eval);
        assertTrue(eval.contains("with half the temperatures (25): "), eval);
        var reverse = java.util.regex.Pattern.compile("on the first 5 test images: (-?[0-9.]+) nats forward, (-?[0-9.]+) by reverse"
                + " annealing \\(RAISE, errs low\\); gap (-?[0-9.]+) nats").matcher(eval);
        assertTrue(reverse.find(), eval);
        assertEquals(Double.parseDouble(reverse.group(1)) - Double.parseDouble(reverse.group(2)), Double.parseDouble(reverse.group(3)),
                0.011, eval);
        // Fifty temperatures are too few: whatever the runs did, the verdict is printed, in words, and matches the spread.
        var spread = java.util.regex.Pattern.compile("spread of the runs' log weights ([0-9.]+) nats").matcher(eval);
        assertTrue(spread.find(), eval);
        assertEquals(Double.parseDouble(spread.group(1)) > 1, eval.contains("WARNING: the AIS runs disagree"), eval);
        assertTrue(eval.contains("WARNING: ") != eval.contains("converged: the runs agree"), eval);
        var samples = ImageIO.read(dir.resolve("dbm-samples.png").toFile());
        assertEquals(8 * (28 * 2 + 2) + 2, samples.getHeight(), "eight rows of samples");
        assertEquals(0, run("sample", "dbm", "--chains", "3", "--steps", "10", "--out", outDir), err.toString());
        assertTrue(out.toString().contains("dbm-chains.png (3 chains, one a row, after 1 to 10 Gibbs sweeps of every layer"),
                out.toString());
        out.getBuffer().setLength(0);
        assertEquals(0, run("few-labels", "--model", "dbm", "--subset", "--labels", "100", "--repeats", "1", "--epochs", "2",
                "--quiet", "--out", outDir), err.toString());
        assertTrue(out.toString().matches("(?s).*DBM-initialized +random initialization.*\\n +100 +[0-9.]+% ± 0.00 +[0-9.]+% ± 0.00.*"),
                out.toString());
    }

    /**
     * A belief net trained briefly (one epoch an RBM), its samples drawn, and its likelihoods from both
     * sides, under the threshold convention, as one JSON line.
     */
    @Test
    void theBeliefNetTrainsSamplesAndIsEvaluatedFromBothSides() throws Exception {
        String outDir = dir.toString();
        assertEquals(0, run("train", "dbn", "--subset", "--pretrain-epochs", "1", "--quiet", "--out", outDir), err.toString());
        // Measured: 423.00 nats, against 543.43 for guessing ½ everywhere and at least 187.43 for any model.
        assertLearned("dbn", number(out.toString(), "test cross-entropy per image " + NUMBER));
        assertEquals("784-500-1000", ModelFile.read(dir.resolve("dbn.safetensors")).metadata().get("aestack.layers"));
        out.getBuffer().setLength(0);
        assertEquals(0, run("sample", "dbn", "--chains", "3", "--steps", "10", "--out", outDir), err.toString());
        assertTrue(out.toString().contains("dbn-chains.png (3 chains, one a row, after 1 to 10 Gibbs sweeps in the top RBM"),
                out.toString());
        var chains = ImageIO.read(dir.resolve("dbn-chains.png").toFile());
        assertEquals(3 * (28 * 2 + 2) + 2, chains.getHeight(), "one row per chain");
        assertEquals(4 * (28 * 2 + 2) + 2, chains.getWidth(), "a column each after 1, 2, 5 and 10 sweeps");
        out.getBuffer().setLength(0);
        assertEquals(0, run("eval", "dbn", "--subset", "--binarize", "threshold", "--ais-runs", "20", "--ais-temperatures", "100",
                "--reverse-rows", "10", "--json", "--out", outDir), err.toString());
        String eval = out.toString().strip();
        assertTrue(eval.matches("\\{\"model\":\"dbn\",\"data\":\"the Fashion-MNIST subset bundled.*\"binarize\":\"threshold\","
                + "\"log_z\":[0-9.]+,\"log_z_exact\":0,.*\"ais_temperatures\":100,\"log_z_half_temperatures\":[0-9.]+,"
                + "\"test_log_likelihood_bound\":-[0-9.]+,\"test_images\":[0-9]+,\"reverse_rows\":10,"
                + "\"forward_on_reverse_rows\":-[0-9.]+,\"test_log_likelihood_reverse\":-[0-9.]+,\"forward_reverse_gap\":-?[0-9.]+,"
                + "\"converged\":[01],.*"), eval);
        assertEquals(2, run("eval", "dbn", "--subset", "--binarize", "sometimes", "--out", outDir));
        assertTrue(err.toString().contains("--binarize"), err.toString());
    }

    /**
     * The RBM-pretrained deep autoencoder trained briefly, then the few-labels experiment with the
     * default model, rbm, which loads the saved DIR/rbm.safetensors rather than pretraining again.
     */
    @Test
    void theRbmPretrainedAutoencoderTrainsAndItsEncoderLearnsFromFewLabels() throws Exception {
        String outDir = dir.toString();
        assertEquals(0, run("train", "rbm", "--subset", "--epochs", "1", "--pretrain-epochs", "1", "--json", "--out", outDir),
                err.toString());
        String train = out.toString().strip();
        assertTrue(train.matches("\\{\"command\":\"train\",\"example\":\"rbm\",.*\"train_rows\":6000,.*\\}"), train);
        // Measured: 427.69 nats after one epoch a layer and one of fine-tuning (543.43 guessing ½, 187.43 the least).
        assertLearned("rbm", number(train, "\"test_loss\":" + NUMBER));
        assertEquals("784-1000-500-250-30", ModelFile.read(dir.resolve("rbm.safetensors")).metadata().get("aestack.layers"));

        out.getBuffer().setLength(0);
        assertEquals(0, run("few-labels", "--subset", "--labels", "100", "--repeats", "1", "--epochs", "20", "--quiet",
                "--out", outDir), err.toString());
        String text = out.toString();
        assertTrue(text.contains("pretrained encoder: " + dir.resolve("rbm.safetensors")), text);
        assertFalse(text.contains("pretraining on"), text);
        assertTrue(text.contains("pretrained encoder     from scratch"), text);
        // Twenty epochs on 100 labels (four batches each): measured 34.70% with the pretrained encoder and
        // 39.20% from scratch; chance is 10%, and after one epoch both were there (10.10%, 10.00%). The line
        // is drawn at twice chance, well below both.
        double pretrained = number(text, "\\n +100 +" + NUMBER + "% ± 0\\.00 ");
        double scratch = number(text, "\\n +100 +[0-9.]+% ± 0\\.00 +" + NUMBER + "% ± 0\\.00");
        for (double accuracy : new double[] {pretrained, scratch}) {
            assertTrue(accuracy > 20 && accuracy <= 100, "test accuracy " + accuracy + "% in:\n" + text);
        }
    }

    /**
     * Hinton and Salakhutdinov's comparison, briefly (one epoch a layer, one of fine-tuning) and only
     * with the 30-number code: a line for each of the three, each error a plausible figure.
     */
    @Test
    void compareTabulatesThePretrainedNetworkTheRandomlyStartedOneAndPca() {
        assertEquals(0, run("compare", "--subset", "--epochs", "1", "--pretrain-epochs", "1", "--skip-2d", "--quiet",
                "--out", dir.toString()), err.toString());
        String text = out.toString();
        assertTrue(text.contains("(6,000 train, 1,000 test images)"), text);
        assertTrue(text.contains("test squared reconstruction error per image (sum over 784 pixels in [0, 1]):"), text);
        double pretrained = number(text, "\\(a\\) RBM-pretrained \\+ fine-tuned 784-1000-500-250-30 +" + NUMBER + " +\\(\\d+ s\\)");
        double random = number(text, "\\(b\\) same network from random initialization +" + NUMBER + " +\\(\\d+ s\\)");
        double pca = number(text, "\\(c\\) PCA, 30 components +" + NUMBER);
        // Measured: 82.69 and 67.97 for the two networks, against 133.90 for guessing ½ at every pixel
        // (about where an untrained network starts); 12.49 for PCA, whose 30 components take 82% off the
        // 68.08 of the mean image (PCA with none), where the line asks for half. One epoch is far too few
        // for the networks to catch up with PCA, so the test does not rank them.
        assertTrue(pretrained > 0 && pretrained < guessing.squaredErrorOfHalf(), "pretrained: " + pretrained);
        assertTrue(random > 0 && random < guessing.squaredErrorOfHalf(), "from random initialization: " + random);
        assertTrue(pca > 0 && pca < 0.5 * guessing.squaredErrorOfMean(), "PCA: " + pca);
        assertFalse(text.contains("with a 2-number code"), "--skip-2d: " + text);
        assertFalse(Files.exists(dir.resolve("compare-rbm2-codes.png")));
    }

    /**
     * The other models the CLI trains, each for one epoch (one a layer for the stack): each saves its
     * layers and beats guessing; the two one-layer autoencoders, which one epoch suits, beat the
     * training images' mean image too.
     */
    @Test
    void theTwoNumberCodeAndTheRegularizedAutoencodersTrain() throws Exception {
        // Measured test cross-entropy per image: rbm2 467.28, sparse 337.27, contractive 302.26; guessing ½
        // everywhere 543.43, the mean image 383.02, the least possible 187.43.
        String[][] examples = {{"rbm2", "784-1000-500-250-2"}, {"sparse", "784-1000"}, {"contractive", "784-500"}};
        for (String[] example : examples) {
            String name = example[0];
            out.getBuffer().setLength(0);
            // --pretrain-epochs applies to the models that pretrain (rbm2), the others have no such phase.
            assertEquals(0, run("train", name, "--subset", "--epochs", "1", "--pretrain-epochs", "1", "--json",
                    "--out", dir.toString()), err.toString());
            String line = out.toString().strip();
            assertTrue(line.matches("\\{\"command\":\"train\",\"example\":\"" + name + "\",.*\"train_rows\":6000,.*\\}"), line);
            double loss = number(line, "\"test_loss\":" + NUMBER);
            assertLearned(name, loss);
            if (!name.equals("rbm2")) {
                assertTrue(loss < guessing.crossEntropyOfMean(), name + ": " + loss + " vs the mean image's "
                        + guessing.crossEntropyOfMean());
            }
            assertEquals(example[1], ModelFile.read(dir.resolve(name + ".safetensors")).metadata().get("aestack.layers"), name);
        }
    }

    @Test
    void aMissingDataDirectoryIsAOneLineErrorWithExitCode2() {
        Path missing = dir.resolve("nothing-here");
        assertEquals(2, run("demo", "--data", missing.toString()));
        assertEquals("aestack: no Fashion-MNIST in " + missing + ": expected train-images-idx3-ubyte(.gz)"
                + " (apt-get install dataset-fashion-mnist, or --data DIR)", err.toString().strip());
    }

    @Test
    void aCorruptDataFileIsNamed() throws Exception {
        Files.write(dir.resolve("train-images-idx3-ubyte"), new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
        Files.write(dir.resolve("train-labels-idx1-ubyte"), new byte[] {0, 0, 8, 1, 0, 0, 0, 0});
        assertEquals(2, run("demo", "--data", dir.toString()));
        assertTrue(err.toString().contains("is not an IDX file: its magic number is 0x01020304"), err.toString());
    }

    @Test
    void unknownWorkloadsAreRefused() {
        assertEquals(2, run("bench", "W9"));
        assertTrue(err.toString().contains("unknown workload 'W9'; choose all, peak, memory, gemm, W1, W2, W3 or W4"), err.toString());
        assertEquals(2, run("bench", "gemm", "--form", "tt"));
        assertTrue(err.toString().contains("--form must be nn, nt or tn, not 'tt'"), err.toString());
        assertEquals(2, run("bench", "gemm", "--breakdown"));
        assertTrue(err.toString().contains("--breakdown times a training workload, W1 to W4, not 'gemm'"), err.toString());
        assertEquals(null, System.getProperty(org.aestack.runtime.kernel.OpTimes.PROPERTY), "refused before timing anything");
    }

    @Test
    void aJdkOlderThanTheMeasuredOneIsNamedWithItsCost() {
        assertEquals(null, Main.jdkNotice(Runtime.Version.parse("25.0.3+9-LTS")));
        String notice = Main.jdkNotice(Runtime.Version.parse("17.0.15+6"));
        assertTrue(notice.startsWith("aestack: running on JDK 17.0.15+6.") && notice.contains("of JDK 25's speed"), notice);
        String other = Main.jdkNotice(Runtime.Version.parse("21.0.5+11"));
        assertTrue(other.startsWith("aestack: running on JDK 21.0.5+11.") && other.contains("not on this one"), other);
    }

    @Test
    void peakBenchPrintsOneJsonLine() {
        assertEquals(0, run("bench", "peak", "--threads", "1"));
        String line = out.toString().strip();
        assertTrue(line.matches("\\{\"workload\":\"peak\",\"impl\":\"aestack-java-fma\",\"threads\":1,"
                + "\"gflops\":[0-9]+\\.[0-9],\"lanes\":[0-9]+,\"jdk\":\"[^\"]+\"\\}"), line);
        double gflops = Double.parseDouble(line.replaceAll(".*\"gflops\":([0-9.]+).*", "$1"));
        assertTrue(gflops > 0, line);
    }

    @Test
    void memoryBenchPrintsOneJsonLine() {
        assertEquals(0, run("bench", "memory"));
        String line = out.toString().strip();
        assertTrue(line.matches("\\{\"workload\":\"memory\",\"impl\":\"aestack-java-copy\",\"threads\":1,"
                + "\"dram_copy_gbs\":[0-9]+\\.[0-9],\"l3_copy_gbs\":[0-9]+\\.[0-9],\"l2_copy_gbs\":[0-9]+\\.[0-9],"
                + "\"jdk\":\"[^\"]+\"\\}"), line);
        for (String field : new String[] {"dram", "l3", "l2"}) {
            double gbs = Double.parseDouble(line.replaceAll(".*\"" + field + "_copy_gbs\":([0-9.]+).*", "$1"));
            assertTrue(gbs > 0, field + " in " + line);
        }
    }

    @Test
    void theMemoryProbeCopiesWhatItTimesAndCountsBothWays() {
        float[] src = new float[1000];
        for (int i = 0; i < src.length; i++) {
            src[i] = i * 0.5f;
        }
        float[] dst = MemoryProbe.copies(src, new float[src.length], 3);
        assertTrue(java.util.Arrays.equals(src, dst));
        assertEquals(0, MemoryProbe.copies(src, new float[src.length], 0)[999]); // no round, no copy
        // 1,000 floats read and written 3 times in 24 µs: 24,000 bytes in 24,000 ns, 1 GB/s.
        assertEquals(1.0, MemoryProbe.gigabytesPerSecond(1000, 3, 24_000), 1e-12);
        assertEquals(4L * MemoryProbe.L3, 4L << 20);
        assertEquals(4L * MemoryProbe.L2, 256L << 10);
        assertEquals(4L * MemoryProbe.DRAM, 128L << 20);
    }

    @Test
    void theFmaChainsRunTheRoundsTheyCount() {
        float a = 0.999f;
        float b = 1e-3f;
        int rounds = 300;
        double expected = 0;
        for (int chain = 0; chain < FmaPeak.CHAINS; chain++) {
            float c = chain == 0 ? 0f : chain == 10 ? 1f : chain * .1f;
            for (int r = 0; r < rounds; r++) {
                c = Math.fma(c, a, b);
            }
            expected += c;
        }
        expected *= FmaPeak.SPECIES.length();
        assertEquals(expected, FmaPeak.chains(rounds, a, b), 1e-5 * expected);
        assertTrue(Math.abs(FmaPeak.chains(rounds - 1, a, b) - expected) > 1e-5 * expected, "a round fewer is told apart");
        assertEquals(2.0 * FmaPeak.SPECIES.length() * FmaPeak.CHAINS * rounds, FmaPeak.flops(rounds));
    }

    @Test
    void benchWindowIsOnTheJvmsUptimeClock() throws Exception {
        // window_ms is read against -XX:+PrintCompilation's times, which count from the JVM's start.
        long before = java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime();
        BenchCommand.Window window = new BenchCommand.Window();
        Thread.sleep(30);
        window.close();
        long after = java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime();
        assertTrue(before <= window.fromMillis && window.toMillis <= after,
                before + " <= " + window.fromMillis + ", " + window.toMillis + " <= " + after);
        assertTrue(window.toMillis - window.fromMillis >= 25, window.fromMillis + " to " + window.toMillis);
    }

    @Test
    void benchWindowCountsTheProcessesCpuTimeNotTheClocks() throws Exception {
        // cpu_ms against the window's length says how many cores the JVM kept busy: it must be CPU time.
        // Linux counts a process's CPU time in clock ticks (10 ms; cpu_ms reads 2000, 2090, ...), the
        // thread's to the nanosecond, so the window may read up to a tick short at each end.
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        BenchCommand.Window busy = new BenchCommand.Window();
        long start = threads.getCurrentThreadCpuTime();
        long spins = 0;
        while (threads.getCurrentThreadCpuTime() - start < 200_000_000L) {
            spins++;
        }
        busy.close();
        assertTrue(busy.cpuMillis >= 180, busy.cpuMillis + " ms of CPU in a window with 200 ms of this thread's (" + spins + " spins)");

        BenchCommand.Window idle = new BenchCommand.Window();
        Thread.sleep(300);
        idle.close();
        assertTrue(idle.toMillis - idle.fromMillis >= 295, idle.fromMillis + " to " + idle.toMillis);
        assertTrue(idle.cpuMillis >= 0 && idle.cpuMillis < 200, idle.cpuMillis + " ms of CPU in a window of 300 ms asleep");
    }

    @Test
    void gemmBenchPrintsOneJsonLine() {
        assertEquals(0, run("bench", "gemm", "--m", "33", "--n", "65", "--k", "17"));
        String line = out.toString().strip();
        assertTrue(line.matches("\\{\"workload\":\"gemm\",\"impl\":\"aestack\",\"form\":\"nn\",\"m\":33,\"n\":65,\"k\":17,"
                + "\"gflops\":[0-9.]+,\"alloc_mb\":[0-9]+\\.[0-9],\"jit_ms\":[0-9]+,\"cpu_ms\":[0-9]+,.*"
                + "\"gemm\":\"[0-9]+x2v kc[0-9]+ nc[0-9]+ packedB[0-9]+k\".*\\}"), line);
        out.getBuffer().setLength(0);
        assertEquals(0, run("bench", "gemm", "--form", "TN", "--m", "40", "--n", "9", "--k", "70"));
        line = out.toString().strip();
        assertTrue(line.startsWith("{\"workload\":\"gemm\",\"impl\":\"aestack\",\"form\":\"tn\",\"m\":40,\"n\":9,\"k\":70,"), line);
    }

    @Test
    void trainEvalAndSampleWorkTogether() throws Exception {
        String out = dir.toString();
        assertEquals(0, run("train", "denoising", "--subset", "--epochs", "1", "--out", out), err.toString());
        assertTrue(Files.exists(dir.resolve("denoising.safetensors")));
        assertEquals(0, run("eval", "denoising", "--subset", "--out", out), err.toString());
        String text = this.out.toString();
        assertTrue(text.contains("(train plain to compare with them too)"), text);
        assertTrue(text.contains("restoring masking noise p=0.5: PSNR of the noisy images"), text);
        assertTrue(Files.exists(dir.resolve("denoising-filters.png")));
        assertTrue(Files.exists(dir.resolve("denoising-restoration.png")));
        this.out.getBuffer().setLength(0);
        assertEquals(0, run("eval", "denoising", "--subset", "--out", out, "--json"), err.toString());
        String json = this.out.toString().strip();
        assertTrue(json.startsWith("{\"command\":\"eval\",\"example\":\"denoising\",\"test_images\":1000,\"denoising\":{"), json);
        assertTrue(json.contains("\"test_cross_entropy_per_image\":"), json);
        assertTrue(json.contains("\"psnr_of_the_restored_images_db_masking_noise_p_0_5\":"), json);
        assertEquals(1, json.lines().count());
        assertEquals(0, run("sample", "denoising", "--steps", "4", "--chains", "2", "--out", out), err.toString());
        var samples = ImageIO.read(dir.resolve("denoising-samples.png").toFile());
        assertEquals(2 * (28 * 2 + 2) + 2, samples.getHeight(), "one row per chain");
    }

    /**
     * The convolutional inpainter and its dense counterpart, one epoch each on the bundled subset:
     * train, eval beside each other with the blanked region scored, restore with the noise the model was
     * trained on by default and with another on request.
     */
    @Test
    void theConvolutionalInpainterTrainsRestoresAndIsComparedWithTheDenseOne() throws Exception {
        String outDir = dir.toString();
        assertEquals(0, run("train", "inpaint", "--subset", "--epochs", "1", "--json", "--out", outDir), err.toString());
        String train = out.toString().strip();
        assertTrue(train.matches("\\{\"command\":\"train\",\"example\":\"inpaint\",.*\"train_rows\":6000,.*\\}"), train);
        assertLearned("inpaint", number(train, "\"test_loss\":" + NUMBER));
        out.getBuffer().setLength(0);
        assertEquals(0, run("eval", "inpaint", "--subset", "--out", outDir), err.toString());
        assertTrue(out.toString().contains("(train denseinpaint to compare with it too)"), out.toString());
        assertEquals(0, run("train", "denseinpaint", "--subset", "--epochs", "1", "--quiet", "--out", outDir), err.toString());
        out.getBuffer().setLength(0);
        assertEquals(0, run("eval", "inpaint", "--subset", "--json", "--out", outDir), err.toString());
        String json = out.toString().strip();
        assertTrue(json.startsWith("{\"command\":\"eval\",\"example\":\"inpaint\",\"test_images\":1000,"), json);
        double blank = number(json, "\"inpaint\":\\{.*?\"squared_error_per_blanked_pixel_blank\":" + NUMBER);
        double filled = number(json, "\"inpaint\":\\{.*?\"squared_error_per_blanked_pixel_restored\":" + NUMBER);
        assertTrue(filled < blank / 2, json);
        assertTrue(json.contains("\"denseinpaint\":{"), json);
        assertTrue(json.contains("\"ssim_of_the_restored_images\":"), json);
        assertTrue(ImageIO.read(dir.resolve("inpaint-restoration.png").toFile()).getHeight() > 4 * 28, "four rows");
        out.getBuffer().setLength(0);
        assertEquals(0, run("restore", "inpaint", "--subset", "--json", "--out", outDir), err.toString());
        String restored = out.toString().strip();
        assertTrue(restored.contains("\"noise\":\"2 blanked 8x8 block(s) per image (p=0.15)\""), restored);
        assertTrue(number(restored, "\"ssim_restored\":" + NUMBER) > 0, restored);
        out.getBuffer().setLength(0);
        assertEquals(0, run("restore", "inpaint", "--subset", "--noise", "MASKING", "--p", "0.3", "--out", outDir), err.toString());
        assertTrue(out.toString().contains("masking noise p=0.3 on 1,000 test images"), out.toString());
    }

    /**
     * The colorizer on the bundled CIFAR-10 subset, one epoch: train, eval against the grey images,
     * colorize the test photos and a user's PNG; a PNG of the wrong size, a file that is no image and a
     * cut-short CIFAR-10 batch are each one line naming the file, with exit code 2.
     */
    @Test
    void theColorizerTrainsIsScoredAgainstGreyAndColorizesFiles() throws Exception {
        String outDir = dir.toString();
        assertEquals(0, run("train", "colorize", "--subset", "--epochs", "1", "--json", "--out", outDir), err.toString());
        String train = out.toString().strip();
        assertTrue(train.matches("\\{\"command\":\"train\",\"example\":\"colorize\",.*\"train_rows\":1000,.*\\}"), train);
        out.getBuffer().setLength(0);
        assertEquals(0, run("eval", "colorize", "--subset", "--json", "--out", outDir), err.toString());
        String json = out.toString().strip();
        assertTrue(json.startsWith("{\"command\":\"eval\",\"example\":\"colorize\",\"test_images\":200,"), json);
        double grey = number(json, "\"grey\":\\{\"psnr_of_set_db\":[0-9.]+,\"psnr_db\":" + NUMBER);
        double colour = number(json, "\"colorize\":\\{\"psnr_of_set_db\":[0-9.]+,\"psnr_db\":" + NUMBER);
        // the luminance passes through, so even a barely trained colorizer is near the grey image
        assertTrue(colour > grey - 6 && grey > 20, json);
        var picture = ImageIO.read(dir.resolve("colorize-colorized.png").toFile());
        assertEquals(3, picture.getColorModel().getNumColorComponents(), "a colour picture");
        // a user's image: a colour one, taken by its luminance
        var photo = new java.awt.image.BufferedImage(32, 32, java.awt.image.BufferedImage.TYPE_INT_RGB);
        for (int i = 0; i < 32; i++) {
            for (int j = 0; j < 32; j++) {
                photo.setRGB(j, i, (i * 8) << 16 | (j * 8) << 8 | 128);
            }
        }
        Path mine = dir.resolve("mine.png");
        ImageIO.write(photo, "png", mine.toFile());
        out.getBuffer().setLength(0);
        assertEquals(0, run("colorize", mine.toString(), "--out", outDir), err.toString());
        Path written = dir.resolve("mine-colorized.png");
        assertTrue(out.toString().contains("wrote " + written), out.toString());
        assertEquals(32, ImageIO.read(written.toFile()).getWidth());
        ImageIO.write(new java.awt.image.BufferedImage(40, 30, java.awt.image.BufferedImage.TYPE_BYTE_GRAY), "png",
                dir.resolve("big.png").toFile());
        err.getBuffer().setLength(0);
        assertEquals(2, run("colorize", dir.resolve("big.png").toString(), "--out", outDir));
        assertEquals("aestack: " + dir.resolve("big.png") + " is 40x30 pixels; the colorizer takes 32x32 images",
                err.toString().strip());
        Files.writeString(dir.resolve("notes.png"), "not an image");
        err.getBuffer().setLength(0);
        assertEquals(2, run("colorize", dir.resolve("notes.png").toString(), "--out", outDir));
        assertTrue(err.toString().strip().startsWith("aestack: " + dir.resolve("notes.png") + ": not an image"), err.toString());
        assertEquals(1, err.toString().strip().lines().count());
        Path batches = dir.resolve("cifar");
        Files.createDirectories(batches);
        for (String name : new String[] {"data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin", "data_batch_4.bin",
            "data_batch_5.bin", "test_batch.bin"}) {
            Files.write(batches.resolve(name), new byte[name.equals("data_batch_3.bin") ? 3073 * 2 - 5 : 3073]);
        }
        err.getBuffer().setLength(0);
        assertEquals(2, run("train", "colorize", "--data", batches.toString(), "--out", outDir));
        assertTrue(err.toString().contains(batches.resolve("data_batch_3.bin") + " is cut short"), err.toString());
    }

    /**
     * The multimodal machine on the shared spoken and handwritten digits, briefly trained: eval's
     * JSON line and picture, images generated from the held-out speaker and from a user's WAV files,
     * sound from images; a WAV of the wrong rate, of two channels or cut short is one line naming
     * the file, exit 2.
     */
    @Test
    void theMultimodalMachineTrainsEvaluatesAndGeneratesEitherWay() throws Exception {
        String outDir = dir.toString();
        String shared = Path.of("../../shared/data").toString();
        assertEquals(0, run("train", "multimodal", "--data", shared, "--pretrain-epochs", "2", "--epochs", "1", "--json",
                "--out", outDir), err.toString());
        String train = out.toString().strip();
        assertTrue(train.matches("\\{\"command\":\"train\",\"example\":\"multimodal\",.*\"train_rows\":2500,.*\\}"), train);
        out.getBuffer().setLength(0);
        assertEquals(0, run("eval", "multimodal", "--data", shared, "--json", "--no-baselines", "--out", outDir), err.toString());
        String json = out.toString().strip();
        assertTrue(json.startsWith("{\"command\":\"eval\",\"example\":\"multimodal\","), json);
        assertEquals(500, number(json, "\"test_pairs\":" + NUMBER));
        assertEquals(0.782, number(json, "\"probe_raw_audio\":" + NUMBER), 0.02);
        for (String key : new String[] {"probe_joint_both", "probe_joint_audio", "probe_joint_image", "generated_image_accuracy",
            "audio_to_image_map"}) {
            double x = number(json, "\"" + key + "\":" + NUMBER);
            assertTrue(x >= 0 && x <= 1, key + " " + x);
        }
        var picture = ImageIO.read(dir.resolve("multimodal-from-audio.png").toFile());
        assertTrue(picture.getHeight() > picture.getWidth(), "ten digits down, a real image and six generated ones across");

        out.getBuffer().setLength(0);
        assertEquals(0, run("generate", "multimodal", "--from", "image", "--data", shared, "--out", outDir), err.toString());
        assertTrue(out.toString().contains("sound features (MFCCs) generated from 500 unseen images"), out.toString());

        Path wavs = dir.resolve("wav");
        Files.createDirectories(wavs);
        byte[] good;
        try (var zip = new java.util.zip.ZipFile("../../shared/data/spoken-digits/fsdd-recordings.zip")) {
            good = zip.getInputStream(zip.getEntry("recordings/7_theo_2.wav")).readAllBytes();
        }
        Files.write(wavs.resolve("seven.wav"), good);
        out.getBuffer().setLength(0);
        assertEquals(0, run("generate", "multimodal", "--from", "audio", wavs.resolve("seven.wav").toString(), "--data", shared,
                "--out", outDir), err.toString());
        assertTrue(out.toString().contains(wavs.resolve("seven.wav") + ": the generated image looks like a "), out.toString());
        assertTrue(Files.exists(dir.resolve("multimodal-generated.png")));

        var fast = new org.aestack.examples.multimodal.Wav(16_000, new float[4_000]);
        Files.write(wavs.resolve("fast.wav"), fast.toBytes());
        Files.write(wavs.resolve("cut.wav"), java.util.Arrays.copyOf(good, good.length / 2));
        byte[] stereo = good.clone();
        stereo[22] = 2; // channels, in the fmt chunk
        Files.write(wavs.resolve("stereo.wav"), stereo);
        for (String bad : new String[] {"fast.wav", "cut.wav", "stereo.wav"}) {
            err.getBuffer().setLength(0);
            Path file = wavs.resolve(bad);
            assertEquals(2, run("generate", "multimodal", "--from", "audio", file.toString(), "--data", shared, "--out", outDir),
                    bad);
            assertTrue(err.toString().startsWith("aestack: " + file), err.toString());
            assertEquals(1, err.toString().strip().lines().count(), err.toString());
        }
    }

    @Test
    void vizDrawsTheLatentSpaceTheTrainingAndAReport() throws Exception {
        String out = dir.toString();
        assertEquals(0, run("train", "anomaly", "--subset", "--epochs", "2", "--quiet", "--out", out), err.toString());
        Path report = dir.resolve("report");
        assertEquals(0, run("viz", "anomaly", "--subset", "--out", out, "--report", report.toString()), err.toString());
        for (String picture : new String[] {"anomaly-latent.png", "anomaly-loss.png", "anomaly-filters.png",
            "anomaly-reconstructions.png"}) {
            assertTrue(ImageIO.read(report.resolve(picture).toFile()).getWidth() > 100, picture);
        }
        String html = Files.readString(report.resolve("index.html"));
        assertTrue(html.contains("<img src=\"anomaly-latent.png\""), html);
        assertTrue(html.contains("aestack.declaration.hash"), html);
        assertTrue(html.contains("train.data"), html);
    }

    @Test
    void detectReportsAnAucPerHeldOutClass() {
        assertEquals(0, run("detect", "--subset", "--classes", "8", "--epochs", "1", "--quiet", "--out", dir.toString()),
                err.toString());
        var auc = java.util.regex.Pattern.compile("Bag\\s+([0-9.]+)\\s+([0-9.]+)").matcher(out.toString());
        assertTrue(auc.find(), out.toString());
        double error = Double.parseDouble(auc.group(1));
        assertTrue(error > 0.6, "bags are unlike the other classes: AUC " + error);
        assertTrue(Files.exists(dir.resolve("detect-bag.png")));
    }

    @Test
    void restoreAndJsonForScripts() throws Exception {
        String outDir = dir.toString();
        assertEquals(0, run("train", "gaussian", "--subset", "--epochs", "2", "--json", "--out", outDir), err.toString());
        String trainLine = out.toString().strip();
        assertTrue(trainLine.matches("\\{\"command\":\"train\",\"example\":\"gaussian\",.*\"train_rows\":6000,.*\\}"), trainLine);
        out.getBuffer().setLength(0);
        assertEquals(0, run("restore", "gaussian", "--subset", "--noise", "GAUSSIAN", "--p", "0.3", "--json", "--out", outDir),
                err.toString());
        var psnr = java.util.regex.Pattern.compile("\"psnr_noisy_db\":([0-9.]+),\"psnr_restored_db\":([0-9.]+)")
                .matcher(out.toString());
        assertTrue(psnr.find(), out.toString());
        assertTrue(Double.parseDouble(psnr.group(2)) > Double.parseDouble(psnr.group(1)) + 1, out.toString());
        assertTrue(Files.exists(dir.resolve("gaussian-restore-gaussian.png")));
        assertEquals(2, run("restore", "gaussian", "--subset", "--noise", "MASKING", "--p", "1.5", "--out", outDir));
        assertTrue(err.toString().contains("noise level 1.5 is out of range for MASKING"), err.toString());
    }

    @Test
    void csvDataIsReadAndCheckedLineByLine() throws Exception {
        Path csv = dir.resolve("images.csv");
        StringBuilder text = new StringBuilder();
        for (int r = 0; r < 40; r++) {
            text.append(r % 10);
            for (int j = 0; j < 784; j++) {
                text.append(',').append((r * 7 + j) % 255 / 255f);
            }
            text.append('\n');
        }
        Files.writeString(csv, text);
        assertEquals(0, run("train", "plain", "--data", csv.toString(), "--epochs", "1", "--quiet", "--out", dir.toString()),
                err.toString());
        assertTrue(out.toString().contains("data: CSV " + csv + " (40 train, 40 test images)"), out.toString());
        Files.writeString(csv, "0,0.5,0.25\n");
        assertEquals(2, run("train", "plain", "--data", csv.toString(), "--out", dir.toString()));
        assertTrue(err.toString().contains("has 2 values per line; the examples take 784"), err.toString());
        Files.writeString(csv, "0,0.5,oops\n");
        assertEquals(2, run("train", "plain", "--data", csv.toString(), "--out", dir.toString()));
        assertTrue(err.toString().contains("line 1, column 3: 'oops' is not a number"), err.toString());
    }

    @Test
    void aDivergingRunStopsWithExitCode3NamingThePhaseAndEpochAndKeepsTheLastCheckpoint() throws Exception {
        String outDir = dir.toString();
        assertEquals(0, run("train", "plain", "--subset", "--epochs", "1", "--quiet", "--checkpoint-every", "1",
                "--out", outDir), err.toString());
        Path checkpoint = dir.resolve("plain.checkpoint");
        byte[] good = Files.readAllBytes(checkpoint);
        assertEquals(3, run("train", "plain", "--subset", "--epochs", "2", "--quiet", "--learning-rate", "3e38",
                "--checkpoint-every", "1", "--out", outDir));
        assertTrue(err.toString().matches("(?s)aestack: fine-tune diverged in epoch 1, batch \\d+: the loss is (NaN|Infinity).*\\R"),
                err.toString());
        assertTrue(java.util.Arrays.equals(good, Files.readAllBytes(checkpoint)), "the last good checkpoint is untouched");
        assertEquals(2, run("train", "plain", "--subset", "--learning-rate", "-1", "--out", outDir));
        assertTrue(err.toString().contains("learning rate must be positive and finite, not -1.0"), err.toString());
    }

    @Test
    void evalAndSampleSayWhatIsMissing() {
        assertEquals(2, run("eval", "contractive", "--out", dir.toString()));
        assertTrue(err.toString().contains("no trained model at " + dir.resolve("contractive.safetensors")
                + "; run ./aestack train contractive first"), err.toString());
        assertEquals(2, run("train", "nonsense"));
        assertTrue(err.toString().contains("unknown example 'nonsense'; choose one of plain, sparse, denoising"), err.toString());
    }

    @Test
    void usageErrorsAndHelp() {
        assertEquals(2, run("demo", "--epochs", "many"));
        assertEquals(0, run("--help"));
        assertTrue(out.toString().contains("demo") && out.toString().contains("bench"), out.toString());
    }
}
