package org.aestack.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The command line as a user meets it: output, pictures, and exit codes that mean something. */
class CliTest {
    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
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

    /** A belief net's likelihoods from both sides, under the threshold convention, as one JSON line. */
    @Test
    void theBeliefNetIsEvaluatedFromBothSides() throws Exception {
        String outDir = dir.toString();
        assertEquals(0, run("train", "dbn", "--subset", "--pretrain-epochs", "1", "--quiet", "--out", outDir), err.toString());
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
        assertTrue(err.toString().contains("unknown workload 'W9'; choose gemm, W1, W2 or W3"), err.toString());
    }

    @Test
    void gemmBenchPrintsOneJsonLine() {
        assertEquals(0, run("bench", "gemm", "--m", "33", "--n", "65", "--k", "17"));
        String line = out.toString().strip();
        assertTrue(line.matches("\\{\"workload\":\"gemm\",\"impl\":\"aestack\",\"m\":33,\"n\":65,\"k\":17,\"gflops\":[0-9.]+,.*\\}"), line);
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
