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
 * The fused elementwise kernels of a training step, Vector API beside the scalar reference, on a
 * W1-sized batch (128 × 500) and on a shape that leaves a tail in every vector loop (100 × 777).
 * Scores are calls per second. Each trial first checks the kernels under test against the scalar
 * reference on the same inputs.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class ElementwiseBenchmark {
    @Param({"vector", "scalar"})
    public String kernels;

    @Param({"128x500", "100x777"})
    public String shape;

    private KernelOps ops;
    private int rows;
    private int cols;
    private int size;
    private float[] z;
    private float[] bias;
    private float[] x;
    private float[] u;
    private float[] out;
    private float[] grad;
    private float[] m;
    private float[] v;

    @Setup
    public void setUp() {
        String[] rc = shape.split("x");
        rows = Integer.parseInt(rc[0]);
        cols = Integer.parseInt(rc[1]);
        size = rows * cols;
        ops = Checks.kernels(kernels);
        Rng rng = new Rng(2);
        z = fill(rng, -4f, 4f);
        bias = new float[cols];
        rng.fillUniform(bias, cols, -1f, 1f);
        x = fill(rng, 0f, 1f);
        u = fill(rng, 0f, 1f);
        out = new float[size];
        grad = new float[size];
        m = new float[size];
        v = new float[size];
        check();
    }

    private float[] fill(Rng rng, float lo, float hi) {
        float[] a = new float[size];
        rng.fillUniform(a, size, lo, hi);
        return a;
    }

    private void check() {
        KernelOps reference = Kernels.scalar();
        float[] expected = z.clone();
        float[] actual = z.clone();
        reference.sigmoidWithBias(expected, bias, rows, cols);
        ops.sigmoidWithBias(actual, bias, rows, cols);
        Checks.close("sigmoidWithBias", expected, actual, 1);
        float[] g1 = new float[size];
        float[] g2 = new float[size];
        Checks.close("crossEntropyWithGradient", reference.crossEntropyWithGradient(expected, x, g1, size, 0.5f),
                ops.crossEntropyWithGradient(expected, x, g2, size, 0.5f));
        Checks.close("crossEntropy gradient", g1, g2, 1);
        reference.sampleBernoulli(x, u, g1, size);
        ops.sampleBernoulli(x, u, g2, size);
        Checks.close("sampleBernoulli", g1, g2, 1);
        reference.uniform(7L, g1, size, 0f, 1f);
        ops.uniform(7L, g2, size, 0f, 1f);
        Checks.close("uniform", g1, g2, 1);
        System.arraycopy(u, 0, g1, 0, size);
        System.arraycopy(u, 0, g2, 0, size);
        reference.gaussianFromUniform(g1, size / 2, 0f, 1f);
        ops.gaussianFromUniform(g2, size / 2, 0f, 1f);
        Checks.close("gaussianFromUniform", g1, g2, 100);
    }

    /** Bias plus sigmoid, in place: a layer's forward pass after its GEMM. */
    @Benchmark
    public float[] sigmoidWithBias() {
        System.arraycopy(x, 0, out, 0, size);
        ops.sigmoidWithBias(out, bias, rows, cols);
        return out;
    }

    /** Cross-entropy of sigmoid outputs and its gradient at the pre-activation, in one pass. */
    @Benchmark
    public double crossEntropyWithGradient() {
        return ops.crossEntropyWithGradient(x, u, grad, size, 1f / rows);
    }

    /** Bernoulli sampling of probabilities, the Gibbs step of an RBM. */
    @Benchmark
    public float[] sampleBernoulli() {
        ops.sampleBernoulli(x, u, out, size);
        return out;
    }

    /** Uniform random numbers from the SplitMix64 stream, as the noise and sampling kernels draw them. */
    @Benchmark
    public float[] uniform() {
        ops.uniform(11L, out, size, 0f, 1f);
        return out;
    }

    /** Normal deviates from uniforms by Box–Muller: Gaussian noise and Gaussian units. */
    @Benchmark
    public float[] gaussian() {
        System.arraycopy(u, 0, out, 0, size);
        ops.gaussianFromUniform(out, size / 2, 0f, 1f);
        return out;
    }

    /** Masking noise: each input zeroed with probability 0.3. */
    @Benchmark
    public float[] mask() {
        ops.mask(x, u, out, size, 0.3f);
        return out;
    }

    /** One Adam step over the whole tensor. */
    @Benchmark
    public float[] adam() {
        ops.adam(out, grad, m, v, size, 1e-3f, 0.9f, 0.999f, 1e-8f);
        return out;
    }
}
