package org.aestack.runtime.engine;

import java.util.Arrays;
import org.aestack.dsl.Activation;
import org.aestack.runtime.kernel.KernelOps;
import org.aestack.runtime.kernel.Kernels;
import org.aestack.runtime.kernel.Parallel;

/**
 * Two-dimensional convolution and its transpose over a batch of images, by im2col into the packed
 * GEMM. Images are rows of {@code channels × height × width} floats (NCHW, PyTorch's layout);
 * weights are {@code filters × (channels · kernel · kernel)}, PyTorch's {@code Conv2d} layout, and
 * the same matrix serves the transposed convolution that mirrors this one ({@code ConvTranspose2d}
 * with {@code filters} inputs and {@code channels} outputs).
 *
 * <p>The batch is split between the runtime's threads, each taking its own images, and each
 * thread goes through its images a few at a time: the patches of a chunk of images laid side by
 * side as the columns of one matrix, one product, then the columns scattered back, all while the
 * chunk's columns are still in that core's cache (about a megabyte of them). Laying out the
 * patches of the whole batch at once, as this class first did, made W4's transposed convolutions
 * write and read back a 26 MB patch matrix through memory every step, and that traffic, not the
 * multiply-adds, was the largest part of a step. The weight gradients are summed per thread and
 * the threads' sums added in a fixed order, so a result depends on the thread count but not on
 * timing.
 *
 * <p>The transposed convolution maps the convolution's output shape back to exactly its input
 * shape (the rows and columns a stride leaves over are the output padding), so a decoder built
 * from the encoder's geometries always mirrors it.
 *
 * <p>With at most {@link #DIRECT_UP_TO} filters the product would be a matrix-vector one and the
 * patch matrix mostly memory traffic (W4's last layer, 32 channels to 1 at 28 × 28, spent 26 ms a
 * batch of 64 forward that way); with at most {@code DIRECT_UP_TO} channels at stride 1 the
 * product is only {@code channels · kernel²} deep, too shallow for the GEMM to gain on the copies
 * (where the output planes are at least {@link #DIRECT_MIN_PIXELS} long).
 * Such convolutions run as direct loops instead. At stride 1 they run over whole planes: each
 * input plane is copied once into a zero-padded one, and then every (filter, channel, kernel
 * offset) is one multiply-add of two long runs of floats, the padded planes read at that offset
 * (the outputs in the padding's columns are computed too and dropped). That one long run on the
 * Vector API replaced loops over each row, which at 28 floats a row left most of the time in the
 * loops' ends: W4's first and last layers took a fifth of a step that way. At other strides they
 * run row by row.
 *
 * <p>All scratch is allocated once for {@code maxBatch} images; a step allocates nothing. An
 * instance is not thread-safe: each trainer owns its own.
 */
public final class Convolution {
    /**
     * The most filters, or at stride 1 channels, for which the convolution (not its transpose) runs
     * as direct loops rather than im2col.
     */
    public static final int DIRECT_UP_TO = 4;
    /**
     * The fewest output pixels for which a convolution of few channels (but more filters) runs as
     * direct loops: each loop is one output plane long, and a whole-image kernel, a dense layer
     * written as a convolution, would make a million loops of one float (the dense colorizer's
     * encoder took twice as long that way as by im2col).
     */
    public static final int DIRECT_MIN_PIXELS = 128;
    /** About how many floats of patch columns a chunk of images fills: 1 MB, half a core's L2 cache. */
    private static final int CHUNK_FLOATS = 1 << 18;

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

    /** One thread's scratch: the patches and planes of its current chunk, and its sums of the gradients. */
    private static final class Workspace {
        /** The patches of a chunk: patchSize() × (chunk · pixels). */
        final float[] columns;
        /** A filters × (chunk · pixels) matrix: outputs before they are laid out image by image, or their gradients. */
        final float[] planes;
        final float[] weightGradient;
        /** One per filter, or per channel for the transposed convolution. */
        final float[] biasGradient;
        /** For the direct loops over whole planes: an image's planes zero-padded, channels × paddedHeight × paddedWidth. */
        final float[] padded;
        /** Their gradients. */
        final float[] paddedGradient;
        /**
         * filters × outHeight × paddedWidth: the outputs in the padded planes' layout, or their
         * gradients with zeros in the padding's columns.
         */
        final float[] paddedOutputs;

