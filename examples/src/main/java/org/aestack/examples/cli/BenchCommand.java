package org.aestack.examples.cli;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.aestack.examples.BenchW1Model;
import org.aestack.examples.BenchW1Trainer;
import org.aestack.examples.BenchW3Model;
import org.aestack.examples.BenchW3Trainer;
import org.aestack.examples.BenchW4Model;
import org.aestack.examples.BenchW4Trainer;
import org.aestack.examples.FashionAeModel;
import org.aestack.examples.FashionAeTrainer;
import org.aestack.runtime.AutoencoderModel;
import org.aestack.runtime.data.DataSet;
import org.aestack.runtime.data.FashionMnist;
import org.aestack.runtime.kernel.Gemm;
import org.aestack.runtime.kernel.Kernels;
import org.aestack.runtime.kernel.Rng;
import org.aestack.runtime.train.AutoencoderTrainer;
import org.aestack.runtime.train.AutoencoderTrainerBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * The benchmark contract of DESIGN.md: one JSON line per run, comparable with the anchors in
 * {@code ../shared/anchors}.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Measures a workload and prints one JSON line.",
                "  gemm  C = A·B for --m --n --k, median GFLOP/s",
                "  W1    denoising autoencoder 784-500-784, masking 0.3, SGD 0.1, batch 128, on Fashion-MNIST train",
                "  W2    deep autoencoder 784-1000-500-250-30, Adam, batch 128, on Fashion-MNIST train",
                "  W3    Bernoulli RBM 784-500, CD-1, SGD 0.05, batch 100, on Fashion-MNIST train",
                "  W4    convolutional denoising autoencoder 1x28x28 -> 64x7x7 and back, masking 0.3, Adam, batch 64,",
                "        on Fashion-MNIST train"})
