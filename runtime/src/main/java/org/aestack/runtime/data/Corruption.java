package org.aestack.runtime.data;

import org.aestack.dsl.Noise;
import org.aestack.runtime.kernel.KernelOps;
import org.aestack.runtime.kernel.Kernels;
import org.aestack.runtime.kernel.Rng;

/**
 * A way of corrupting inputs, as {@code @Denoising} declares it: masking, additive Gaussian, or
 * salt-and-pepper noise at a level {@code p}, or blanked square blocks of images (inpainting). Used
 * by generated trainers' kernels, and here for corrupting data sets to restore and for denoising
 * Markov chains.
 */
public final class Corruption {
    /** The side of the square blocks {@link Noise#BLOCKS} blanks, in pixels. */
    public static final int BLOCK = 8;

    private final Noise kind;
    private final float p;
    /** The image shape {@link Noise#BLOCKS} needs, or zeros. */
    private final int channels;
    private final int height;
    private final int width;

    public Corruption(Noise kind, double p) {
        this(kind, p, 0, 0, 0);
    }

    /**
     * A corruption of images of {@code channels × height × width} values, which {@link Noise#BLOCKS}
     * needs to know where its blocks go; the other kinds ignore the shape.
     */
    public Corruption(Noise kind, double p, int channels, int height, int width) {
        if (kind == Noise.GAUSSIAN ? !(p >= 0) || Double.isInfinite(p) : !(p >= 0 && p < 1)) {
            throw new IllegalArgumentException("noise level " + p + " is out of range for " + kind);
        }
        if (kind == Noise.BLOCKS && (channels < 1 || height < 1 || width < 1)) {
            throw new IllegalArgumentException("blanking blocks needs the images' channels, height and width, not "
                    + channels + "x" + height + "x" + width);
        }
        this.kind = kind;
        this.p = (float) p;
        this.channels = channels;
        this.height = height;
        this.width = width;
    }

    /** The blocks {@link Noise#BLOCKS} blanks in each image: as many as would cover a fraction p of it, at least one. */
    public int blocksPerImage() {
        int side = Math.min(BLOCK, Math.min(height, width));
        return Math.max(1, Math.round(p * height * width / (float) (side * side)));
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
            case BLOCKS:
                blanks(clean, out, n, rng);
                break;
            default:
                throw new AssertionError(kind);
        }
    }

    /** Copies the images and blanks {@link #blocksPerImage()} blocks in each, every channel at the same place. */
    private void blanks(float[] clean, float[] out, int n, Rng rng) {
        int size = channels * height * width;
        if (n % size != 0) {
            throw new IllegalArgumentException(n + " values are not whole " + channels + "x" + height + "x" + width + " images");
        }
        System.arraycopy(clean, 0, out, 0, n);
        int side = Math.min(BLOCK, Math.min(height, width));
        int blocks = blocksPerImage();
        for (int image = 0; image < n; image += size) {
            for (int b = 0; b < blocks; b++) {
                int top = rng.nextInt(height - side + 1);
                int left = rng.nextInt(width - side + 1);
                for (int c = 0; c < channels; c++) {
                    for (int i = top; i < top + side; i++) {
                        int row = image + (c * height + i) * width;
                        java.util.Arrays.fill(out, row + left, row + left + side, 0f);
                    }
                }
            }
        }
    }

    /**
     * Where {@link #apply(DataSet, Rng)} with a generator in the state of {@code rng} leaves the
     * values of {@code rows × cols} data and where it zeroes them: 1 for kept, 0 for zeroed. It is the
     * same draws applied to ones, so it holds for masking noise and blanked blocks, whose places do
     * not depend on the values; the others replace values rather than zero them.
     */
    public float[] kept(int rows, int cols, Rng rng) {
        if (kind != Noise.MASKING && kind != Noise.BLOCKS) {
            throw new IllegalArgumentException(this + " replaces values rather than zeroing them");
        }
        float[] ones = new float[rows * cols];
        java.util.Arrays.fill(ones, 1f);
        float[] out = new float[ones.length];
        apply(ones, out, ones.length, new float[ones.length], rng);
        return out;
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
            case BLOCKS: return blocksPerImage() + " blanked " + Math.min(BLOCK, Math.min(height, width)) + "x"
                    + Math.min(BLOCK, Math.min(height, width)) + " block(s) per image (p=" + p + ")";
            default: return "salt-and-pepper noise p=" + p;
        }
    }
}
