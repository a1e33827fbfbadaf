package org.aestack.runtime.kernel;

/**
 * A fast, seedable, splittable pseudo-random generator (SplitMix64 seeding a xoshiro128**-style
 * state would do; this one is SplitMix64). Same seed, same sequence, on every JVM.
 * Not thread-safe: give each thread its own {@link #split()}.
 */
public final class Rng {
    static final long GOLDEN = 0x9E3779B97F4A7C15L;
    private long state;
    private double spareGaussian;
    private boolean hasSpare;

    public Rng(long seed) {
        this.state = mix(seed);
    }

    /**
     * The generator's whole state, to save in a checkpoint: {@link #restore} continues the sequence
     * exactly where it was.
     */
    public long[] snapshot() {
        return new long[] {state, hasSpare ? 1 : 0, Double.doubleToRawLongBits(spareGaussian)};
    }

    /** A generator that continues from a {@link #snapshot()}. */
    public static Rng restore(long[] snapshot) {
        if (snapshot.length != 3) {
            throw new IllegalArgumentException("a generator's state is 3 numbers, not " + snapshot.length);
        }
        Rng rng = new Rng(0);
        rng.state = snapshot[0];
        rng.hasSpare = snapshot[1] != 0;
        rng.spareGaussian = Double.longBitsToDouble(snapshot[2]);
        return rng;
    }

    /** Continues {@code other}'s sequence from here on, as {@link #restore} would, in this same object. */
    public void copyFrom(Rng other) {
        state = other.state;
        hasSpare = other.hasSpare;
        spareGaussian = other.spareGaussian;
    }

    /** A new generator whose sequence is independent of this one's; advances this one. */
    public Rng split() {
        return new Rng(nextLong());
    }

    public long nextLong() {
        long z = (state += GOLDEN);
        return mix(z);
    }

    /** Uniform in [0, bound). */
    public int nextInt(int bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("bound must be positive: " + bound);
        }
        // Lemire's multiply-shift with rejection: unbiased.
        long m = (nextLong() >>> 32) * bound;
        if ((m & 0xFFFFFFFFL) < bound) {
            long threshold = (0x100000000L - bound) % bound;
            while ((m & 0xFFFFFFFFL) < threshold) {
                m = (nextLong() >>> 32) * bound;
            }
        }
        return (int) (m >>> 32);
    }

    /** Uniform in [0, 1), 24 random bits. */
    public float nextFloat() {
        return toFloat(nextLong());
    }

    /**
     * Number {@code i} (from 0) of the uniforms in [0, 1) a generator at {@code state} gives in turn:
     * what the kernels draw at position {@code i}, each position on its own.
     */
    static float uniformAt(long state, int i) {
        return toFloat(mix(state + (i + 1) * GOLDEN));
    }

    /** The top 24 bits of a random long as a float in [0, 1). */
    static float toFloat(long bits) {
        return (bits >>> 40) * 0x1.0p-24f;
    }

    /** Uniform in [0, 1), 53 random bits. */
    public double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /** Standard normal (Marsaglia's polar method). */
    public double nextGaussian() {
        if (hasSpare) {
            hasSpare = false;
            return spareGaussian;
        }
        double u, v, s;
        do {
            u = 2 * nextDouble() - 1;
            v = 2 * nextDouble() - 1;
            s = u * u + v * v;
        } while (s >= 1 || s == 0);
        double f = Math.sqrt(-2 * Math.log(s) / s);
        spareGaussian = v * f;
        hasSpare = true;
        return u * f;
    }

    /**
     * Fills {@code a[0..n)} with uniforms in [lo, hi): the same numbers {@code n} calls of
     * {@link #nextFloat()} would give, drawn by the vector kernels.
     */
    public void fillUniform(float[] a, int n, float lo, float hi) {
        Kernels.ops().uniform(state, a, n, lo, hi);
        state += n * GOLDEN;
    }

    /**
     * Masking noise: {@code out[i] = x[i]}, or 0 with probability {@code p}. Draws what {@link
     * #fillUniform fillUniform(u, n, 0f, 1f)} would and gives {@link KernelOps#mask} of them, the same
     * bits, without storing the numbers. {@code out} may be {@code x}.
     */
    public void mask(float[] x, float[] out, int n, float p) {
        Kernels.ops().drawMask(state, x, out, n, p);
        state += n * GOLDEN;
    }

    /**
     * Bernoulli samples: {@code out[i] = 1} with probability {@code p[i]}, else 0. Draws what {@link
     * #fillUniform fillUniform(u, n, 0f, 1f)} would and gives {@link KernelOps#sampleBernoulli} of them,
     * the same bits, without storing the numbers. {@code out} may be {@code p}.
     */
    public void sampleBernoulli(float[] p, float[] out, int n) {
        Kernels.ops().drawBernoulli(state, p, out, n);
        state += n * GOLDEN;
    }

    /** Fills {@code a[0..n)} with normals of the given mean and standard deviation (Box–Muller, vectorized). */
    public void fillGaussian(float[] a, int n, float mean, float std) {
        int half = n / 2;
        fillUniform(a, 2 * half, 0f, 1f);
        Kernels.ops().gaussianFromUniform(a, half, mean, std);
        if (n % 2 == 1) {
            a[n - 1] = (float) (mean + std * nextGaussian());
        }
    }

    /** Shuffles {@code a} in place (Fisher–Yates). */
    public void shuffle(int[] a) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