        Workspace(Geometry g, int chunk, int pixels, boolean wholePlanes) {
            columns = new float[g.patchSize() * chunk * pixels];
            planes = new float[g.filters() * chunk * pixels];
            weightGradient = new float[g.weightCount()];
            biasGradient = new float[Math.max(g.filters(), g.channels())];
            int padded = wholePlanes ? g.channels() * (g.height() + 2 * g.padding()) * (g.width() + 2 * g.padding()) : 0;
            this.padded = new float[padded];
            paddedGradient = new float[padded];
            paddedOutputs = new float[wholePlanes ? g.filters() * g.outHeight() * (g.width() + 2 * g.padding()) : 0];
        }
    }

    private final Geometry g;
    private final int maxBatch;
    private final int pixels;
    /** Images per chunk. */
    private final int chunk;
    private final Workspace[] workspaces;
    private final KernelOps ops = Kernels.ops();
    private final boolean direct;
    /** Direct, at stride 1: over whole zero-padded planes. */
    private final boolean wholePlanes;
    private final int paddedHeight;
    private final int paddedWidth;
    /**
     * The floats of a plane in the padded layout from its first output to its last:
     * (outHeight − 1) · paddedWidth + outWidth.
     */
    private final int span;
    /** The input of the last {@link #forward}, which {@link #backward} reads. */
    private float[] lastInput;

    /** What {@link #parallel} runs on each thread's images. */
    private enum Loop { FORWARD, BACKWARD, TRANSPOSED_FORWARD, TRANSPOSED_BACKWARD, DIRECT_FORWARD, DIRECT_BACKWARD }

    /** What the parts of the current {@link #parallel} call work on: set before it runs, cleared after. */
    private Loop loop;
    private float[] loopX;
    private float[] loopY;
    private float[] loopWeights;
    private float[] loopBias;
    private float[] loopDx;
    private int loopBatch;
    /** Made once, so a call allocates nothing. */
    private final Parallel.Task parts = this::part;

    public Convolution(Geometry geometry, int maxBatch) {
        this(geometry, maxBatch, 0);
    }

    /** With {@code chunk} images per chunk, or when 0 as many as fill {@link #CHUNK_FLOATS}: tests try small chunks. */
    Convolution(Geometry geometry, int maxBatch, int chunk) {
        if (maxBatch < 1) {
            throw new IllegalArgumentException("the batch must hold at least one image, not " + maxBatch);
        }
        this.g = geometry;
        this.maxBatch = maxBatch;
        this.pixels = geometry.outHeight() * geometry.outWidth();
        this.direct = geometry.filters() <= DIRECT_UP_TO
                || geometry.stride() == 1 && geometry.channels() <= DIRECT_UP_TO && pixels >= DIRECT_MIN_PIXELS;
        this.wholePlanes = direct && geometry.stride() == 1;
        this.paddedHeight = geometry.height() + 2 * geometry.padding();
        this.paddedWidth = geometry.width() + 2 * geometry.padding();
        this.span = (geometry.outHeight() - 1) * paddedWidth + geometry.outWidth();
        int fill = (int) Math.max(1, CHUNK_FLOATS / ((long) geometry.patchSize() * pixels));
        this.chunk = Math.min(maxBatch, chunk > 0 ? chunk : fill);
        this.workspaces = new Workspace[Parallel.instance().threads()];
        for (int i = 0; i < workspaces.length; i++) {
            workspaces[i] = new Workspace(geometry, this.chunk, pixels, wholePlanes);
        }
    }

    public Geometry geometry() {
        return g;
    }

