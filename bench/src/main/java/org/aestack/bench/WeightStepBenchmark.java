package org.aestack.bench;

import java.util.concurrent.TimeUnit;
import org.aestack.dsl.Optimizer;
import org.aestack.runtime.kernel.Epilogue;
import org.aestack.runtime.kernel.KernelOps;
import org.aestack.runtime.kernel.Kernels;
import org.aestack.runtime.kernel.Rng;
import org.aestack.runtime.train.TrainingConfig;
import org.aestack.runtime.train.Updater;
import org.aestack.runtime.train.Updaters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A weight's gradient product and its optimizer step, as a training step ends a layer's backward
 * pass: {@code gemmTN} over a batch of 128 into the gradient, then the optimizer's pass over the
 * tensor ({@code after}), or the step taken by the product on each strip of rows as it finishes it
 * ({@code inProduct}, as generated trainers did until the product could keep the gradient to
 * itself), or that step taking each strip from the product's buffer, the gradient never stored
 * ({@code fromBuffer}, what a generated trainer does, {@code PhaseRunner.updateOf}). The shapes are
 * W1's and W2's weights (units × inputs). Before each call 16 MB are read and written, as a step's
 * other tensors would, so the weights and moments come from memory as they do in training. Scores
 * are steps per second; each trial first checks that all three give the same bits.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class WeightStepBenchmark {
    private static final int BATCH = 128;

    @Param({"ADAM", "SGD"})
    public Optimizer optimizer;

    @Param({"1000x784", "784x1000", "500x784", "784x500"})
    public String weights;

    private KernelOps ops;
    private int units;
    private int inputs;
    private float[] delta;
    private float[] activations;
    private float[] param;
    private float[] grad;
    private float[] other;
    private Updater updater;
    private Epilogue step;
    private Epilogue stepFromBuffer;

    @Setup
    public void setUp() {
        String[] shape = weights.split("x");
        units = Integer.parseInt(shape[0]);
        inputs = Integer.parseInt(shape[1]);
        ops = Checks.kernels("vector");
        Rng rng = new Rng(1);
        delta = new float[BATCH * units];
        activations = new float[BATCH * inputs];
        param = new float[units * inputs];
        grad = new float[units * inputs];
        other = new float[4 << 20];
        rng.fillUniform(delta, delta.length, -1e-3f, 1e-3f);
        rng.fillUniform(activations, activations.length, 0f, 1f);
        rng.fillUniform(param, param.length, -0.05f, 0.05f);
        updater = updater();
        step = (from, to) -> updater.update(param, grad, from, to);
        stepFromBuffer = updater.inProduct(param, grad);
        checkAllWaysAgree();
    }

    private Updater updater() {
        return Updaters.create(TrainingConfig.builder().optimizer(optimizer).learningRate(1e-3).build(), param.length);
    }

    /** Two steps each way from the same weights: the same bits, or the trial does not run. */
    private void checkAllWaysAgree() {
        float[] after = param.clone();
        float[] inProduct = param.clone();
        float[] buffered = param.clone();
        float[] g = new float[grad.length];
        Updater first = updater();
        Updater second = updater();
        Updater third = updater();
        Epilogue thirdStep = third.inProduct(buffered, g);
        for (int i = 0; i < 2; i++) {
            ops.gemmTN(units, inputs, BATCH, 1f, delta, units, activations, inputs, 0f, g, inputs);
            first.update(after, g);
            second.beginStep();
            ops.gemmTN(units, inputs, BATCH, 1f, delta, units, activations, inputs, 0f, g, inputs,
                    (from, to) -> second.update(inProduct, g, from, to));
            third.beginStep();
            ops.gemmTN(units, inputs, BATCH, 1f, delta, units, activations, inputs, 0f, g, inputs, thirdStep);
        }
        if (!java.util.Arrays.equals(after, inProduct) || !java.util.Arrays.equals(after, buffered)) {
            throw new IllegalStateException(optimizer + " " + weights + ": the step in the product differs from the step after it");
        }
    }

    /** The rest of a step: 16 MB read and written, so this step's tensors are out of the caches. */
    @Setup(Level.Invocation)
    public void evict() {
        ops.axpy(1e-7f, other, 0, other, 0, other.length);
    }

    /** The product, then the optimizer's pass over the whole tensor. */
    @Benchmark
    public float[] after() {
        ops.gemmTN(units, inputs, BATCH, 1f, delta, units, activations, inputs, 0f, grad, inputs);
        updater.update(param, grad);
        return param;
    }

    /** The product taking the step on each strip of the gradient it finishes, stored in the gradient. */
    @Benchmark
    public float[] inProduct() {
        updater.beginStep();
        ops.gemmTN(units, inputs, BATCH, 1f, delta, units, activations, inputs, 0f, grad, inputs, step);
        return param;
    }

    /** The same from the product's buffer: the gradient is not stored. */
    @Benchmark
    public float[] fromBuffer() {
        updater.beginStep();
        ops.gemmTN(units, inputs, BATCH, 1f, delta, units, activations, inputs, 0f, grad, inputs, stepFromBuffer);
        return param;
    }
}
