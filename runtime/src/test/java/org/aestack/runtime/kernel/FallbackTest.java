package org.aestack.runtime.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Without the incubator module the runtime still computes, on the scalar kernels, and says so once. */
class FallbackTest {
    /** Run in a JVM without {@code --add-modules jdk.incubator.vector}. */
    public static void main(String[] args) {
        float[] c = new float[1];
        Gemm.nn(1, 1, 2, 1f, new float[] {1, 2}, 2, new float[] {3, 4}, 1, 0f, c, 1);
        Kernels.ops();
        System.out.println(Kernels.ops().name() + " " + c[0]);
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
        assertEquals("scalar 11.0", out);
        assertEquals(1, err.lines().filter(l -> l.contains("--add-modules jdk.incubator.vector")).count(), err);
    }
}
