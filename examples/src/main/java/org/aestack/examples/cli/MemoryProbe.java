package org.aestack.examples.cli;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * One thread's copy bandwidth at three sizes: an array of 128 MB (from DRAM), 4 MB (the shared L3)
 * and 256 KB (the core's own L2), the best of three timed rounds each, counting the bytes read and
 * the bytes written. The FMA peak sees only the vector units; on a shared virtual machine the
 * caches and memory that feed them change speed by themselves (session 27: W3's rate followed a
 * DRAM copy that read 26-31 or 35-43 GB/s while the peak stayed put), so a sitting reads this beside
 * the peak. {@code docs/plans/memory_probe.py} is the same probe in numpy. The copy moves the JVM's
 * widest vectors ({@code System.arraycopy} reached about 68 GB/s in L2 here, where numpy's copy
 * reached 150-170, so it measured itself). Loaded only by {@code bench memory}, like {@link FmaPeak}.
 */
final class MemoryProbe {
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    /** The three sizes, in floats: 128 MB, 4 MB, 256 KB. */
    static final int DRAM = 32 << 20;
    static final int L3 = 1 << 20;
    static final int L2 = 64 << 10;
    /** About half a gigabyte copied in a timed round at each size. */
    private static final long BYTES_PER_ROUND = 512L << 20;

    private MemoryProbe() {}

    /** {@code dst = src}, {@code reps} times over, a vector at a time; returns {@code dst}. */
    static float[] copies(float[] src, float[] dst, int reps) {
        int whole = SPECIES.loopBound(src.length);
        for (int r = 0; r < reps; r++) {
            for (int i = 0; i < whole; i += SPECIES.length()) {
                FloatVector.fromArray(SPECIES, src, i).intoArray(dst, i);
            }
            for (int i = whole; i < src.length; i++) {
                dst[i] = src[i];
            }
        }
        return dst;
    }

    /** Copies an L2-sized array for half a second, so that the JIT has compiled the copy before anything is timed. */
    static void warmUp() {
        float[] src = new float[L2];
        float[] dst = new float[L2];
        long until = System.nanoTime() + 500_000_000L;
        while (System.nanoTime() < until) {
            copies(src, dst, 16);
        }
    }

    /** GB/s for {@code reps} copies of {@code floats} floats in {@code nanos}: each copy reads and writes them. */
    static double gigabytesPerSecond(int floats, int reps, long nanos) {
        return 2.0 * Float.BYTES * floats * reps / Math.max(1, nanos);
    }

    /** The best of three timed rounds, after one untimed copy, of copying {@code floats} floats. */
    static double measure(int floats) {
        float[] src = new float[floats];
        float[] dst = new float[floats];
        java.util.Arrays.fill(src, 1f);
        copies(src, dst, 1);
        int reps = (int) Math.max(1, BYTES_PER_ROUND / (2L * Float.BYTES * floats));
        double best = 0;
        for (int round = 0; round < 3; round++) {
            long start = System.nanoTime();
            copies(src, dst, reps);
            best = Math.max(best, gigabytesPerSecond(floats, reps, System.nanoTime() - start));
        }
        return best;
    }
}
