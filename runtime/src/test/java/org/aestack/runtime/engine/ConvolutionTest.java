package org.aestack.runtime.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.aestack.runtime.kernel.Rng;
import org.junit.jupiter.api.Test;

/**
 * The im2col convolution and its transpose against direct scalar loops, written from the
 * definitions, over odd image sizes, strides 1 and 2, paddings 0 and 1, kernels 1 to 5 and channel
 * and filter counts that are not multiples of a vector's lanes; the transpose as the adjoint of the
 * convolution; and the gradients against central differences.
 */
class ConvolutionTest {
    /**
     * channels, height, width, filters, kernel, stride, padding. Shapes with at most
     * {@link Convolution#DIRECT_UP_TO} filters, or channels at stride 1 over at least
     * {@link Convolution#DIRECT_MIN_PIXELS} outputs, take the direct loops (over whole padded planes
     * at stride 1, row by row at stride 2), the others im2col at either stride: all three are here,
     * in every test (the adjoint test pairs each direct convolution with the im2col transpose).
     */
    private static final int[][] SHAPES = {
        {1, 7, 7, 3, 3, 2, 1},
        {3, 9, 6, 5, 3, 1, 0},
        {2, 8, 11, 17, 5, 2, 1},
        {5, 5, 5, 4, 1, 1, 0},
        {1, 28, 28, 16, 3, 2, 1},
        {6, 6, 9, 3, 4, 2, 0},
        {3, 10, 10, 7, 3, 1, 1},
        {6, 7, 5, 9, 3, 1, 1},
        {5, 6, 8, 6, 2, 1, 0},
        {32, 9, 11, 1, 3, 1, 1},
        {2, 12, 13, 6, 3, 1, 1},
        {1, 8, 8, 5, 8, 1, 0},
    };

    private static Convolution.Geometry geometry(int[] s) {
        return new Convolution.Geometry(s[0], s[1], s[2], s[3], s[4], s[5], s[6]);
    }

    private static float[] random(int n, long seed) {
        float[] a = new float[n];
        new Rng(seed).fillGaussian(a, n, 0, 1);
        return a;
    }

    /** x(s, c, i, j), or 0 outside the image: the zero padding. */
    private static double pixel(float[] x, Convolution.Geometry g, int s, int c, int i, int j) {
        if (i < 0 || i >= g.height() || j < 0 || j >= g.width()) {
            return 0;
        }
        return x[s * g.inputSize() + (c * g.height() + i) * g.width() + j];
    }

    private static double weight(float[] w, Convolution.Geometry g, int f, int c, int ki, int kj) {
        return w[f * g.patchSize() + (c * g.kernel() + ki) * g.kernel() + kj];
    }

    /** y(s, f, oi, oj) = b(f) + Σ_{c, ki, kj} W(f, c, ki, kj) · x(s, c, oi·stride − pad + ki, oj·stride − pad + kj). */
    static double[] referenceForward(float[] x, int batch, float[] w, float[] b, Convolution.Geometry g) {
        int oh = g.outHeight();
        int ow = g.outWidth();
        double[] y = new double[batch * g.outputSize()];
        for (int s = 0; s < batch; s++) {
            for (int f = 0; f < g.filters(); f++) {
                for (int oi = 0; oi < oh; oi++) {
                    for (int oj = 0; oj < ow; oj++) {
                        double sum = b[f];
                        for (int c = 0; c < g.channels(); c++) {
                            for (int ki = 0; ki < g.kernel(); ki++) {
                                for (int kj = 0; kj < g.kernel(); kj++) {
                                    sum += weight(w, g, f, c, ki, kj) * pixel(x, g, s, c, oi * g.stride() - g.padding() + ki,
                                            oj * g.stride() - g.padding() + kj);
                                }
                            }
                        }
                        y[s * g.outputSize() + (f * oh + oi) * ow + oj] = sum;
                    }
                }
            }
        }
        return y;
    }

