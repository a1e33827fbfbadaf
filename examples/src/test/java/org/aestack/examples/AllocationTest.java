package org.aestack.examples;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.aestack.runtime.data.DataSet;
import org.aestack.runtime.data.FashionMnist;
import org.junit.jupiter.api.Test;

/**
 * A steady-state training step allocates nothing: the bytes all threads allocate over an epoch of
 * 40 steps, once the JIT has compiled the step, stay near zero (the trainer a measured epoch builds
 * is measured apart and subtracted). It found the GEMM microkernel boxing its accumulators where
 * they flowed into two store paths, and helper methods whose vector arguments were boxed when C2
 * declined to inline them.
 *
 * <p>Each measurement runs in a JVM of its own ({@link Probe}): in about one JVM in five on JDK
 * 25.0.3, C2 fails to intrinsify some Vector API calls of the step for reasons of its own (the
 * compile order, which depends on timing) and those vectors are boxed for the life of the JVM, so
 * the test gives five fresh JVMs the chance to show the step compiled as written (three were once
 * all unlucky in a CI run, 272 MB an epoch each, and the same code passed in the next).
 */
class AllocationTest {
    /**
     * Runs in a child JVM: after a warm-up, twelve times the bytes of a two-epoch run less those of
     * a one-epoch run, one line each: one epoch's steady state, the per-run costs (optimizer state,
     * the divergence guard's copies) cancelling out.
     */
    public static final class Probe {
        public static void main(String[] args) throws Exception {
            if (args.length > 0 && args[0].equals("conv")) {
                convolutional();
                return;
            }
            DataSet data = FashionMnist.bundled().train().head(128 * 40);
            DenoisingAeModel model = DenoisingAeModel.initialize(1);
            print(6, 12, epochs -> DenoisingAeTrainer.builder(model).fineTune(c -> c.epochs(epochs)).build(),
                    trainer -> trainer.fineTune(data));
        }
    }

    /** The same for W4's convolutional denoising autoencoder: its steps of 64 images, 8 to an epoch. */
    static void convolutional() throws Exception {
        DataSet data = FashionMnist.bundled().train().head(64 * CONV_STEPS);
        BenchW4Model model = BenchW4Model.initialize(1);
        print(4, 6, epochs -> BenchW4Trainer.builder(model).fineTune(c -> c.epochs(epochs)).build(),
                trainer -> trainer.fineTune(data));
    }

    /**
     * Warms up with a run of {@code warmUp} epochs, then prints {@code repeats} times the bytes of a
     * two-epoch run less those of a one-epoch run (trainers from {@code trainer}, run by {@code fit}).
     */
    private static <T> void print(int warmUp, int repeats, java.util.function.IntFunction<T> trainer,
            java.util.function.Consumer<T> fit) {
        fit.accept(trainer.apply(warmUp));
        for (int i = 0; i < repeats; i++) {
            T one = trainer.apply(1);
            T two = trainer.apply(2);
            long before = allocatedBytes();
            fit.accept(one);
            long afterOne = allocatedBytes();
            fit.accept(two);
            long afterTwo = allocatedBytes();
            System.out.println((afterTwo - afterOne) - (afterOne - before));
        }
    }

    private static final int CONV_STEPS = 8;

    static long allocatedBytes() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long total = 0;
        for (long bytes : threads.getThreadAllocatedBytes(threads.getAllThreadIds())) {
            total += Math.max(0, bytes);
        }
        return total;
    }

    @Test
    void aTrainingStepAllocatesNothing() throws Exception {
        expectNoAllocation("dense", 40);
    }

    /** The convolutions' steps too: the workspaces are sized once, and the patch copies run on the kernels' threads. */
    @Test
    void aConvolutionalTrainingStepAllocatesNothing() throws Exception {
        expectNoAllocation("conv", CONV_STEPS);
    }

    /**
     * On JDK 17 too, the project's baseline: its C2 boxed the vectors of every kernel until the
     * kernels kept to one vector shape and stopped converting lanes (7 to 10 GB an epoch of W1).
     * Runs where a JDK 17 is installed, at {@code -Daestack.test.jdk17} or Debian's place.
     */
    @Test
    void aTrainingStepAllocatesNothingOnJdk17Too() throws Exception {
        Path jdk17 = Path.of(System.getProperty("aestack.test.jdk17", "/usr/lib/jvm/java-17-openjdk-amd64"));
        assumeTrue(Files.isExecutable(jdk17.resolve("bin/java")), "no JDK 17 at " + jdk17);
        expectNoAllocation(jdk17.resolve("bin/java").toString(), "dense", 40);
    }

    private static void expectNoAllocation(String which, int steps) throws Exception {
        assumeTrue(Runtime.version().feature() >= 25, "the probe runs this JVM's java, and 17 has a test of its own");
        expectNoAllocation(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java", which, steps);
    }

    private static void expectNoAllocation(String java, String which, int steps) throws Exception {
        List<Long> seen = new ArrayList<>();
        for (int jvm = 0; jvm < 5; jvm++) {
            long perEpoch = measureInChildJvm(java, which);
            seen.add(perEpoch);
            if (perEpoch / steps < 256) {
                return;
            }
        }
        fail("in five JVMs (" + java + ") an epoch of " + steps + " " + which + " steps allocated " + seen + " bytes");
    }

    /** The least steady-state epoch a fresh JVM ({@code java}) running {@link Probe} measured. */
    private static long measureInChildJvm(String java, String which) throws Exception {
        Process process = new ProcessBuilder(java, "--add-modules", "jdk.incubator.vector", "-cp",
                System.getProperty("java.class.path"), Probe.class.getName(), which)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor() == 0, "the probe failed: " + output);
        long least = Long.MAX_VALUE;
        for (String line : output.strip().split("\\R")) {
            least = Math.min(least, Long.parseLong(line.strip()));
        }
        return least;
    }
}