final class BenchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    private static final int WARM_UP_BATCHES = 20;

    @Parameters(index = "0", paramLabel = "WORKLOAD", description = "gemm, W1, W2, W3 or W4")
    String workload;

    @Option(names = "--epochs", defaultValue = "1", description = "Timed epochs (default ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--threads", description = "Kernel threads (default: all cores).")
    Integer threads;

    @Option(names = "--data", paramLabel = "DIR", description = "Fashion-MNIST directory (default: $AESTACK_DATA or /usr/share/datasets/fashion-mnist).")
    Path data;

    @Option(names = "--m", defaultValue = "1024") int m;
    @Option(names = "--n", defaultValue = "1024") int n;
    @Option(names = "--k", defaultValue = "1024") int k;

    @Option(names = "--seed", defaultValue = "42") long seed;

    @Override
    public Integer call() throws Exception {
        if (threads != null) {
            if (threads < 1) {
                throw new IllegalArgumentException("--threads must be at least 1, not " + threads);
            }
            System.setProperty("aestack.threads", Integer.toString(threads));
        }
        switch (workload.toUpperCase(Locale.ROOT)) {
            case "GEMM":
                gemm();
                return 0;
            case "W1":
                workload("W1", BenchW1Model.initialize(seed), BenchW1Model::initialize, BenchW1Trainer::builder,
                        BenchW1Trainer.FINE_TUNE_DEFAULTS.batchSize(), false);
                return 0;
            case "W2":
                workload("W2", FashionAeModel.initialize(seed), FashionAeModel::initialize, FashionAeTrainer::builder,
                        FashionAeTrainer.FINE_TUNE_DEFAULTS.batchSize(), false);
                return 0;
            case "W3":
                workload("W3", BenchW3Model.initialize(seed), BenchW3Model::initialize, BenchW3Trainer::builder,
                        BenchW3Trainer.PRETRAIN_DEFAULTS.batchSize(), true);
                return 0;
            case "W4":
                workload("W4", BenchW4Model.initialize(seed), BenchW4Model::initialize, BenchW4Trainer::builder,
                        BenchW4Trainer.FINE_TUNE_DEFAULTS.batchSize(), false);
                return 0;
            default:
                throw new IllegalArgumentException("unknown workload '" + workload + "'; choose gemm, W1, W2, W3 or W4");
        }
    }

    private void gemm() {
        if (m < 1 || n < 1 || k < 1) {
            throw new IllegalArgumentException("--m, --n and --k must be positive");
        }
        Rng rng = new Rng(seed);
        float[] a = new float[m * k];
        float[] b = new float[k * n];
        float[] c = new float[m * n];
        rng.fillUniform(a, a.length, -1, 1);
        rng.fillUniform(b, b.length, -1, 1);
        double flops = 2.0 * m * n * k;
        // Warm up for two seconds, so the JIT has compiled the kernels before anything is timed (a
        // repetition count taken from a cold first call made small shapes look slow); then repeat
        // each timing until it lasts at least 0.2 s.
        long warmUntil = System.nanoTime() + 2_000_000_000L;
        int calls = 0;
        while (System.nanoTime() < warmUntil || calls < 3) {
            Gemm.nn(m, n, k, 1f, a, k, b, n, 0f, c, n);
            calls++;
        }
        long start = System.nanoTime();
        Gemm.nn(m, n, k, 1f, a, k, b, n, 0f, c, n);
        double once = Math.max(1e-7, (System.nanoTime() - start) / 1e9);
        int reps = (int) Math.max(1, Math.ceil(0.2 / once));
        double[] gflops = new double[7];
        for (int t = 0; t < gflops.length; t++) {
            long t0 = System.nanoTime();
            for (int r = 0; r < reps; r++) {
                Gemm.nn(m, n, k, 1f, a, k, b, n, 0f, c, n);
            }
            gflops[t] = flops * reps / ((System.nanoTime() - t0) / 1e9) / 1e9;
        }
        Arrays.sort(gflops);
        out().println(String.format(Locale.ROOT,
                "{\"workload\":\"gemm\",\"impl\":\"aestack\",\"m\":%d,\"n\":%d,\"k\":%d,\"gflops\":%.2f,"
                        + "\"threads\":%d,\"kernels\":\"%s\",\"jdk\":\"%s\"}",
                m, n, k, gflops[gflops.length / 2], threadCount(), Kernels.ops().name(), Runtime.version()));
    }

    /**
     * Trains a fresh model for {@code --epochs} on the full training set after a 20-batch warm-up on
     * a throw-away model with the same seed, and prints the contract's JSON line. W1, W2 and W4 fine-tune
     * (their loss: cross-entropy summed over pixels); W3 is the pretraining of a one-RBM belief net
     * (its loss: the squared error of the mean-field reconstruction, summed over pixels).
     */
    private <M extends AutoencoderModel, T extends AutoencoderTrainer<T>> void workload(String name, M model,
            java.util.function.LongFunction<M> fresh, java.util.function.Function<M, AutoencoderTrainerBuilder<T>> builder, int batch,
            boolean rbm) throws Exception {
        DataSet train = FashionMnist.load(FashionMnist.fullDirectory(data), FashionMnist.Split.TRAIN);
        DataSet warmUp = train.head(WARM_UP_BATCHES * batch);
        if (rbm) {
            builder.apply(fresh.apply(seed)).pretrain(c -> c.epochs(1)).seed(seed).build().pretrain(warmUp);
        } else {
            builder.apply(fresh.apply(seed)).fineTune(c -> c.epochs(1)).seed(seed).build().fineTune(warmUp);
        }
        T trainer = rbm ? builder.apply(model).pretrain(c -> c.epochs(epochs)).seed(seed).build()
                : builder.apply(model).fineTune(c -> c.epochs(epochs)).seed(seed).build();
        long start = System.nanoTime();
        if (rbm) {
            trainer.pretrain(train);
        } else {
            trainer.fineTune(train);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double loss = rbm ? Images.squaredError(model.reconstruct(train), train) : model.reconstructionError(train);
        out().println(String.format(Locale.ROOT,
                "{\"workload\":\"%s\",\"impl\":\"aestack\",\"samples_per_s\":%.1f,\"final_loss\":%.4f,\"epochs\":%d,"
                        + "\"threads\":%d,\"kernels\":\"%s\",\"jdk\":\"%s\"}",
                name, (double) epochs * train.rows() / seconds, loss, epochs, threadCount(), Kernels.ops().name(),
                Runtime.version()));
    }

    private int threadCount() {
        return threads != null ? threads : Runtime.getRuntime().availableProcessors();
    }

    private java.io.PrintWriter out() {
        return spec.commandLine().getOut();
    }
}
