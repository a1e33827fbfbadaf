package org.aestack.examples.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.aestack.runtime.io.ModelFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Killing training (kill -9, at moments that land anywhere: mid-epoch, mid-save) and resuming from
 * the last checkpoint gives the same final weights as a run that was never interrupted.
 */
class CheckpointResumeTest {
    @TempDir
    Path dir;

    private static final List<String> TRAIN = List.of("train", "deep", "--subset", "--pretrain-epochs", "1",
            "--epochs", "2", "--quiet", "--seed", "5");

    private Process start(Path out, String... extra) throws Exception {
        String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        List<String> command = new ArrayList<>(List.of(java, "--add-modules", "jdk.incubator.vector",
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(TRAIN);
        command.addAll(List.of("--out", out.toString(), "--checkpoint-every", "1"));
        command.addAll(List.of(extra));
        return new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(out.resolve("log-" + System.nanoTime() + ".txt").toFile()).start();
    }

    private static void finish(Process p) throws Exception {
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "training did not finish");
        assertEquals(0, p.exitValue());
    }

    @Test
    void aRunKilledTwiceAndResumedEndsWithTheSameWeights() throws Exception {
        Path whole = Files.createDirectories(dir.resolve("whole"));
        Path broken = Files.createDirectories(dir.resolve("broken"));
        finish(start(whole));

        Path checkpoint = broken.resolve("deep.checkpoint");
        Process p = start(broken);
        int kills = 0;
        long[] delays = {150, 40};
        for (long delay : delays) {
            FileTime seen = waitForNewer(checkpoint, null, p);
            if (seen == null) {
                break; // the run finished before it could be killed: nothing more to interrupt
            }
            Thread.sleep(delay);
            p.destroyForcibly().waitFor();
            kills++;
            p = start(broken, "--resume", checkpoint.toString());
        }
        finish(p);
        assertTrue(kills >= 1, "the run was never interrupted");

        ModelFile expected = ModelFile.read(whole.resolve("deep.safetensors"));
        ModelFile actual = ModelFile.read(broken.resolve("deep.safetensors"));
        assertEquals(expected.names(), actual.names());
        for (String name : expected.names()) {
            int[] shape = shape(expected, name);
            float[] e = new float[count(shape)];
            float[] a = new float[count(shape)];
            expected.copy(name, shape, e);
            actual.copy(name, shape, a);
            assertArrayEquals(e, a, 0f, name);
        }
    }

    /** Waits until the checkpoint exists and is newer than {@code after}; null if the process ended first. */
    private static FileTime waitForNewer(Path file, FileTime after, Process p) throws Exception {
        while (p.isAlive()) {
            if (Files.exists(file)) {
                FileTime t = Files.getLastModifiedTime(file);
                if (after == null || t.compareTo(after) > 0) {
                    return t;
                }
            }
            Thread.sleep(10);
        }
        return null;
    }

    private static int[] shape(ModelFile file, String name) {
        return file.shape(name);
    }

    private static int count(int[] shape) {
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        return n;
    }
}
