package org.aestack.bench;

import java.util.concurrent.TimeUnit;
import org.aestack.runtime.kernel.KernelOps;
import org.aestack.runtime.kernel.Kernels;
import org.aestack.runtime.kernel.Rng;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * GEMM in the three forms backpropagation uses, Vector API beside the scalar reference, at the
 * benchmark contract's training shapes (M×N×K: 128×500×784 forward, 128×784×500 input gradient,
 * 500×784×128 weight gradient), at 1024³, and at a shape that is a multiple of nothing. Scores are
 * multiplications per second: GFLOP/s is the score × 2MNK / 10⁹. Each trial first checks the
 * kernels under test against the scalar reference on its shape and refuses to run if they differ.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class GemmBenchmark {
    @Param({"vector", "scalar"})
    public String kernels;

    @Param({"128x500x784", "128x784x500", "500x784x128", "1024x1024x1024", "97x131x211"})
    public String shape;

    private KernelOps ops;
    private int m;
    private int n;
    private int k;
    private float[] a;
    private float[] b;
    private float[] c;

    @Setup
    public void setUp() {
        String[] mnk = shape.split("x");
        m = Integer.parseInt(mnk[0]);
        n = Integer.parseInt(mnk[1]);
        k = Integer.parseInt(mnk[2]);
        ops = Checks.kernels(kernels);
        Rng rng = new Rng(1);
        a = new float[m * k];
        b = new float[k * n];
        c = new float[m * n];
        rng.fillUniform(a, a.length, -1f, 1f);
        rng.fillUniform(b, b.length, -1f, 1f);
        KernelOps reference = Kernels.scalar();
        float[] expected = new float[m * n];
        // NN against the reference, and NT and TN against NN on the transposed operands.
        reference.gemmNN(m, n, k, 1f, a, k, b, n, 0f, expected, n);
        ops.gemmNN(m, n, k, 1f, a, k, b, n, 0f, c, n);
        Checks.close("gemmNN " + shape, expected, c, k);
        float[] bt = Checks.transpose(b, k, n);
        ops.gemmNT(m, n, k, 1f, a, k, bt, k, 0f, c, n);
        Checks.close("gemmNT " + shape, expected, c, k);
        float[] at = Checks.transpose(a, m, k);
        ops.gemmTN(m, n, k, 1f, at, m, b, n, 0f, c, n);
        Checks.close("gemmTN " + shape, expected, c, k);
    }

    /** C = A·B, the form of the input gradient. */
    @Benchmark
    public float[] nn() {
        ops.gemmNN(m, n, k, 1f, a, k, b, n, 0f, c, n);
        return c;
    }

    /** C = A·Bᵀ, the forward pass (B is the {@code units × inputs} weight matrix). */
    @Benchmark
    public float[] nt() {
        ops.gemmNT(m, n, k, 1f, a, k, b, k, 0f, c, n);
        return c;
    }

    /** C = Aᵀ·B, the weight gradient. */
    @Benchmark
    public float[] tn() {
        ops.gemmTN(m, n, k, 1f, a, m, b, n, 0f, c, n);
        return c;
    }
}
