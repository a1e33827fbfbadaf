package org.aestack.runtime.engine;

import java.util.Arrays;
import org.aestack.dsl.Activation;
import org.aestack.runtime.kernel.KernelOps;
import org.aestack.runtime.kernel.Kernels;
import org.aestack.runtime.kernel.Parallel;

/**
 * Two-dimensional convolution and its transpose over a batch of images, by im2col into the packed
 * GEMM: the patches of every image in the batch are laid side by side as the columns of one
 * matrix, so each step is a single large matrix product on both cores rather than one small
 * product per image. Images are rows of {@code channels × height × width} floats (NCHW, PyTorch's
 * layout); weights are {@code filters × (channels · kernel · kernel)}, PyTorch's {@code Conv2d}
 * layout, and the same matrix serves the transposed convolution that mirrors this one
 * ({@code ConvTranspose2d} with {@code filters} inputs and {@code channels} outputs).
 *
 * <p>The transposed convolution maps the convolution's output shape back to exactly its input
 * shape (the rows and columns a stride leaves over are the output padding), so a decoder built
 * from the encoder's geometries always mirrors it.
 *
 * <p>With at most {@link #DIRECT_UP_TO} filters the product would be a matrix-vector one and the
 * patch matrix mostly memory traffic (W4's last layer, 32 channels to 1 at 28 × 28, spent 26 ms a
 * batch of 64 forward that way), so such convolutions run as direct loops over the image rows
 * instead, which the JIT vectorizes along each row.
 *
 * <p>All scratch is allocated once for {@code maxBatch} images; a step allocates nothing. An
 * instance is not thread-safe: each trainer owns its own.
 */
public final class Convolution {
    /** The most filters for which the convolution (not its transpose) runs as direct loops rather than im2col. */
    public static final int DIRECT_UP_TO = 4;

    /**
     * The shape of a convolution: {@code channels × height × width} in, {@code filters ×
     * outHeight() × outWidth()} out, a square {@code kernel}, the same stride and zero padding on
     * both axes.
     */
    public record Geometry(int channels, int height, int width, int filters, int kernel, int stride, int padding) {
        public Geometry {
            if (channels < 1 || height < 1 || width < 1 || filters < 1 || kernel < 1 || stride < 1 || padding < 0) {
                throw new IllegalArgumentException("a convolution needs positive sizes, a positive stride and a padding"
                        + " of at least 0: " + this);
            }
            if (height + 2 * padding < kernel || width + 2 * padding < kernel) {
                throw new IllegalArgumentException("a " + kernel + "x" + kernel + " kernel does not fit a " + height + "x"
                        + width + " image padded by " + padding);
            }
        }

        /** ⌊(height + 2·padding − kernel) / stride⌋ + 1. */
        public int outHeight() {
            return (height + 2 * padding - kernel) / stride + 1;
        }

        /** ⌊(width + 2·padding − kernel) / stride⌋ + 1. */
        public int outWidth() {
            return (width + 2 * padding - kernel) / stride + 1;
        }

        /** Floats per input image. */
        public int inputSize() {
            return channels * height * width;
        }

        /** Floats per output image. */
        public int outputSize() {
            return filters * outHeight() * outWidth();
        }

        /** Columns of the weight matrix: channels · kernel². */
        public int patchSize() {
            return channels * kernel * kernel;
        }

        /** Weights: filters × patchSize(). */
        public int weightCount() {
            return filters * patchSize();
        }
    }

    private final Geometry g;
    private final int maxBatch;
    private final int pixels;
    /** The patches of the batch: patchSize() × (batch · pixels). */
    private final float[] columns;
    /** A filters × (batch · pixels) matrix: outputs before they are laid out image by image, or their gradients. */
    private final float[] planes;
    private final KernelOps ops = Kernels.ops();
    private final boolean direct;
    /** The input of the last {@link #forward} on the direct path, which {@link #backward} reads. */
    private float[] lastInput;

    /** The loops {@link #parallel} splits over the images of a batch, each part its own images. */
    private enum Loop { IM2COL, COL2IM, FROM_PLANES, TO_PLANES, DIRECT_FORWARD }