    /** How the convolution (not its transpose) runs: "planes", "rows" (the direct loops) or "im2col". For tests. */
    String path() {
        return wholePlanes ? "planes" : direct ? "rows" : "im2col";
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
     * {@code batch × outputSize()}, {@code bias} one per filter. Keeps {@code x} (the array, not a
     * copy) for {@link #backward}.
     */
    public void forward(float[] x, int batch, float[] weights, float[] bias, float[] y) {
        check(batch);
        lastInput = x;
        parallel(direct ? Loop.DIRECT_FORWARD : Loop.FORWARD, x, y, weights, bias, null, batch);
    }

    /**
     * The gradients of a {@link #forward} on the same {@code batch} images, whose array must not
     * have changed in between: {@code weightGradient} and {@code biasGradient} are set (not added
     * to) from {@code dy} ({@code batch × outputSize()}); {@code dx} ({@code batch × inputSize()}),
     * when not null, is set to the gradient with respect to the input.
     */
    public void backward(float[] dy, int batch, float[] weights, float[] weightGradient, float[] biasGradient, float[] dx) {
        check(batch);
        if (lastInput == null) {
            throw new IllegalStateException("backward needs a forward on the same images first");
        }
        parallel(direct ? Loop.DIRECT_BACKWARD : Loop.BACKWARD, lastInput, dy, weights, null, dx, batch);
        sumGradients(weightGradient, biasGradient, g.filters());
    }

    /**
     * The transposed convolution that mirrors this one, forward: {@code x} is {@code batch ×
     * outputSize()} (this convolution's output shape), {@code y} is {@code batch × inputSize()},
     * {@code bias} one per channel.
     */
    public void transposedForward(float[] x, int batch, float[] weights, float[] bias, float[] y) {
        check(batch);
        parallel(Loop.TRANSPOSED_FORWARD, x, y, weights, bias, null, batch);
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
        parallel(Loop.TRANSPOSED_BACKWARD, x, dy, weights, null, dx, batch);
        sumGradients(weightGradient, biasGradient, g.channels());
    }

    /** The threads' sums of the gradients added, in thread order; a thread without images has zeros. */
    private void sumGradients(float[] weightGradient, float[] biasGradient, int biases) {
        System.arraycopy(workspaces[0].weightGradient, 0, weightGradient, 0, g.weightCount());
        System.arraycopy(workspaces[0].biasGradient, 0, biasGradient, 0, biases);
        for (int t = 1; t < workspaces.length; t++) {
            Workspace w = workspaces[t];
            for (int i = 0; i < g.weightCount(); i++) {
                weightGradient[i] += w.weightGradient[i];
            }
            for (int i = 0; i < biases; i++) {
                biasGradient[i] += w.biasGradient[i];
            }
        }
    }

    /** Images {@code [from, to)} of the batch, chunk by chunk: see {@link #forward}. */
    private void forwardPart(Workspace w, float[] x, int from, int to, float[] weights, float[] bias, float[] y) {
        for (int s0 = from; s0 < to; s0 += chunk) {
            int s1 = Math.min(to, s0 + chunk);
            int n = (s1 - s0) * pixels;
            im2col(x, s0, s1, w.columns);
            ops.gemmNN(g.filters(), n, g.patchSize(), 1f, weights, g.patchSize(), w.columns, n, 0f, w.planes, n);
            fromPlanes(w.planes, s0, s1, bias, y);
        }
    }

    /** Images {@code [from, to)}: their share of the gradients into {@code w}, and their part of {@code dx}. */
    private void backwardPart(Workspace w, float[] x, float[] dy, int from, int to, float[] weights, float[] dx) {
        for (int s0 = from; s0 < to; s0 += chunk) {
            int s1 = Math.min(to, s0 + chunk);
            int n = (s1 - s0) * pixels;
            im2col(x, s0, s1, w.columns);
            toPlanes(dy, s0, s1, w.planes);
            addWeightGradient(w, n);
            addRowSums(w.planes, 0, g.filters(), n, w.biasGradient);
            if (dx != null) {
                ops.gemmTN(g.patchSize(), n, g.filters(), 1f, weights, g.patchSize(), w.planes, n, 0f, w.columns, n);
                col2im(w.columns, s0, s1, null, dx);
            }
        }
    }

    /** Images {@code [from, to)} of {@link #transposedForward}. */
    private void transposedForwardPart(Workspace w, float[] x, int from, int to, float[] weights, float[] bias, float[] y) {
        for (int s0 = from; s0 < to; s0 += chunk) {
            int s1 = Math.min(to, s0 + chunk);
            int n = (s1 - s0) * pixels;
            toPlanes(x, s0, s1, w.planes);
            ops.gemmTN(g.patchSize(), n, g.filters(), 1f, weights, g.patchSize(), w.planes, n, 0f, w.columns, n);
            col2im(w.columns, s0, s1, bias, y);
        }
    }

    /** Images {@code [from, to)} of {@link #transposedBackward}. */
    private void transposedBackwardPart(Workspace w, float[] x, float[] dy, int from, int to, float[] weights, float[] dx) {
        for (int s0 = from; s0 < to; s0 += chunk) {
            int s1 = Math.min(to, s0 + chunk);
            int n = (s1 - s0) * pixels;
            im2col(dy, s0, s1, w.columns);
            toPlanes(x, s0, s1, w.planes);
            addWeightGradient(w, n);
            for (int s = s0; s < s1; s++) {
                addRowSums(dy, s * g.inputSize(), g.channels(), g.height() * g.width(), w.biasGradient);
            }
            if (dx != null) {
                ops.gemmNN(g.filters(), n, g.patchSize(), 1f, weights, g.patchSize(), w.columns, n, 0f, w.planes, n);
                fromPlanes(w.planes, s0, s1, null, dx);
            }
        }
    }

    /** Adds to {@code w}'s weight gradient the product of its planes (filters × n) and its columns (patchSize × n) transposed. */
    private void addWeightGradient(Workspace w, int n) {
        ops.gemmNT(g.filters(), g.patchSize(), n, 1f, w.planes, n, w.columns, n, 1f, w.weightGradient, g.patchSize());
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

    /**
     * The gradients of {@link #directForward} by the same loops, for images {@code [from, to)}: their
     * share of dW and db into {@code w}, their part of dx (when not null) set.
     */
    private void directBackward(Workspace w, float[] x, float[] dy, int from, int to, float[] weights, float[] dx) {
        int k = g.kernel();
        int oh = g.outHeight();
        int ow = g.outWidth();
        int stride = g.stride();
        int plane = g.height() * g.width();
        if (dx != null) {
            Arrays.fill(dx, from * g.inputSize(), to * g.inputSize(), 0f);
        }
        for (int s = from; s < to; s++) {
            addRowSums(dy, s * g.outputSize(), g.filters(), pixels, w.biasGradient);
            for (int f = 0; f < g.filters(); f++) {
                int out = s * g.outputSize() + f * pixels;
                for (int c = 0; c < g.channels(); c++) {
                    int image = s * g.inputSize() + c * plane;
                    for (int ki = 0; ki < k; ki++) {
                        for (int kj = 0; kj < k; kj++) {
                            int at = f * g.patchSize() + (c * k + ki) * k + kj;
                            float weight = weights[at];
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
                                        dx[source + oj * stride] += weight * dy[row + oj];
                                    }
                                }
                            }
                            w.weightGradient[at] += sum;
                        }
                    }
                }
            }
        }
    }

