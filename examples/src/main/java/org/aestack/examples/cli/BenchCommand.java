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
import org.aestack.runtime.kernel.HugePages;
import org.aestack.runtime.kernel.Kernels;
import org.aestack.runtime.kernel.OpTimes;
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
                "  all   the whole sitting, each in a fresh JVM: peak, memory, gemm on the anchors' four shapes and",
                "        W1's transposed forms, then W1, W2, W3, W4",
                "  peak  the FP32 FMA peak on the JVM's widest vectors, as ../shared/anchors/peak.c measures it in C",
                "  memory  one thread's copy bandwidth from DRAM, L3 and L2 (128 MB, 4 MB, 256 KB), GB/s",
                "  gemm  C = op(A)·op(B) for --m --n --k and --form, median GFLOP/s",
                "  W1    denoising autoencoder 784-500-784, masking 0.3, SGD 0.1, batch 128, on Fashion-MNIST train",
                "  W2    deep autoencoder 784-1000-500-250-30, Adam, batch 128, on Fashion-MNIST train",
                "  W3    Bernoulli RBM 784-500, CD-1, SGD 0.05, batch 100, on Fashion-MNIST train",
                "  W4    convolutional denoising autoencoder 1x28x28 -> 64x7x7 and back, masking 0.3, Adam, batch 64,",
                "        on Fashion-MNIST train"})
