package org.aestack.examples.cli;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The machine's FP32 fused multiply-add peak as the JVM reaches it: twelve independent chains
 * {@code c = c·a + b} on the JVM's widest vectors (its preferred species, the kernels' unless
 * {@code aestack.vector.bits} narrows theirs), one per register, as {@code ../shared/anchors/peak.c}
 * runs them in C for the native width, on each of the given threads at once. The bound the GEMM and the workloads are
 * a fraction of, measured by the same JVM that runs them. Loaded only by {@code bench peak}, so
 * that nothing else links against the Vector API's incubator module.
 */
final class FmaPeak {
    static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    /** Independent accumulators: more than the FMA latency times the FMA ports. */
    static final int CHAINS = 12;
    /** Rounds of a timed call on each thread: about 40 GFLOP with 16 lanes. */
    private static final int ROUNDS = 100_000_000;
    /** Where the warm-up's sums go, so that the JIT cannot drop the calls. */
    private static volatile float sink;

    private FmaPeak() {}

    /**
     * Runs {@code rounds} rounds of the twelve chains, started at 0, 0.1, …, 1.1 in every lane,
     * and returns the sum of every lane of every chain, so that the work is used.
     */
    static float chains(int rounds, float a, float b) {
        FloatVector va = FloatVector.broadcast(SPECIES, a);
        FloatVector vb = FloatVector.broadcast(SPECIES, b);
        FloatVector c0 = FloatVector.broadcast(SPECIES, 0f), c1 = FloatVector.broadcast(SPECIES, .1f);
        FloatVector c2 = FloatVector.broadcast(SPECIES, .2f), c3 = FloatVector.broadcast(SPECIES, .3f);
        FloatVector c4 = FloatVector.broadcast(SPECIES, .4f), c5 = FloatVector.broadcast(SPECIES, .5f);
        FloatVector c6 = FloatVector.broadcast(SPECIES, .6f), c7 = FloatVector.broadcast(SPECIES, .7f);
        FloatVector c8 = FloatVector.broadcast(SPECIES, .8f), c9 = FloatVector.broadcast(SPECIES, .9f);
        FloatVector c10 = FloatVector.broadcast(SPECIES, 1f), c11 = FloatVector.broadcast(SPECIES, 1.1f);
        for (int r = 0; r < rounds; r++) {
            c0 = c0.fma(va, vb);
            c1 = c1.fma(va, vb);
            c2 = c2.fma(va, vb);
            c3 = c3.fma(va, vb);
            c4 = c4.fma(va, vb);
            c5 = c5.fma(va, vb);
            c6 = c6.fma(va, vb);
            c7 = c7.fma(va, vb);
            c8 = c8.fma(va, vb);
            c9 = c9.fma(va, vb);
            c10 = c10.fma(va, vb);
            c11 = c11.fma(va, vb);
        }
        return c0.add(c1).add(c2).add(c3).add(c4).add(c5).add(c6).add(c7).add(c8).add(c9).add(c10).add(c11)
                .reduceLanes(VectorOperators.ADD);
    }

    /** Floating-point operations of one call of {@link #chains}: two per lane per chain per round. */
    static double flops(long rounds) {
        return 2.0 * SPECIES.length() * CHAINS * rounds;
    }

    /**
     * The best GFLOP/s of {@code repeats} timings, each of every thread running the chains at once,
     * after a second of warming up so that the JIT has compiled them.
     */
    static double measure(int threads, int repeats) throws InterruptedException {
        // Many short calls, so that the JIT compiles the whole method and not only its loop (on-stack
        // replacement): timed with only the latter, the peak read 5% lower.
        for (long until = System.nanoTime() + 1_000_000_000L; System.nanoTime() < until; ) {
            sink = chains(10_000, 0.999999f, 1e-7f);
        }
        double best = 0;
        float[] sums = new float[threads];
        for (int rep = 0; rep < repeats; rep++) {
            Thread[] workers = new Thread[threads];
            long t0 = System.nanoTime();
            for (int t = 0; t < threads; t++) {
                int part = t;
                workers[t] = new Thread(() -> sums[part] = chains(ROUNDS, 0.999999f, 1e-7f), "aestack-peak-" + t);
                workers[t].start();
            }
            for (Thread w : workers) {
                w.join();
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            best = Math.max(best, flops(ROUNDS) * threads / seconds / 1e9);
        }
        sink = sums[0];
        return best;
    }
}