    /**
     * Image s's planes into the interior of {@code padded} (channels × paddedHeight × paddedWidth),
     * whose border, never written, stays zero.
     */
    private void pad(float[] x, int s, float[] padded) {
        int plane = paddedHeight * paddedWidth;
        for (int c = 0; c < g.channels(); c++) {
            for (int i = 0; i < g.height(); i++) {
                System.arraycopy(x, s * g.inputSize() + (c * g.height() + i) * g.width(), padded,
                        c * plane + (i + g.padding()) * paddedWidth + g.padding(), g.width());
            }
        }
    }

    /**
     * y = W ∗ x + b at stride 1 for images {@code [from, to)}: output (oi, oj) sits at
     * oi · paddedWidth + oj in the padded layout and reads the padded plane at that index plus
     * ki · paddedWidth + kj, so one kernel offset of one channel is a single multiply-add over
     * {@link #span} floats.
     */
    private void planeForward(Workspace w, float[] x, int from, int to, float[] weights, float[] bias, float[] y) {
        int k = g.kernel();
        int plane = paddedHeight * paddedWidth;
        int ow = g.outWidth();
        int rows = g.outHeight() * paddedWidth;
        for (int s = from; s < to; s++) {
            pad(x, s, w.padded);
            for (int f = 0; f < g.filters(); f++) {
                int out = f * rows;
                Arrays.fill(w.paddedOutputs, out, out + span, bias[f]);
                for (int c = 0; c < g.channels(); c++) {
                    for (int ki = 0; ki < k; ki++) {
                        for (int kj = 0; kj < k; kj++) {
                            ops.axpy(weights[f * g.patchSize() + (c * k + ki) * k + kj], w.padded,
                                    c * plane + ki * paddedWidth + kj, w.paddedOutputs, out, span);
                        }
                    }
                }
                for (int oi = 0; oi < g.outHeight(); oi++) {
                    System.arraycopy(w.paddedOutputs, out + oi * paddedWidth, y, s * g.outputSize() + f * pixels + oi * ow, ow);
                }
            }
        }
    }