final class BenchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    private static final int WARM_UP_BATCHES = 20;

    @Parameters(index = "0", paramLabel = "WORKLOAD", description = "all, peak, memory, gemm, W1, W2, W3 or W4")
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

    @Option(names = "--form", defaultValue = "nn", description = "gemm: nn (C = A·B), nt (A·Bᵀ) or tn (Aᵀ·B); default ${DEFAULT-VALUE}.")
    String form;

    @Option(names = "--seed", defaultValue = "42") long seed;

    @Option(names = "--breakdown", description = {"W1-W4: after the line, one more per kernel operation and shape in the",
            "timed window: its calls, milliseconds and share of the window (every call timed; the timing boxes",
            "arguments, so alloc_mb and the speed are not the benchmark's then)"})
    boolean breakdown;

    @Override
    public Integer call() throws Exception {
        if (threads != null) {
            if (threads < 1) {
                throw new IllegalArgumentException("--threads must be at least 1, not " + threads);
            }
            System.setProperty("aestack.threads", Integer.toString(threads));
        }
        if (breakdown) {
            if (!workload.toUpperCase(Locale.ROOT).matches("W[1-4]")) {
                throw new IllegalArgumentException("--breakdown times a training workload, W1 to W4, not '" + workload + "'");
            }
            System.setProperty(OpTimes.PROPERTY, "true"); // before the first call of Kernels.ops()
            if (!OpTimes.isTiming(Kernels.ops())) {
                throw new IllegalStateException("the kernels were chosen before --breakdown could have them timed");
            }
        }
        switch (workload.toUpperCase(Locale.ROOT)) {
            case "ALL":
                return all();
            case "GEMM":
                gemm();
                return 0;
            case "PEAK":
                peak();
                return 0;
            case "MEMORY":
                memory();
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
                throw new IllegalArgumentException("unknown workload '" + workload + "'; choose all, peak, memory, gemm, W1, W2, W3 or W4");
        }
    }

    /** The shapes of {@code ../shared/anchors/gemm.py}, then the transposed products a W1 step runs. */
    private static final String[][] SITTING_GEMMS = {
        {"nn", "1024", "1024", "1024"}, {"nn", "128", "500", "784"}, {"nn", "128", "784", "500"}, {"nn", "500", "784", "128"},
        {"nt", "128", "500", "784"}, {"nt", "128", "784", "500"}, {"tn", "784", "500", "128"}, {"tn", "500", "784", "128"},
    };

    /**
     * The whole sitting, every line from a JVM of its own started the way this one was (its
     * options and class path): a workload's compiled code and profile never carry over into the next.
     */
    private int all() throws Exception {
        java.util.List<java.util.List<String>> runs = new java.util.ArrayList<>();
        runs.add(java.util.List.of("peak"));
        runs.add(java.util.List.of("memory"));
        for (String[] g : SITTING_GEMMS) {
            runs.add(java.util.List.of("gemm", "--form", g[0], "--m", g[1], "--n", g[2], "--k", g[3]));
        }
        for (String w : new String[] {"W1", "W2", "W3", "W4"}) {
            java.util.List<String> run = new java.util.ArrayList<>(java.util.List.of(w, "--epochs", Integer.toString(epochs)));
            if (data != null) {
                run.addAll(java.util.List.of("--data", data.toString()));
            }
            runs.add(run);
        }
        String javaCommand = ProcessHandle.current().info().command()
                .orElseThrow(() -> new IllegalStateException("cannot tell which java runs this JVM, to start the next"));
        for (java.util.List<String> run : runs) {
            java.util.List<String> command = new java.util.ArrayList<>();
            command.add(javaCommand);
            command.addAll(java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments());
            command.addAll(java.util.List.of("-cp", System.getProperty("java.class.path"), Main.class.getName(), "bench"));
            command.addAll(run);
            command.addAll(java.util.List.of("--seed", Long.toString(seed)));
            if (threads != null) {
                command.addAll(java.util.List.of("--threads", threads.toString()));
            }
            ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
            builder.environment().remove("JDK_JAVA_OPTIONS"); // already among the input arguments
            Process child = builder.start();
            try (java.io.BufferedReader lines = new java.io.BufferedReader(
                    new java.io.InputStreamReader(child.getInputStream(), java.nio.charset.StandardCharsets.UTF_8))) {
                for (String line; (line = lines.readLine()) != null; ) {
                    out().println(line);
                    out().flush();
                }
            }
            int status = child.waitFor();
            if (status != 0) {
                throw new IllegalStateException("bench " + String.join(" ", run) + " failed with exit status " + status);
            }
        }
        return 0;
    }

    /**
     * The FMA peak on {@link #threadCount()} threads (best of ten), the bound every figure of the
     * sitting is a fraction of.
     */
    private void peak() throws InterruptedException {
        requireVectorApi("bench peak measures the Vector API's FMAs");
        int t = threadCount();
        out().println(String.format(Locale.ROOT,
                "{\"workload\":\"peak\",\"impl\":\"aestack-java-fma\",\"threads\":%d,\"gflops\":%.1f,\"lanes\":%d,\"jdk\":\"%s\"}",
                t, FmaPeak.measure(t, 10), FmaPeak.SPECIES.length(), Runtime.version()));
    }

    /** One thread's copy bandwidth ({@link MemoryProbe}): the state of the caches and memory that feed the FMAs. */
    private void memory() {
        requireVectorApi("bench memory copies with the Vector API");
        MemoryProbe.warmUp();
        out().println(String.format(Locale.ROOT,
                "{\"workload\":\"memory\",\"impl\":\"aestack-java-copy\",\"threads\":1,\"dram_copy_gbs\":%.1f,"
                        + "\"l3_copy_gbs\":%.1f,\"l2_copy_gbs\":%.1f,\"jdk\":\"%s\"}",
                MemoryProbe.measure(MemoryProbe.DRAM), MemoryProbe.measure(MemoryProbe.L3), MemoryProbe.measure(MemoryProbe.L2),
                Runtime.version()));
    }

    /** Refuses {@code what} where this JVM was started without the Vector API's module, before its class is loaded. */
    private static void requireVectorApi(String what) {
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
            throw new IllegalArgumentException(what + ": start java with --add-modules jdk.incubator.vector");
        }
    }

    private void gemm() {
        if (m < 1 || n < 1 || k < 1) {
            throw new IllegalArgumentException("--m, --n and --k must be positive");
        }
        String f = form.toLowerCase(Locale.ROOT);
        if (!f.equals("nn") && !f.equals("nt") && !f.equals("tn")) {
            throw new IllegalArgumentException("--form must be nn, nt or tn, not '" + form + "'");
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
            product(f, a, b, c);
            calls++;
        }
        long start = System.nanoTime();
        product(f, a, b, c);
        double once = Math.max(1e-7, (System.nanoTime() - start) / 1e9);
        int reps = (int) Math.max(1, Math.ceil(0.2 / once));
        double[] gflops = new double[7];
        Window window = new Window();
        for (int t = 0; t < gflops.length; t++) {
            long t0 = System.nanoTime();
            for (int r = 0; r < reps; r++) {
                product(f, a, b, c);
            }
            gflops[t] = flops * reps / ((System.nanoTime() - t0) / 1e9) / 1e9;
        }
        window.close();
        Arrays.sort(gflops);
        // alloc_mb and jit_ms as W1-W4 give them, over the seven timings: a product allocates
        // nothing, so megabytes there mean boxed vectors, and a JVM that runs a shape at a fraction
        // of its usual speed says whether that was the cause or a late compile.
        out().println(String.format(Locale.ROOT,
                "{\"workload\":\"gemm\",\"impl\":\"aestack\",\"form\":\"%s\",\"m\":%d,\"n\":%d,\"k\":%d,"
                        + "\"gflops\":%.2f,\"alloc_mb\":%.1f,\"jit_ms\":%d,\"cpu_ms\":%d,\"threads\":%d,\"kernels\":\"%s\",\"gemm\":\"%s\","
                        + "\"huge_pages\":\"%s\",\"jdk\":\"%s\"}",
                f, m, n, k, gflops[gflops.length / 2], window.allocatedMegabytes, window.jitMillis, window.cpuMillis, threadCount(),
                Kernels.ops().name(), Kernels.ops().gemmBlocking(), hugePages(), Runtime.version()));
    }

    /** C = op(A)·op(B) in the chosen form; A and B hold m·k and k·n values, read with the form's strides. */
    private void product(String f, float[] a, float[] b, float[] c) {
        switch (f) {
            case "nt":
                Gemm.nt(m, n, k, 1f, a, k, b, k, 0f, c, n);
                break;
            case "tn":
                Gemm.tn(m, n, k, 1f, a, m, b, n, 0f, c, n);
                break;
            default:
                Gemm.nn(m, n, k, 1f, a, k, b, n, 0f, c, n);
        }
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
        // The data's fingerprint, which a trainer records at the start of every phase, is computed
        // once for a data set and kept (a CRC over its 188 MB: 20-35 ms here, 3% of a W1 epoch):
        // taken with the loading, which the contract leaves out of the time, like PyTorch's side.
        train.fingerprint();
        DataSet warmUp = train.head(WARM_UP_BATCHES * batch);
        if (rbm) {
            builder.apply(fresh.apply(seed)).pretrain(c -> c.epochs(1)).seed(seed).build().pretrain(warmUp);
        } else {
            builder.apply(fresh.apply(seed)).fineTune(c -> c.epochs(1)).seed(seed).build().fineTune(warmUp);
        }
        T trainer = rbm ? builder.apply(model).pretrain(c -> c.epochs(epochs)).seed(seed).build()
                : builder.apply(model).fineTune(c -> c.epochs(epochs)).seed(seed).build();
        java.util.List<Double> rates = new java.util.ArrayList<>();
        trainer.listener(new org.aestack.runtime.train.TrainingListener() {
            @Override
            public void epochFinished(org.aestack.runtime.train.EpochRecord record) {
                rates.add(record.samplesPerSecond());
            }
        });
        OpTimes.reset();
        Window window = new Window();
        long start = System.nanoTime();
        if (rbm) {
            trainer.pretrain(train);
        } else {
            trainer.fineTune(train);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        window.close();
        java.util.List<OpTimes.Entry> timed = OpTimes.entries();
        double loss = rbm ? Images.squaredError(model.reconstruct(train), train) : model.reconstructionError(train);
        out().println(String.format(Locale.ROOT,
                "{\"workload\":\"%s\",\"impl\":\"aestack\",\"samples_per_s\":%.1f,\"final_loss\":%.4f,\"epochs\":%d,"
                        + "\"epoch_samples_per_s\":%s,\"alloc_mb\":%.1f,\"jit_ms\":%d,\"cpu_ms\":%d,\"window_ms\":[%d,%d],"
                        + "\"threads\":%d,\"kernels\":\"%s\",\"gemm\":\"%s\",\"huge_pages\":\"%s\",\"jdk\":\"%s\"}",
                name, (double) epochs * train.rows() / seconds, loss, epochs, rates.stream()
                        .map(r -> String.format(Locale.ROOT, "%.0f", r)).collect(java.util.stream.Collectors.joining(",", "[", "]")),
                window.allocatedMegabytes, window.jitMillis, window.cpuMillis, window.fromMillis, window.toMillis, threadCount(),
                Kernels.ops().name(), Kernels.ops().gemmBlocking(), hugePages(), Runtime.version()));
        if (breakdown) {
            breakdown(name, seconds, timed);
        }
    }

    /** One line per operation and shape timed in the window, the longest first, then what ran outside the kernels. */
    private void breakdown(String name, double seconds, java.util.List<OpTimes.Entry> timed) {
        double window = seconds * 1e3;
        double kernels = 0;
        for (OpTimes.Entry e : timed) {
            double ms = e.nanos() / 1e6;
            kernels += ms;
            out().println(String.format(Locale.ROOT, "{\"workload\":\"%s\",\"op\":\"%s\",\"calls\":%d,\"ms\":%.1f,\"share\":%.4f}",
                    name, e.op(), e.calls(), ms, ms / window));
        }
        out().println(String.format(Locale.ROOT, "{\"workload\":\"%s\",\"op\":\"outside the kernels\",\"ms\":%.1f,\"share\":%.4f}",
                name, window - kernels, (window - kernels) / window));
    }

    /** Whether the heap was on 2 MB pages ({@link HugePages}): on, off, or unavailable. */
    private static String hugePages() {
        return HugePages.ofThisJvm().name().toLowerCase(Locale.ROOT);
    }

    /**
     * What happened in the timed window besides training: the megabytes all threads allocated (a
     * training step allocates nothing, so more than the epoch's bookkeeping means boxed vectors)
     * and the milliseconds the JIT compilers spent (compiling in the window means the first epoch
     * ran partly in slower code), and where the window lay in the JVM's uptime, so a log of the JIT
     * (whose times count from the JVM's start, as {@code -XX:+PrintCompilation}'s do) can be read
     * against it. Also the CPU time the whole process used in it (every thread, the JIT's and the
     * collector's too; -1 where the platform does not say): against the window's length, how many
     * cores the JVM kept busy, so a slow window can be told apart as one in which the JVM waited
     * (fewer cores busy than usual) or one in which the machine gave less for each core's second
     * (as many busy as usual: a virtual machine does not see the time its host takes).
     */
    static final class Window {
        /** Fetched once, before any window: its first fetch allocates, which a window would count. */
        private static final java.lang.management.OperatingSystemMXBean OS =
                java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        private final long bytes = allocatedBytes();
        private final long jit = jitMillis();
        private final long cpu = cpuNanos();
        /** The window's start and end, milliseconds of the JVM's uptime. */
        final long fromMillis = uptimeMillis();
        long toMillis;
        double allocatedMegabytes;
        long jitMillis;
        long cpuMillis;

        void close() {
            toMillis = uptimeMillis();
            allocatedMegabytes = (allocatedBytes() - bytes) / 1e6;
            jitMillis = jitMillis() - jit;
            long now = cpuNanos();
            cpuMillis = cpu < 0 || now < 0 ? -1 : (now - cpu) / 1_000_000;
        }

        private static long cpuNanos() {
            return OS instanceof com.sun.management.OperatingSystemMXBean os ? os.getProcessCpuTime() : -1;
        }

        private static long uptimeMillis() {
            return java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime();
        }

        private static long allocatedBytes() {
            if (!(java.lang.management.ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean threads)) {
                return 0;
            }
            long total = 0;
            for (long b : threads.getThreadAllocatedBytes(threads.getAllThreadIds())) {
                total += Math.max(0, b);
            }
            return total;
        }

        private static long jitMillis() {
            java.lang.management.CompilationMXBean jit = java.lang.management.ManagementFactory.getCompilationMXBean();
            return jit != null && jit.isCompilationTimeMonitoringSupported() ? jit.getTotalCompilationTime() : 0;
        }
    }

    private int threadCount() {
        return threads != null ? threads : Runtime.getRuntime().availableProcessors();
    }

    private java.io.PrintWriter out() {
        return spec.commandLine().getOut();
    }
}