    /** What the parts of the current {@link #parallel} call work on: set before it runs, cleared after. */
    private Loop loop;
    private float[] loopIn;
    private float[] loopOut;
    private float[] loopWeights;
    private float[] loopBias;
    private int loopBatch;
    /** Made once, so a call allocates nothing. */
    private final Parallel.Task parts = this::part;

    public Convolution(Geometry geometry, int maxBatch) {
        if (maxBatch < 1) {
            throw new IllegalArgumentException("the batch must hold at least one image, not " + maxBatch);
        }
        this.g = geometry;
        this.maxBatch = maxBatch;
        this.pixels = geometry.outHeight() * geometry.outWidth();
        this.direct = geometry.filters() <= DIRECT_UP_TO;
        this.columns = new float[geometry.patchSize() * maxBatch * pixels];
        this.planes = new float[geometry.filters() * maxBatch * pixels];
    }

    public Geometry geometry() {
        return g;
    }

    /**
     * Applies {@code activation} in place to the first {@code n} values of {@code z}, the outputs
     * of a convolution (whose biases it has added already); {@code LINEAR} leaves them.
     */
    public static void activate(Activation activation, float[] z, int n) {
        switch (activation) {
            case RELU:
                for (int i = 0; i < n; i++) {
                    z[i] = Math.max(z[i], 0f);
                }
                break;
            case SIGMOID:
                for (int i = 0; i < n; i++) {
                    z[i] = (float) (1 / (1 + Math.exp(-z[i])));
                }
                break;
            case TANH:
                for (int i = 0; i < n; i++) {
                    z[i] = (float) Math.tanh(z[i]);
                }
                break;
            case LINEAR:
                break;
            default:
                throw new AssertionError(activation);
        }
    }

    /**
     * y = W ∗ x + b for {@code batch} images: {@code x} is {@code batch × inputSize()}, {@code y}
     * {@code batch × outputSize()}, {@code bias} one per filter. Keeps the patches of {@code x} for
     * {@link #backward}.
     */
    public void forward(float[] x, int batch, float[] weights, float[] bias, float[] y) {
        check(batch);
        if (direct) {
            lastInput = x;
            parallel(Loop.DIRECT_FORWARD, x, y, weights, bias, batch);
            return;
        }
        int n = batch * pixels;
        parallel(Loop.IM2COL, x, columns, null, null, batch);
        ops.gemmNN(g.filters(), n, g.patchSize(), 1f, weights, g.patchSize(), columns, n, 0f, planes, n);
        parallel(Loop.FROM_PLANES, planes, y, null, bias, batch);
    }

    /**
     * The gradients of a {@link #forward} on the same {@code batch} images (whose patches it kept, or
     * on the direct path the input array itself, which must not change in between):
     * {@code weightGradient} and {@code biasGradient} are set (not added to) from {@code dy}
     * ({@code batch × outputSize()}); {@code dx} ({@code batch × inputSize()}), when not null, is set
     * to the gradient with respect to the input.
     */
    public void backward(float[] dy, int batch, float[] weights, float[] weightGradient, float[] biasGradient, float[] dx) {
        check(batch);
        if (direct) {
            directBackward(lastInput, dy, batch, weights, weightGradient, biasGradient, dx);
            return;
        }
        int n = batch * pixels;
        parallel(Loop.TO_PLANES, dy, planes, null, null, batch);
        ops.gemmNT(g.filters(), g.patchSize(), n, 1f, planes, n, columns, n, 0f, weightGradient, g.patchSize());
        rowSums(planes, g.filters(), n, biasGradient);
        if (dx != null) {
            ops.gemmTN(g.patchSize(), n, g.filters(), 1f, weights, g.patchSize(), planes, n, 0f, columns, n);
            parallel(Loop.COL2IM, columns, dx, null, null, batch);
        }
    }

