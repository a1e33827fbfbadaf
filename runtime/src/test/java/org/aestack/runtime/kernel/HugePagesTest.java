package org.aestack.runtime.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class HugePagesTest {
    private static final Path MODE = Path.of("/sys/kernel/mm/transparent_hugepage/enabled");

    @Test
    void theSystemsModeAndTheJvmsOptionDecide() {
        assertEquals(HugePages.OFF, HugePages.of("always [madvise] never\n", false));
        assertEquals(HugePages.ON, HugePages.of("always [madvise] never\n", true));
        assertEquals(HugePages.ON, HugePages.of("[always] madvise never\n", false));
        assertEquals(HugePages.UNAVAILABLE, HugePages.of("always madvise [never]\n", true));
        assertEquals(HugePages.UNAVAILABLE, HugePages.of("", false));
    }

    @Test
    void thisJvmReadsAsItWasStarted() throws Exception {
        assumeTrue(Files.isReadable(MODE), "no transparent huge pages on this system");
        boolean asked = java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments()
                .contains(HugePages.FLAG);
        assertEquals(HugePages.of(Files.readString(MODE), asked), HugePages.ofThisJvm());
    }

    /** Run in a JVM of its own: chooses the kernels and prints what it read. */
    public static void main(String[] args) {
        Kernels.ops();
        Kernels.ops();
        System.out.println(HugePages.ofThisJvm());
    }

    /** A JVM that could have huge pages and does not ask is told once; one that asks is not told. */
    @Test
    void aJvmThatCouldHaveThemIsToldOnce() throws Exception {
        assumeTrue(Files.isReadable(MODE), "no transparent huge pages on this system");
        for (boolean ask : new boolean[] {false, true}) {
            String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
            List<String> command = new ArrayList<>(List.of(java, "--add-modules", "jdk.incubator.vector"));
            if (ask) {
                command.add(HugePages.FLAG);
            }
            command.addAll(List.of("-cp", System.getProperty("java.class.path"), HugePagesTest.class.getName()));
            Process p = new ProcessBuilder(command).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(60, TimeUnit.SECONDS);
            assertEquals(0, p.exitValue(), err);
            HugePages state = HugePages.of(Files.readString(MODE), ask);
            assertEquals(state.name(), out.lines().filter(l -> !l.startsWith("OpenJDK")).reduce((a, b) -> b).orElse(""), out);
            long notes = err.lines().filter(l -> l.contains("start java with " + HugePages.FLAG)).count();
            assertEquals(state == HugePages.OFF ? 1 : 0, notes, err);
        }
    }
}