    /**
     * The gradients of {@link #planeForward} for images {@code [from, to)}: dW by dot products of
     * the output gradients (in the padded layout, zero in the padding's columns) with the padded
     * input at each offset, dx by the same runs added back, then its interior taken.
     */
    private void planeBackward(Workspace w, float[] x, float[] dy, int from, int to, float[] weights, float[] dx) {
        int k = g.kernel();
        int plane = paddedHeight * paddedWidth;
        int ow = g.outWidth();
        int rows = g.outHeight() * paddedWidth;
        for (int s = from; s < to; s++) {
            pad(x, s, w.padded);
            addRowSums(dy, s * g.outputSize(), g.filters(), pixels, w.biasGradient);
            for (int f = 0; f < g.filters(); f++) {
                for (int oi = 0; oi < g.outHeight(); oi++) {
                    int at = f * rows + oi * paddedWidth;
                    System.arraycopy(dy, s * g.outputSize() + f * pixels + oi * ow, w.paddedOutputs, at, ow);
                    Arrays.fill(w.paddedOutputs, at + ow, at + paddedWidth, 0f); // forward's outputs in the padding
                }
            }
            if (dx != null) {
                Arrays.fill(w.paddedGradient, 0f);
            }
            for (int f = 0; f < g.filters(); f++) {
                for (int c = 0; c < g.channels(); c++) {
                    for (int ki = 0; ki < k; ki++) {
                        for (int kj = 0; kj < k; kj++) {
                            int at = f * g.patchSize() + (c * k + ki) * k + kj;
                            int offset = c * plane + ki * paddedWidth + kj;
                            w.weightGradient[at] += ops.dot(w.paddedOutputs, f * rows, w.padded, offset, span);
                            if (dx != null) {
                                ops.axpy(weights[at], w.paddedOutputs, f * rows, w.paddedGradient, offset, span);
                            }
                        }
                    }
                }
            }
            if (dx != null) {
                for (int c = 0; c < g.channels(); c++) {
                    for (int i = 0; i < g.height(); i++) {
                        System.arraycopy(w.paddedGradient, c * plane + (i + g.padding()) * paddedWidth + g.padding(), dx,
                                s * g.inputSize() + (c * g.height() + i) * g.width(), g.width());
                    }
                }
            }
        }
    }

    /** Runs {@code loop} over the images of the batch on the runtime's threads, each part its own images. */
    private void parallel(Loop loop, float[] x, float[] y, float[] weights, float[] bias, float[] dx, int batch) {
        this.loop = loop;
        loopX = x;
        loopY = y;
        loopWeights = weights;
        loopBias = bias;
        loopDx = dx;
        loopBatch = batch;
        try {
            Parallel.instance().run(parts);
        } finally {
            loopX = loopY = loopWeights = loopBias = loopDx = null;
        }
    }

    /**
     * Part {@code part} of {@code parts} of the current loop: images {@code batch·part/parts} up to
     * the next part's, in that part's workspace, whose gradient sums a backward loop adds to.
     */
    private void part(int part, int parts) {
        int from = (int) ((long) loopBatch * part / parts);
        int to = (int) ((long) loopBatch * (part + 1) / parts);
        Workspace w = workspaces[part];
        if (loop == Loop.BACKWARD || loop == Loop.TRANSPOSED_BACKWARD || loop == Loop.DIRECT_BACKWARD) {
            // the part's sums start at zero, and stay there for a part without images
            Arrays.fill(w.weightGradient, 0f);
            Arrays.fill(w.biasGradient, 0f);
        }
        switch (loop) {
            case FORWARD -> forwardPart(w, loopX, from, to, loopWeights, loopBias, loopY);
            case BACKWARD -> backwardPart(w, loopX, loopY, from, to, loopWeights, loopDx);
            case TRANSPOSED_FORWARD -> transposedForwardPart(w, loopX, from, to, loopWeights, loopBias, loopY);
            case TRANSPOSED_BACKWARD -> transposedBackwardPart(w, loopX, loopY, from, to, loopWeights, loopDx);
            case DIRECT_FORWARD -> {
                if (wholePlanes) {
                    planeForward(w, loopX, from, to, loopWeights, loopBias, loopY);
                } else {
                    directForward(loopX, from, to, loopWeights, loopBias, loopY);
                }
            }
            case DIRECT_BACKWARD -> {
                if (wholePlanes) {
                    planeBackward(w, loopX, loopY, from, to, loopWeights, loopDx);
                } else {
                    directBackward(w, loopX, loopY, from, to, loopWeights, loopDx);
                }
            }
            default -> throw new AssertionError(loop);
        }
    }

    private void check(int batch) {
        if (batch < 1 || batch > maxBatch) {
            throw new IllegalArgumentException("a batch of " + batch + " images; this convolution holds 1 to " + maxBatch);
        }
    }