    /**
     * The transposed convolution that mirrors this one, forward: {@code x} is {@code batch ×
     * outputSize()} (this convolution's output shape), {@code y} is {@code batch × inputSize()},
     * {@code bias} one per channel.
     */
    public void transposedForward(float[] x, int batch, float[] weights, float[] bias, float[] y) {
        check(batch);
        int n = batch * pixels;
        parallel(Loop.TO_PLANES, x, planes, null, null, batch);
        ops.gemmTN(g.patchSize(), n, g.filters(), 1f, weights, g.patchSize(), planes, n, 0f, columns, n);
        parallel(Loop.COL2IM, columns, y, null, bias, batch);
    }

    /**
     * The gradients of {@link #transposedForward} on input {@code x}: {@code weightGradient} and
     * {@code biasGradient} (one per channel) set from {@code dy} ({@code batch × inputSize()});
     * {@code dx} ({@code batch × outputSize()}), when not null, set to the gradient with respect to
     * the input.
     */
    public void transposedBackward(float[] x, float[] dy, int batch, float[] weights, float[] weightGradient,
            float[] biasGradient, float[] dx) {
        check(batch);
        int n = batch * pixels;
        parallel(Loop.IM2COL, dy, columns, null, null, batch);
        parallel(Loop.TO_PLANES, x, planes, null, null, batch);
        ops.gemmNT(g.filters(), g.patchSize(), n, 1f, planes, n, columns, n, 0f, weightGradient, g.patchSize());
        int plane = g.height() * g.width();
        Arrays.fill(biasGradient, 0, g.channels(), 0f);
        for (int s = 0; s < batch; s++) {
            for (int c = 0; c < g.channels(); c++) {
                int at = s * g.inputSize() + c * plane;
                double sum = 0;
                for (int p = 0; p < plane; p++) {
                    sum += dy[at + p];
                }
                biasGradient[c] += (float) sum;
            }
        }
        if (dx != null) {
            ops.gemmNN(g.filters(), n, g.patchSize(), 1f, weights, g.patchSize(), columns, n, 0f, planes, n);
            parallel(Loop.FROM_PLANES, planes, dx, null, null, batch);
        }
    }

    /**
     * The output columns oj of a row whose input column oj·stride − padding + kj lies inside the
     * image: {@code [first, end)}.
     */
    private int firstColumn(int kj) {
        int lowest = g.padding() - kj; // oj·stride ≥ padding − kj
        return lowest <= 0 ? 0 : (lowest + g.stride() - 1) / g.stride();
    }

    private int endColumn(int kj) {
        int limit = g.width() + g.padding() - kj; // oj·stride < width + padding − kj
        return limit <= 0 ? 0 : Math.min(g.outWidth(), (limit + g.stride() - 1) / g.stride());
    }

