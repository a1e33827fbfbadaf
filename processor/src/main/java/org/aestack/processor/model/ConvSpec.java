package org.aestack.processor.model;

/**
 * How a convolutional layer computes its output: a square kernel, the same stride and zero padding
 * on both axes, and whether it is a transposed convolution (an upsampling decoder layer).
 */
public record ConvSpec(int kernel, int stride, int padding, boolean transposed) {
    public ConvSpec {
        if (kernel < 1 || stride < 1 || padding < 0) {
            throw new IllegalArgumentException("a convolution needs a positive kernel and stride and a padding of at least 0");
        }
    }

    /** The output side of a convolution over {@code side} pixels: ⌊(side + 2·padding − kernel) / stride⌋ + 1, or less than 1 if it does not fit. */
    public int convolved(int side) {
        int span = side + 2 * padding - kernel;
        return span < 0 ? 0 : span / stride + 1;
    }

    /** The output side of a transposed convolution over {@code side} pixels: (side − 1)·stride − 2·padding + kernel. */
    public int upsampled(int side) {
        return (side - 1) * stride - 2 * padding + kernel;
    }

    /** What the layer outputs from {@code in} with {@code filters} filters, or null when no pixel is left. */
    public Shape.Image output(Shape.Image in, int filters) {
        int h = transposed ? upsampled(in.height()) : convolved(in.height());
        int w = transposed ? upsampled(in.width()) : convolved(in.width());
        return h < 1 || w < 1 ? null : new Shape.Image(filters, h, w);
    }

    /** The canonical form: {@code conv 3/2/1} or {@code transposed 4/2/1} (kernel, stride, padding). */
    public String canonical() {
        return (transposed ? "transposed " : "conv ") + kernel + "/" + stride + "/" + padding;
    }
}
