package org.aestack.runtime.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Matrix multiplication on the Vector API: {@code C = alpha * op(A) * op(B) + beta * C}, row-major.
 *
 * <p>The classic blocked scheme: for each block of {@link #KC} along K, the needed part of op(B)
 * is packed into strips {@link #NR} columns wide ({@code [k][NR]}, zero-padded), and op(A) into
 * strips of {@link #MR} rows ({@code [k][MR]}). A register-blocked microkernel then keeps an
 * {@code MR × NR} tile of C in 16 vector accumulators, each its own local, and runs fused
 * multiply-adds down K. Tiles on the M or N edge go through a small buffer, so every remainder is
 * handled explicitly. Packing reads op(A) and op(B) through their strides, which is how one kernel
 * serves the NN, NT and TN forms.
 *
 * <p>Work is split across {@link Parallel}'s threads by strips of N, fixed for a thread count. The
 * order of additions for each element of C does not depend on the split, so results are the same
 * for any thread count. Called from a part of another {@link Parallel} task (convolution gives each
 * thread its own images), a product runs on the calling thread alone.
 */
final class PanamaGemm {
    static final VectorSpecies<Float> SPECIES = PanamaSpecies.FLOAT;
    static final int LANES = SPECIES.length();
    /** Rows of A per microkernel tile. */
    static final int MR = 4;
    /** Vectors of B per microkernel tile, and so columns: {@code NV × LANES}. */
    static final int NV = 4;
    static final int NR = NV * LANES;
    /** Depth of a packed block. */
    static final int KC = 384;
    /** Rows of packed A a block keeps in L2 while the strips of B pass over it: 128 × KC floats, 192 KB. */
    static final int MC = 128;
    /** The depth of the blocks in which a transposed op(B) is packed. */
    private static final int TRANSPOSE_BLOCK = 16;
    /** Below this many multiply-adds a call runs on the calling thread only. */
    private static final long PARALLEL_THRESHOLD = 1L << 20;

    private PanamaGemm() {}

    /** Per-thread packing buffers, grown when a larger shape arrives and then reused. */
    private static final class Scratch {
        float[] a = new float[0];
        float[] b = new float[0];
        final float[] tile = new float[MR * NR];
    }

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    /** One multiplication: the operands and how to read them. */
    private static final class Job implements Parallel.Task {
        int m, n, k, lda, ldb, ldc;
        boolean transA, transB;
        float alpha;
        float[] a, b, c;

        @Override
        public void run(int part, int parts) {
            int strips = (n + NR - 1) / NR;
            int from = (int) ((long) strips * part / parts);
            int to = (int) ((long) strips * (part + 1) / parts);
            if (from < to) {
                multiply(this, from * NR, Math.min(n, to * NR));
            }
        }
    }

    private static final ThreadLocal<Job> JOBS = ThreadLocal.withInitial(Job::new);

    static void gemm(boolean transA, boolean transB, int m, int n, int k, float alpha, float[] a, int lda,
            float[] b, int ldb, float beta, float[] c, int ldc) {
        if (m <= 0 || n <= 0) {
            return;
        }
        scale(c, m, n, ldc, beta);
        if (k <= 0 || alpha == 0f) {
            return;
        }
        Job job = JOBS.get();
        job.m = m;
        job.n = n;
        job.k = k;
        job.lda = lda;
        job.ldb = ldb;
        job.ldc = ldc;
        job.transA = transA;
        job.transB = transB;
        job.alpha = alpha;
        job.a = a;
        job.b = b;
        job.c = c;
        try {
            if ((long) m * n * k < PARALLEL_THRESHOLD || n <= NR || Parallel.instance().inPart()) {
                job.run(0, 1);
            } else {
                Parallel.instance().run(job);
            }
        } finally {
            job.a = job.b = job.c = null;
        }
    }

    private static void scale(float[] c, int m, int n, int ldc, float beta) {
        if (beta == 1f) {
            return;
        }
        for (int i = 0; i < m; i++) {
            int row = i * ldc;
            if (beta == 0f) {
                java.util.Arrays.fill(c, row, row + n, 0f);
            } else {
                for (int j = 0; j < n; j++) {
                    c[row + j] *= beta;
                }
            }
        }
    }

    /** Columns {@code [j0, j1)} of C, all rows. */
    private static void multiply(Job job, int j0, int j1) {
        Scratch s = SCRATCH.get();
        int width = j1 - j0;
        int strips = (width + NR - 1) / NR;
        int rowStrips = (job.m + MR - 1) / MR;
        for (int p0 = 0; p0 < job.k; p0 += KC) {
            int kc = Math.min(KC, job.k - p0);
            if (s.b.length < strips * NR * kc) {
                s.b = new float[strips * NR * kc];
            }
            if (s.a.length < rowStrips * MR * kc) {
                s.a = new float[rowStrips * MR * kc];
            }
            packB(job, p0, kc, j0, width, s.b);
            packA(job, p0, kc, s.a);
            // A block of MC rows of packed A stays in L2 while every strip of B passes over it; each
            // strip of B stays in L2 while the block's row strips pass over it.
            for (int i0 = 0; i0 < rowStrips; i0 += MC / MR) {
                int blockEnd = Math.min(rowStrips, i0 + MC / MR);
                for (int js = 0; js < strips; js++) {
                    int j = j0 + js * NR;
                    int cols = Math.min(NR, j1 - j);
                    for (int is = i0; is < blockEnd; is++) {
                        int i = is * MR;
                        int rows = Math.min(MR, job.m - i);
                        kernel(kc, s.a, is * MR * kc, s.b, js * NR * kc, job.alpha, job.c, i * job.ldc + j, job.ldc,
                                rows, cols, s.tile);
                    }
                }
            }
        }
    }

    /** op(B)[p0 : p0+kc, j0 : j0+width] into strips of NR columns, {@code [k][NR]}, zero-padded. */
    private static void packB(Job job, int p0, int kc, int j0, int width, float[] dst) {
        float[] b = job.b;
        int ldb = job.ldb;
        int strips = (width + NR - 1) / NR;
        for (int js = 0; js < strips; js++) {
            int base = js * NR * kc;
            int jStart = j0 + js * NR;
            int cols = Math.min(NR, j0 + width - jStart);
            if (!job.transB) {
                for (int p = 0; p < kc; p++) {
                    int src = (p0 + p) * ldb + jStart;
                    int d = base + p * NR;
                    System.arraycopy(b, src, dst, d, cols);
                    if (cols < NR) {
                        java.util.Arrays.fill(dst, d + cols, d + NR, 0f);
                    }
                }
            } else {
                // A transpose, in 16 × 16 blocks so the 16 rows of the strip being written stay in L1
                // while the 16 rows of op(B) that fill them are read, each along its own cache line.
                for (int pb = 0; pb < kc; pb += TRANSPOSE_BLOCK) {
                    int pEnd = Math.min(kc, pb + TRANSPOSE_BLOCK);
                    for (int c = 0; c < NR; c++) {
                        if (c < cols) {
                            int src = (jStart + c) * ldb + p0;
                            for (int p = pb; p < pEnd; p++) {
                                dst[base + p * NR + c] = b[src + p];
                            }
                        } else {
                            for (int p = pb; p < pEnd; p++) {
                                dst[base + p * NR + c] = 0f;
                            }
                        }
                    }
                }
            }
        }
    }

    /** op(A)[:, p0 : p0+kc] into strips of MR rows, {@code [k][MR]}, zero-padded. */
    private static void packA(Job job, int p0, int kc, float[] dst) {
        float[] a = job.a;
        int lda = job.lda;
        int m = job.m;
        int rowStrips = (m + MR - 1) / MR;
        for (int is = 0; is < rowStrips; is++) {
            int base = is * MR * kc;
            for (int r = 0; r < MR; r++) {
                int i = is * MR + r;
                if (i >= m) {
                    for (int p = 0; p < kc; p++) {
                        dst[base + p * MR + r] = 0f;
                    }
                } else if (!job.transA) {
                    int src = i * lda + p0;
                    for (int p = 0; p < kc; p++) {
                        dst[base + p * MR + r] = a[src + p];
                    }
                } else {
                    for (int p = 0; p < kc; p++) {
                        dst[base + p * MR + r] = a[(p0 + p) * lda + i];
                    }
                }
            }
        }
    }

    /**
     * C[rows × cols tile at {@code c0}] += alpha * Apack-strip · Bpack-strip over {@code kc}. The
     * 4 × 4 accumulators are separate locals so they stay in registers.
     */
    private static void kernel(int kc, float[] ap, int ao, float[] bp, int bo, float alpha, float[] c, int c0, int ldc,
            int rows, int cols, float[] tile) {
        FloatVector c00 = FloatVector.zero(SPECIES), c01 = c00, c02 = c00, c03 = c00;
        FloatVector c10 = c00, c11 = c00, c12 = c00, c13 = c00;
        FloatVector c20 = c00, c21 = c00, c22 = c00, c23 = c00;
        FloatVector c30 = c00, c31 = c00, c32 = c00, c33 = c00;
        for (int p = 0; p < kc; p++) {
            int bi = bo + p * NR;
            FloatVector b0 = FloatVector.fromArray(SPECIES, bp, bi);
            FloatVector b1 = FloatVector.fromArray(SPECIES, bp, bi + LANES);
            FloatVector b2 = FloatVector.fromArray(SPECIES, bp, bi + 2 * LANES);
            FloatVector b3 = FloatVector.fromArray(SPECIES, bp, bi + 3 * LANES);
            int ai = ao + p * MR;
            FloatVector a = FloatVector.broadcast(SPECIES, ap[ai]);
            c00 = a.fma(b0, c00);
            c01 = a.fma(b1, c01);
            c02 = a.fma(b2, c02);
            c03 = a.fma(b3, c03);
            a = FloatVector.broadcast(SPECIES, ap[ai + 1]);
            c10 = a.fma(b0, c10);
            c11 = a.fma(b1, c11);
            c12 = a.fma(b2, c12);
            c13 = a.fma(b3, c13);
            a = FloatVector.broadcast(SPECIES, ap[ai + 2]);
            c20 = a.fma(b0, c20);
            c21 = a.fma(b1, c21);
            c22 = a.fma(b2, c22);
            c23 = a.fma(b3, c23);
            a = FloatVector.broadcast(SPECIES, ap[ai + 3]);
            c30 = a.fma(b0, c30);
            c31 = a.fma(b1, c31);
            c32 = a.fma(b2, c32);
            c33 = a.fma(b3, c33);
        }
        // Every tile goes through the buffer: one straight path from the loop to the stores lets the
        // JIT keep the accumulators in registers (branching on them made it box them, 700 bytes a call).
        c00.intoArray(tile, 0);
        c01.intoArray(tile, LANES);
        c02.intoArray(tile, 2 * LANES);
        c03.intoArray(tile, 3 * LANES);
        c10.intoArray(tile, NR);
        c11.intoArray(tile, NR + LANES);
        c12.intoArray(tile, NR + 2 * LANES);
        c13.intoArray(tile, NR + 3 * LANES);
        c20.intoArray(tile, 2 * NR);
        c21.intoArray(tile, 2 * NR + LANES);
        c22.intoArray(tile, 2 * NR + 2 * LANES);
        c23.intoArray(tile, 2 * NR + 3 * LANES);
        c30.intoArray(tile, 3 * NR);
        c31.intoArray(tile, 3 * NR + LANES);
        c32.intoArray(tile, 3 * NR + 2 * LANES);
        c33.intoArray(tile, 3 * NR + 3 * LANES);
        addTile(tile, alpha, c, c0, ldc, rows, cols);
    }

    /** C[rows × cols at {@code c0}] += alpha * tile: whole vectors where the tile is whole, else element by element. */
    private static void addTile(float[] tile, float alpha, float[] c, int c0, int ldc, int rows, int cols) {
        FloatVector a = FloatVector.broadcast(SPECIES, alpha);
        for (int r = 0; r < rows; r++) {
            int row = c0 + r * ldc;
            int j = 0;
            for (; j + LANES <= cols; j += LANES) {
                FloatVector.fromArray(SPECIES, tile, r * NR + j).fma(a, FloatVector.fromArray(SPECIES, c, row + j))
                        .intoArray(c, row + j);
            }
            for (; j < cols; j++) {
                c[row + j] += alpha * tile[r * NR + j];
            }
        }
    }
}