    /**
     * The patches of images {@code [from, to)} as columns: row (c, ki, kj) of {@code out}, column
     * (s − from, oi, oj) holds pixel (c, oi·stride − padding + ki, oj·stride − padding + kj) of image
     * s, or 0 in the padding.
     */
    private void im2col(float[] x, int from, int to, float[] out) {
        int k = g.kernel();
        int oh = g.outHeight();
        int ow = g.outWidth();
        int stride = g.stride();
        int n = (to - from) * pixels;
        for (int c = 0; c < g.channels(); c++) {
            for (int ki = 0; ki < k; ki++) {
                for (int kj = 0; kj < k; kj++) {
                    int row = ((c * k + ki) * k + kj) * n;
                    int first = firstColumn(kj);
                    int end = Math.max(first, endColumn(kj));
                    int shift = kj - g.padding();
                    for (int s = from; s < to; s++) {
                        int image = s * g.inputSize() + c * g.height() * g.width();
                        int col = row + (s - from) * pixels;
                        for (int oi = 0; oi < oh; oi++) {
                            int i = oi * stride - g.padding() + ki;
                            int at = col + oi * ow;
                            if (i < 0 || i >= g.height()) {
                                Arrays.fill(out, at, at + ow, 0f);
                                continue;
                            }
                            int source = image + i * g.width() + shift;
                            for (int oj = 0; oj < first; oj++) {
                                out[at + oj] = 0f;
                            }
                            if (stride == 1) {
                                System.arraycopy(x, source + first, out, at + first, end - first);
                            } else {
                                for (int oj = first; oj < end; oj++) {
                                    out[at + oj] = x[source + oj * stride];
                                }
                            }
                            for (int oj = end; oj < ow; oj++) {
                                out[at + oj] = 0f;
                            }
                        }
                    }
                }
            }
        }
    }

    /**
     * The adjoint of {@link #im2col} for images {@code [from, to)}: their part of {@code dx} set to
     * the sum, over the patches each pixel is in, of their columns, plus the channel's {@code bias}
     * (none when null).
     */
    private void col2im(float[] columns, int from, int to, float[] bias, float[] dx) {
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
        int stride = g.stride();
        int n = (to - from) * pixels;
        for (int c = 0; c < g.channels(); c++) {
            for (int ki = 0; ki < k; ki++) {
                for (int kj = 0; kj < k; kj++) {
                    int row = ((c * k + ki) * k + kj) * n;
                    int first = firstColumn(kj);
                    int end = endColumn(kj);
                    int shift = kj - g.padding();
                    for (int s = from; s < to; s++) {
                        int image = s * g.inputSize() + c * plane;
                        int col = row + (s - from) * pixels;
                        for (int oi = 0; oi < oh; oi++) {
                            int i = oi * stride - g.padding() + ki;
                            if (i < 0 || i >= g.height()) {
                                continue;
                            }
                            int target = image + i * g.width() + shift;
                            int at = col + oi * ow;
                            for (int oj = first; oj < end; oj++) {
                                dx[target + oj * stride] += columns[at + oj];
                            }
                        }
                    }
                }
            }
        }
    }

    /** {@code y[s][f][p] = planes[f][(s − from)·pixels + p] + bias[f]} (no bias when null) for images {@code [from, to)}. */
    private void fromPlanes(float[] planes, int from, int to, float[] bias, float[] y) {
        int n = (to - from) * pixels;
        for (int s = from; s < to; s++) {
            for (int f = 0; f < g.filters(); f++) {
                float b = bias == null ? 0f : bias[f];
                int source = f * n + (s - from) * pixels;
                int target = s * g.outputSize() + f * pixels;
                for (int p = 0; p < pixels; p++) {
                    y[target + p] = planes[source + p] + b;
                }
            }
        }
    }

    /** {@code planes[f][(s − from)·pixels + p] = y[s][f][p]} for images {@code [from, to)}. */
    private void toPlanes(float[] y, int from, int to, float[] planes) {
        int n = (to - from) * pixels;
        for (int s = from; s < to; s++) {
            for (int f = 0; f < g.filters(); f++) {
                System.arraycopy(y, s * g.outputSize() + f * pixels, planes, f * n + (s - from) * pixels, pixels);
            }
        }
    }

    /** {@code out[r] += Σ_c m[offset + r·cols + c]} over a {@code rows × cols} matrix at {@code offset}. */
    private static void addRowSums(float[] m, int offset, int rows, int cols, float[] out) {
        for (int r = 0; r < rows; r++) {
            float sum = 0;
            for (int c = 0; c < cols; c++) {
                sum += m[offset + r * cols + c];
            }
            out[r] += sum;
        }
    }
}
