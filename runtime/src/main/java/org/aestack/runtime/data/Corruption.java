package org.aestack.runtime.data;

import org.aestack.dsl.Noise;
import org.aestack.runtime.kernel.KernelOps;
import org.aestack.runtime.kernel.Kernels;
import org.aestack.runtime.kernel.Rng;

/**
 * A way of corrupting inputs, as {@code @Denoising} declares it: masking, additive Gaussian, or
 * salt-and-pepper noise at a level {@code p}. Used by generated trainers' kernels, and here for
 * corrupting data sets to restore and for denoising Markov chains.
 */
public final class Corruption {
    private final Noise kind;
    private final float p;

    public Corruption(Noise kind, double p) {
        if (kind == Noise.GAUSSIAN ? !(p >= 0) || Double.isInfinite(p) : !(p >= 0 && p < 1)) {
            throw new IllegalArgumentException("noise level " + p + " is out of range for " + kind);
        }
        this.kind = kind;
        this.p = (float) p;
    }

    public Noise kind() {
        return kind;
    }

    public double p() {
        return p;
    }

    /** Corrupts {@code n} values of {@code clean} into {@code out}, using {@code scratch} (n floats) for the noise. */
    public void apply(float[] clean, float[] out, int n, float[] scratch, Rng rng) {
        KernelOps ops = Kernels.ops();
        switch (kind) {
            case MASKING:
                rng.fillUniform(scratch, n, 0f, 1f);
                ops.mask(clean, scratch, out, n, p);
                break;
            case SALT_AND_PEPPER:
                rng.fillUniform(scratch, n, 0f, 1f);
                ops.saltAndPepper(clean, scratch, out, n, p);
                break;
            case GAUSSIAN:
                rng.fillGaussian(scratch, n, 0f, p);
                ops.add(clean, scratch, out, n);
                break;
            default:
                throw new AssertionError(kind);
        }
    }

    /** A corrupted copy of {@code data}, labels kept. */
    public DataSet apply(DataSet data, Rng rng) {
        float[] clean = data.toArray();
        float[] out = new float[clean.length];
        apply(clean, out, clean.length, new float[clean.length], rng);
        return new DataSet(out, data.rows(), data.cols(), data.hasLabels() ? data.labels() : null, data.classes());
    }

    @Override
    public String toString() {
        switch (kind) {
            case MASKING: return "masking noise p=" + p;
            case GAUSSIAN: return "Gaussian noise sigma=" + p;
            default: return "salt-and-pepper noise p=" + p;
        }
    }
}
