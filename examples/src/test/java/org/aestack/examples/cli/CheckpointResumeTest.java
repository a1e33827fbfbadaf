package org.aestack.examples.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
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

    /**
     * Two kills, each of a process that has written a checkpoint of its own: the first run is killed
     * 150 ms after its first checkpoint (the end of the first layer's pretraining, with three layers
     * and two fine-tuning epochs still ahead), the resumed run 40 ms after the first checkpoint it
     * writes itself. Here each later layer's pretraining took 1.4 to 1.9 s and each fine-tuning epoch
     * 4.7 to 8 s (on two busy cores), so both kills land with seconds of training left; should one
     * ever find the run ended, the test fails rather than count a kill that did not happen.
     */
    @Test
    void aRunKilledTwiceAndResumedEndsWithTheSameWeights() throws Exception {
        Path whole = Files.createDirectories(dir.resolve("whole"));
        Path broken = Files.createDirectories(dir.resolve("broken"));
        finish(start(whole));

        Path checkpoint = broken.resolve("deep.checkpoint");
        Process p = start(broken);
        List<String> killedAt = new ArrayList<>(); // the checkpoint each kill left behind, as "phase/epoch"
        FileTime resumedFrom = null;
        for (long delay : new long[] {150, 40}) {
            int kill = killedAt.size() + 1;
            // A checkpoint newer than the one this process resumed from: it has made progress of its own.
            assertNotNull(waitForNewer(checkpoint, resumedFrom, p), "the run ended before kill " + kill);
            Thread.sleep(delay);
            p.destroyForcibly().waitFor();
            assertEquals(128 + 9, p.exitValue(), "kill " + kill + " found the run ended, not training (SIGKILL exits 137)");
            killedAt.add(position(checkpoint));
            resumedFrom = Files.getLastModifiedTime(checkpoint);
            p = start(broken, "--resume", checkpoint.toString());
        }
        finish(p);
        System.out.println("deep autoencoder killed twice, leaving the checkpoints of phase/epoch " + killedAt);
        assertEquals(2, killedAt.size());
        assertTrue(order(killedAt.get(1)) > order(killedAt.get(0)), "the resumed run got further before its kill: " + killedAt);

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

    /** Where a checkpoint stands, "phase/epoch" (phases from 0: the four layers' pretraining, then fine-tuning). */
    private static String position(Path checkpoint) throws Exception {
        var meta = ModelFile.read(checkpoint).metadata();
        return meta.get("aestack.checkpoint.phase") + "/" + meta.get("aestack.checkpoint.epoch");
    }

    /** A position as one number that grows as training goes on (fewer than 1,000 epochs a phase). */
    private static int order(String position) {
        String[] parts = position.split("/");
        return 1000 * Integer.parseInt(parts[0]) + Integer.parseInt(parts[1]);
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