    /** y = W ∗ x + b by loops over the rows: for each filter, channel and kernel offset, a scaled row added. */
    private void directForward(float[] x, int from, int to, float[] weights, float[] bias, float[] y) {
        int k = g.kernel();
        int oh = g.outHeight();
        int ow = g.outWidth();
        int stride = g.stride();
        int plane = g.height() * g.width();
        for (int s = from; s < to; s++) {
            for (int f = 0; f < g.filters(); f++) {
                int out = s * g.outputSize() + f * pixels;
                Arrays.fill(y, out, out + pixels, bias[f]);
                for (int c = 0; c < g.channels(); c++) {
                    int image = s * g.inputSize() + c * plane;
                    for (int ki = 0; ki < k; ki++) {
                        for (int kj = 0; kj < k; kj++) {
                            float w = weights[f * g.patchSize() + (c * k + ki) * k + kj];
                            int first = firstColumn(kj);
                            int end = endColumn(kj);
                            int shift = kj - g.padding();
                            for (int oi = 0; oi < oh; oi++) {
                                int i = oi * stride - g.padding() + ki;
                                if (i < 0 || i >= g.height()) {
                                    continue;
                                }
                                int row = out + oi * ow;
                                int source = image + i * g.width() + shift;
                                for (int oj = first; oj < end; oj++) {
                                    y[row + oj] += w * x[source + oj * stride];
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /** The gradients of {@link #directForward} by the same loops: dW and db summed over the batch, dx scattered. */
    private void directBackward(float[] x, float[] dy, int batch, float[] weights, float[] weightGradient, float[] biasGradient,
            float[] dx) {
        if (x == null) {
            throw new IllegalStateException("backward needs a forward on the same images first");
        }
        int k = g.kernel();
        int oh = g.outHeight();
        int ow = g.outWidth();
        int stride = g.stride();
        int plane = g.height() * g.width();
        Arrays.fill(weightGradient, 0, g.weightCount(), 0f);
        if (dx != null) {
            Arrays.fill(dx, 0, batch * g.inputSize(), 0f);
        }
        for (int f = 0; f < g.filters(); f++) {
            double biasSum = 0;
            for (int s = 0; s < batch; s++) {
                int out = s * g.outputSize() + f * pixels;
                for (int p = 0; p < pixels; p++) {
                    biasSum += dy[out + p];
                }
            }
            biasGradient[f] = (float) biasSum;
        }
        for (int s = 0; s < batch; s++) {
            for (int f = 0; f < g.filters(); f++) {
                int out = s * g.outputSize() + f * pixels;
                for (int c = 0; c < g.channels(); c++) {
                    int image = s * g.inputSize() + c * plane;
                    for (int ki = 0; ki < k; ki++) {
                        for (int kj = 0; kj < k; kj++) {
                            int at = f * g.patchSize() + (c * k + ki) * k + kj;
                            float w = weights[at];
                            int first = firstColumn(kj);
                            int end = endColumn(kj);
                            int shift = kj - g.padding();
                            float sum = 0;
                            for (int oi = 0; oi < oh; oi++) {
                                int i = oi * stride - g.padding() + ki;
                                if (i < 0 || i >= g.height()) {
                                    continue;
                                }
                                int row = out + oi * ow;
                                int source = image + i * g.width() + shift;
                                for (int oj = first; oj < end; oj++) {
                                    sum += dy[row + oj] * x[source + oj * stride];
                                }
                                if (dx != null) {
                                    for (int oj = first; oj < end; oj++) {
                                        dx[source + oj * stride] += w * dy[row + oj];
                                    }
                                }
                            }
                            weightGradient[at] += sum;
                        }
                    }
                }
            }
        }
    }

    /** Runs {@code loop} over the images of the batch on the runtime's threads, each part its own images. */
    private void parallel(Loop loop, float[] in, float[] out, float[] weights, float[] bias, int batch) {
        this.loop = loop;
        loopIn = in;
        loopOut = out;
        loopWeights = weights;
        loopBias = bias;
        loopBatch = batch;
        try {
            Parallel.instance().run(parts);
        } finally {
            loopIn = loopOut = loopWeights = loopBias = null;
        }
    }

    /** Part {@code part} of {@code parts} of the current loop: images {@code batch·part/parts} up to the next part's. */
    private void part(int part, int parts) {
        int from = (int) ((long) loopBatch * part / parts);
        int to = (int) ((long) loopBatch * (part + 1) / parts);
        if (from == to) {
            return;
        }
        switch (loop) {
            case IM2COL -> im2col(loopIn, from, to, loopBatch, loopOut);
            case COL2IM -> col2im(loopIn, from, to, loopBatch, loopBias, loopOut);
            case FROM_PLANES -> fromPlanes(loopIn, from, to, loopBatch, loopBias, loopOut);
            case TO_PLANES -> toPlanes(loopIn, from, to, loopBatch, loopOut);
            case DIRECT_FORWARD -> directForward(loopIn, from, to, loopWeights, loopBias, loopOut);
            default -> throw new AssertionError(loop);
        }
    }

    private void check(int batch) {
        if (batch < 1 || batch > maxBatch) {
            throw new IllegalArgumentException("a batch of " + batch + " images; this convolution holds 1 to " + maxBatch);
        }
    }

    /**
     * The patches of {@code batch} images as columns: row (c, ki, kj) of {@code out}, column
     * (s, oi, oj) holds pixel (c, oi·stride − padding + ki, oj·stride − padding + kj) of image s, or 0
     * in the padding.
     */
    private void im2col(float[] x, int from, int to, int batch, float[] out) {
        int k = g.kernel();
        int oh = g.outHeight();
        int ow = g.outWidth();
        int n = batch * pixels;
        for (int c = 0; c < g.channels(); c++) {
            for (int ki = 0; ki < k; ki++) {
                for (int kj = 0; kj < k; kj++) {
                    int row = ((c * k + ki) * k + kj) * n;
                    for (int s = from; s < to; s++) {
                        int image = s * g.inputSize() + c * g.height() * g.width();
                        int col = row + s * pixels;
                        for (int oi = 0; oi < oh; oi++) {
                            int i = oi * g.stride() - g.padding() + ki;
                            int at = col + oi * ow;
                            if (i < 0 || i >= g.height()) {
                                Arrays.fill(out, at, at + ow, 0f);
                                continue;
                            }
                            int source = image + i * g.width();
                            for (int oj = 0; oj < ow; oj++) {
                                int j = oj * g.stride() - g.padding() + kj;
                                out[at + oj] = j >= 0 && j < g.width() ? x[source + j] : 0f;
                            }
                        }
                    }
                }
            }
        }
    }

    /**
     * The adjoint of {@link #im2col} for images {@code from} to {@code to}: their part of {@code dx}
     * set to the sum, over the patches each pixel is in, of their columns, plus the channel's
     * {@code bias} (none when null).
     */
    private void col2im(float[] columns, int from, int to, int batch, float[] bias, float[] dx) {
        int plane = g.height() * g.width();
        for (int s = from; s < to; s++) {
            for (int c = 0; c < g.channels(); c++) {
                int at = s * g.inputSize() + c * plane;
                Arrays.fill(dx, at, at + plane, bias == null ? 0f : bias[c]);
            }
        }
        int k = g.kernel();
        int oh = g.outHeight();
        int ow = g.outWidth();
        int n = batch * pixels;
        for (int c = 0; c < g.channels(); c++) {
            for (int ki = 0; ki < k; ki++) {
                for (int kj = 0; kj < k; kj++) {
                    int row = ((c * k + ki) * k + kj) * n;
                    for (int s = from; s < to; s++) {
                        int image = s * g.inputSize() + c * g.height() * g.width();
                        int col = row + s * pixels;
                        for (int oi = 0; oi < oh; oi++) {
                            int i = oi * g.stride() - g.padding() + ki;
                            if (i < 0 || i >= g.height()) {
                                continue;
                            }
                            int target = image + i * g.width();
                            int at = col + oi * ow;
                            for (int oj = 0; oj < ow; oj++) {
                                int j = oj * g.stride() - g.padding() + kj;
                                if (j >= 0 && j < g.width()) {
                                    dx[target + j] += columns[at + oj];
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /** {@code y[s][f][p] = planes[f][s·pixels + p] + bias[f]} (no bias when null) for images {@code from} to {@code to}. */
    private void fromPlanes(float[] planes, int from, int to, int batch, float[] bias, float[] y) {
        int n = batch * pixels;
        for (int s = from; s < to; s++) {
            for (int f = 0; f < g.filters(); f++) {
                float b = bias == null ? 0f : bias[f];
                int source = f * n + s * pixels;
                int target = s * g.outputSize() + f * pixels;
                for (int p = 0; p < pixels; p++) {
                    y[target + p] = planes[source + p] + b;
                }
            }
        }
    }

    /** {@code planes[f][s·pixels + p] = y[s][f][p]} for images {@code from} to {@code to}. */
    private void toPlanes(float[] y, int from, int to, int batch, float[] planes) {
        int n = batch * pixels;
        for (int s = from; s < to; s++) {
            for (int f = 0; f < g.filters(); f++) {
                System.arraycopy(y, s * g.outputSize() + f * pixels, planes, f * n + s * pixels, pixels);
            }
        }
    }

    private static void rowSums(float[] m, int rows, int cols, float[] out) {
        for (int r = 0; r < rows; r++) {
            double sum = 0;
            for (int c = 0; c < cols; c++) {
                sum += m[r * cols + c];
            }
            out[r] = (float) sum;
        }
    }
}
