package org.aestack.runtime.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Without the incubator module the runtime still computes, on the scalar kernels, and says so once;
 * either kernel set says what it is when printed.
 */
class FallbackTest {
    @Test
    void theKernelsSayWhatTheyAre() {
        KernelOps ops = Kernels.ops();
        String text = ops.toString();
        org.junit.jupiter.api.Assertions.assertTrue(text.startsWith(ops.name() + ": "), text);
        org.junit.jupiter.api.Assertions.assertTrue(text.endsWith("JDK " + Runtime.version()), text);
        if (ops.name().startsWith("panama-")) {
            int bits = Integer.parseInt(ops.name().substring("panama-".length()));
            org.junit.jupiter.api.Assertions.assertTrue(text.contains((bits / 32) + " floats a vector (" + bits + " bits)"), text);
        }
    }

    /** Run in a JVM without {@code --add-modules jdk.incubator.vector}. */
    public static void main(String[] args) {
        float[] c = new float[1];
        Gemm.nn(1, 1, 2, 1f, new float[] {1, 2}, 2, new float[] {3, 4}, 1, 0f, c, 1);
        Kernels.ops();
        System.out.println(Kernels.ops().name() + " " + c[0]);
        System.out.println(Kernels.ops());
    }

    @Test
    void withoutTheVectorModuleKernelsRunScalarAfterOneWarning() throws IOException, InterruptedException {
        String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        Process p = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
                FallbackTest.class.getName())).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(60, TimeUnit.SECONDS);
        assertEquals(0, p.exitValue(), err);
        assertEquals("scalar 11.0\nscalar: plain Java kernels, without the Vector API, JDK " + Runtime.version(), out);
        assertEquals(1, err.lines().filter(l -> l.contains("--add-modules jdk.incubator.vector")).count(), err);
    }
}