    /** The transposed convolution by scattering: each input (s, f, oi, oj) adds W(f, c, ki, kj) times itself to its pixels. */
    static double[] referenceTransposed(float[] x, int batch, float[] w, float[] b, Convolution.Geometry g) {
        int oh = g.outHeight();
        int ow = g.outWidth();
        double[] y = new double[batch * g.inputSize()];
        for (int s = 0; s < batch; s++) {
            for (int c = 0; c < g.channels(); c++) {
                for (int p = 0; p < g.height() * g.width(); p++) {
                    y[s * g.inputSize() + c * g.height() * g.width() + p] = b[c];
                }
            }
            for (int f = 0; f < g.filters(); f++) {
                for (int oi = 0; oi < oh; oi++) {
                    for (int oj = 0; oj < ow; oj++) {
                        double v = x[s * g.outputSize() + (f * oh + oi) * ow + oj];
                        for (int c = 0; c < g.channels(); c++) {
                            for (int ki = 0; ki < g.kernel(); ki++) {
                                for (int kj = 0; kj < g.kernel(); kj++) {
                                    int i = oi * g.stride() - g.padding() + ki;
                                    int j = oj * g.stride() - g.padding() + kj;
                                    if (i >= 0 && i < g.height() && j >= 0 && j < g.width()) {
                                        y[s * g.inputSize() + (c * g.height() + i) * g.width() + j] += weight(w, g, f, c, ki, kj) * v;
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return y;
    }

    private static void assertClose(double[] expected, float[] actual, String what) {
        assertEquals(expected.length, actual.length, what);
        double scale = 1;
        for (double e : expected) {
            scale = Math.max(scale, Math.abs(e));
        }
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], 1e-5 * scale + 1e-4, what + " [" + i + "]");
        }
    }

    @Test
    void theShapesTakeEveryPath() {
        String[] paths = {"rows", "im2col", "im2col", "planes", "im2col", "rows", "im2col", "im2col", "im2col", "planes",
            "planes", "im2col"};
        for (int i = 0; i < SHAPES.length; i++) {
            assertEquals(paths[i], new Convolution(geometry(SHAPES[i]), 2).path(), geometry(SHAPES[i]).toString());
        }
        // W4's first layer (1 channel) and last (1 filter) run as direct loops, its others by im2col
        assertEquals("planes", new Convolution(new Convolution.Geometry(1, 28, 28, 32, 3, 1, 1), 2).path());
        assertEquals("planes", new Convolution(new Convolution.Geometry(32, 28, 28, 1, 3, 1, 1), 2).path());
        assertEquals("im2col", new Convolution(new Convolution.Geometry(32, 28, 28, 64, 3, 2, 1), 2).path());
    }

    @Test
    void forwardAndTransposedForwardMatchTheDirectLoops() {
        for (int[] shape : SHAPES) {
            Convolution.Geometry g = geometry(shape);
            int batch = 3;
            Convolution conv = new Convolution(g, 4);
            float[] x = random(batch * g.inputSize(), 1);
            float[] w = random(g.weightCount(), 2);
            float[] b = random(g.filters(), 3);
            float[] y = new float[batch * g.outputSize()];
            conv.forward(x, batch, w, b, y);
            assertClose(referenceForward(x, batch, w, b, g), y, g + " forward");

            float[] z = random(batch * g.outputSize(), 4);
            float[] c = random(g.channels(), 5);
            float[] back = new float[batch * g.inputSize()];
            conv.transposedForward(z, batch, w, c, back);
            assertClose(referenceTransposed(z, batch, w, c, g), back, g + " transposed");
        }
    }

    @Test
    void theTransposeIsTheAdjointAndMirrorsTheShape() {
        for (int[] shape : SHAPES) {
            Convolution.Geometry g = geometry(shape);
            int batch = 2;
            Convolution conv = new Convolution(g, batch);
            float[] x = random(batch * g.inputSize(), 6);
            float[] z = random(batch * g.outputSize(), 7);
            float[] w = random(g.weightCount(), 8);
            float[] y = new float[batch * g.outputSize()];
            float[] back = new float[batch * g.inputSize()];
            conv.forward(x, batch, w, new float[g.filters()], y);
            conv.transposedForward(z, batch, w, new float[g.channels()], back);
            // ⟨conv(x), z⟩ = ⟨x, conv*(z)⟩
            double left = 0;
            for (int i = 0; i < y.length; i++) {
                left += (double) y[i] * z[i];
            }
            double right = 0;
            for (int i = 0; i < x.length; i++) {
                right += (double) x[i] * back[i];
            }
            assertEquals(left, right, 1e-4 * Math.max(1, Math.abs(left)), g.toString());
        }
        // 7×7 at stride 2 and padding 1 gives 4×4; its transpose (checked above against the scattering
        // loops on exactly this shape) writes 7×7 back, where (4 − 1)·2 − 2 + 3 would give 7 only by luck
        // of the leftover row: 8×8 at stride 2 and padding 1 also gives 4×4.
        Convolution.Geometry seven = new Convolution.Geometry(1, 7, 7, 2, 3, 2, 1);
        Convolution.Geometry eight = new Convolution.Geometry(1, 8, 8, 2, 3, 2, 1);
        assertEquals(4, seven.outHeight());
        assertEquals(4, eight.outHeight());
        assertEquals(2 * 16, seven.outputSize());
        assertEquals(2 * 16, eight.outputSize());
    }

    @Test
    void gradientsMatchCentralDifferences() {
        for (int[] shape : new int[][] {SHAPES[0], SHAPES[2], SHAPES[5], SHAPES[6], SHAPES[7], SHAPES[9], SHAPES[10]}) {
            Convolution.Geometry g = geometry(shape);
            int batch = 2;
            Convolution conv = new Convolution(g, batch);
            float[] x = random(batch * g.inputSize(), 11);
            float[] w = random(g.weightCount(), 12);
            float[] b = random(g.filters(), 13);
            float[] c = random(g.channels(), 14);
            float[] r = random(batch * g.outputSize(), 15); // loss L = Σ r ⊙ conv(x)
            float[] q = random(batch * g.inputSize(), 16); // loss L' = Σ q ⊙ conv*(z)

            float[] dw = new float[g.weightCount()];
            float[] db = new float[g.filters()];
            float[] dx = new float[x.length];
            conv.forward(x, batch, w, b, new float[batch * g.outputSize()]);
            conv.backward(r, batch, w, dw, db, dx);
            checkDifferences(() -> dot(r, forward(conv, x, batch, w, b, g)), w, dw, g + " dW");
            checkDifferences(() -> dot(r, forward(conv, x, batch, w, b, g)), b, db, g + " db");
            checkDifferences(() -> dot(r, forward(conv, x, batch, w, b, g)), x, dx, g + " dx");

            float[] z = random(batch * g.outputSize(), 17);
            float[] dwT = new float[g.weightCount()];
            float[] dc = new float[g.channels()];
            float[] dz = new float[z.length];
            conv.transposedBackward(z, q, batch, w, dwT, dc, dz);
            checkDifferences(() -> dot(q, transposed(conv, z, batch, w, c, g)), w, dwT, g + " transposed dW");
            checkDifferences(() -> dot(q, transposed(conv, z, batch, w, c, g)), c, dc, g + " transposed db");
            checkDifferences(() -> dot(q, transposed(conv, z, batch, w, c, g)), z, dz, g + " transposed dx");
        }
    }

    /**
     * A batch split into chunks of 1, 2 and 3 images per thread (7 images: chunks that do not divide
     * a thread's share, and a last chunk shorter than the rest) gives the reference outputs and the
     * gradients of one chunk per thread: the chunks' gradient sums are added, not overwritten.
     */
    @Test
    void chunksOfAnySizeGiveTheSameResults() {
        for (int[] shape : new int[][] {SHAPES[1], SHAPES[2], SHAPES[4], SHAPES[6], SHAPES[7], SHAPES[8], SHAPES[9], SHAPES[10],
                SHAPES[11]}) {
            Convolution.Geometry g = geometry(shape);
            int batch = 7;
            float[] x = random(batch * g.inputSize(), 21);
            float[] w = random(g.weightCount(), 22);
            float[] b = random(g.filters(), 23);
            float[] c = random(g.channels(), 24);
            float[] dy = random(batch * g.outputSize(), 25);
            float[] dyT = random(batch * g.inputSize(), 26);
            float[][] whole = gradients(new Convolution(g, batch, batch), g, batch, x, w, b, c, dy, dyT);
            for (int chunk = 1; chunk <= 3; chunk++) {
                Convolution conv = new Convolution(g, batch, chunk);
                float[][] chunked = gradients(conv, g, batch, x, w, b, c, dy, dyT);
                assertClose(referenceForward(x, batch, w, b, g), chunked[0], g + " forward, chunks of " + chunk);
                assertClose(referenceTransposed(dy, batch, w, c, g), chunked[1], g + " transposed, chunks of " + chunk);
                for (int i = 2; i < whole.length; i++) {
                    assertClose(toDouble(whole[i]), chunked[i], g + " gradient " + i + ", chunks of " + chunk);
                }
            }
        }
    }

    /** forward, transposed forward, then dW, db, dx of backward and of the transposed backward. */
    private static float[][] gradients(Convolution conv, Convolution.Geometry g, int batch, float[] x, float[] w, float[] b,
            float[] c, float[] dy, float[] dyT) {
        float[] y = forward(conv, x, batch, w, b, g);
        float[] dw = new float[g.weightCount()];
        float[] db = new float[g.filters()];
        float[] dx = new float[x.length];
        conv.backward(dy, batch, w, dw, db, dx);
        float[] t = transposed(conv, dy, batch, w, c, g);
        float[] dwT = new float[g.weightCount()];
        float[] dc = new float[g.channels()];
        float[] dz = new float[dy.length];
        conv.transposedBackward(dy, dyT, batch, w, dwT, dc, dz);
        return new float[][] {y, t, dw, db, dx, dwT, dc, dz};
    }

    private static double[] toDouble(float[] a) {
        double[] d = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            d[i] = a[i];
        }
        return d;
    }

    private static float[] forward(Convolution conv, float[] x, int batch, float[] w, float[] b, Convolution.Geometry g) {
        float[] y = new float[batch * g.outputSize()];
        conv.forward(x, batch, w, b, y);
        return y;
    }

    private static float[] transposed(Convolution conv, float[] z, int batch, float[] w, float[] c, Convolution.Geometry g) {
        float[] y = new float[batch * g.inputSize()];
        conv.transposedForward(z, batch, w, c, y);
        return y;
    }

    private static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += (double) a[i] * b[i];
        }
        return s;
    }

    /** Every 7th entry of {@code p}: the loss's central difference against {@code grad}. */
    private static void checkDifferences(java.util.function.DoubleSupplier loss, float[] p, float[] grad, String what) {
        float h = 1e-2f;
        for (int i = 0; i < p.length; i += 7) {
            float keep = p[i];
            p[i] = keep + h;
            double up = loss.getAsDouble();
            p[i] = keep - h;
            double down = loss.getAsDouble();
            p[i] = keep;
            double numeric = (up - down) / (2 * h);
            // the loss is linear in each parameter, so the difference is exact up to float rounding
            assertEquals(numeric, grad[i], 2e-2 * Math.max(1, Math.abs(numeric)), what + " [" + i + "]");
        }
    }

    @Test
    void badShapesAndBatchesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new Convolution.Geometry(1, 2, 2, 1, 5, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new Convolution.Geometry(0, 5, 5, 1, 3, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> new Convolution.Geometry(1, 5, 5, 1, 3, 0, 0));
        Convolution conv = new Convolution(new Convolution.Geometry(1, 5, 5, 2, 3, 1, 1), 2);
        String message = assertThrows(IllegalArgumentException.class,
                () -> conv.forward(new float[75], 3, new float[18], new float[2], new float[150])).getMessage();
        assertTrue(message.contains("1 to 2"), message);
    }
}
