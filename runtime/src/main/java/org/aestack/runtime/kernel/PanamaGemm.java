package org.aestack.runtime.kernel;

import java.util.concurrent.atomic.AtomicLong;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * Matrix multiplication on the Vector API: {@code C = alpha * op(A) * op(B) + beta * C}, row-major.
 *
 * <p>The blocked scheme of BLIS and OpenBLAS, mirrored for row-major C. K is cut into the fewest
 * blocks of at most {@link #KC}, made as equal as they can be (784 as 392 + 392, not 384 + 384 +
 * 16: a block is a pass over C). For each block, a thread packs its columns of op(B) into strips
 * two vectors wide ({@code [k][NR]}, zero-padded), as many columns at a time as keep the packed
 * block within half of L2 ({@link #columnsFor}). Then, for each strip of {@link #MR} rows of
 * op(A), it packs that strip (small enough for L1; {@code [k][MR]} or {@code [MR][KC]}, whichever
 * copies A without a transpose) and runs the microkernel over every strip of B: an
 * {@code MR × NR} tile of C in {@code 2 × MR} vector accumulators, each step one load per vector of
 * B, one broadcast per row of A and {@code 2 × MR} fused multiply-adds. The strip of A stays in L1
 * while the strips of B stream past it from L2. MR is chosen at start-up from the vector width: 12
 * rows (24 accumulators) where there are 32 vector registers (AVX-512), 6 rows (12) where there
 * are 16.
 *
 * <p>The first block along K writes {@code beta * C + alpha * tile} (with {@code beta = 0}, C is
 * not read), the later ones add {@code alpha * tile}, so C is passed over once per block and
 * never scaled on its own. Tiles on the M or N edge are computed whole on zero-padded strips and
 * stored element by element, except that a strip of A packed by rows with 8 rows or fewer left
 * (a batch of 128 or 100) is computed by a kernel of 8 or 4 rows ({@link #tile}).
 *
 * <p>Work is split across {@link Parallel}'s threads by tiles, taken strip of N after strip of N
 * and down each strip by rows, so a thread gets contiguous strips and shares at most the strip at
 * each end of its range with its neighbour, by rows (784 columns, 24½ strips, make 12½ strips
 * each, where whole strips gave one thread 13 and the other 12). A product with an
 * {@link Epilogue} (a weight gradient that takes the optimizer's step) is split by strips of rows
 * instead, every column, so that each strip reaches the epilogue as whole rows; where the product
 * is one K block with beta 0 and the epilogue {@linkplain Epilogue#takesBuffer takes a buffer}, the
 * strip is stored in the thread's own buffer instead of C and handed over from there, so a gradient
 * the optimizer reads once is never written to memory. The order of
 * additions for each element of C does not depend on the split (K blocks in order, each summed in
 * one accumulator), so results are the same for any thread count, any {@link #NC} and any machine
 * with the same {@link #KC} (which follows the size of L1). Called from a part of another
 * {@link Parallel} task (convolution gives each thread its own images), a product runs on the
 * calling thread alone.
 *
 * <p>{@code -Daestack.gemm.kc} and {@code -Daestack.gemm.nc} override the block sizes, for
 * measuring (and KC to give another machine's bits); they are read once into constants. A
 * different KC changes the order of additions, so the last bits of the results.
 */
final class PanamaGemm {
    static final VectorSpecies<Float> SPECIES = PanamaSpecies.FLOAT;
    static final int LANES = SPECIES.length();
    /**
     * Rows of A per microkernel tile: 12 with 32 vector registers (512-bit vectors), else 6;
     * {@code -Daestack.gemm.mr=6|12} chooses, for measuring.
     */
    static final int MR = property("aestack.gemm.mr", LANES >= 16 ? 12 : 6);

    static {
        if (MR != 6 && MR != 12) {
            throw new IllegalArgumentException("aestack.gemm.mr must be 6 or 12, not " + MR);
        }
    }

    /** Columns per microkernel tile: two vectors. */
    static final int NR = 2 * LANES;
    /**
     * The deepest a packed block may be ({@link #depthFor}): the strip of A it gives, {@code MR × KC}
     * floats, stays in L1 while every strip of B streams past it.
     */
    static final int KC = property("aestack.gemm.kc", depthFor(L1Cache.dataBytes(), MR));
    /**
     * The most columns of op(B) a thread packs at once ({@link #columnsFor}), for shallow blocks;
     * deeper ones take fewer, to keep within {@link #PACKED_B_BYTES}.
     */
    static final int NC = roundUp(property("aestack.gemm.nc", 512), NR);
    /**
     * The size a packed block of op(B) may reach: 512 KB, half of the 1 MB L2 of a Zen core (1–2 MB
     * on current x86 servers), so the rows of C that the tiles store and the strips of A passing
     * through L2 do not push out the block that every strip of A reads again. Against 1 MB (the rule
     * before: 512 columns 512 deep), the same JVM in turns, 40 rounds each: 1024³ 2.1% faster (30 of
     * 40 rounds ahead), W2's {@code A·B} 128 × 1000 × 784 3.4–4.2% (32 and 35 of 40) and
     * {@code A·Bᵀ} 128 × 784 × 1000 2.4–3.0%; W1's shapes level, and blocks 128 deep, under 512 KB
     * either way, the same.
     */
    static final long PACKED_B_BYTES = 512 << 10;
    /**
     * The size a {@linkplain #gemmNTKept kept} share of op(B) may reach, packed whole: 1 MB. It is
     * packed once for several products, so it is worth more than a block packed for one; W3's
     * 500-column weights at 784 deep, 250 columns a thread, take 784 KB.
     */
    static final long KEPT_B_BYTES = 1 << 20;
    /** The depth of the blocks in which the last, narrower strip of a transposed op(B) is packed. */
    private static final int TRANSPOSE_BLOCK = 16;
    /** The block depth where L1's size is unknown, and the shallowest {@link #depthFor} gives. */
    private static final int DEPTH_512 = 512;
    /** Below this many multiply-adds a call runs on the calling thread only. */
    private static final long PARALLEL_THRESHOLD = 1L << 20;

    private PanamaGemm() {}

    /**
     * The block depth for an L1 data cache of {@code l1Bytes} ({@code 0}: unknown) and strips of
     * {@code rows} rows: the deepest, in steps of 16, whose strip of A is smaller than L1 (one step
     * short of filling it), within [512, 1024]; 512 where L1 is unknown. With 12 rows that is 1008 on
     * a 48 KB L1: W1's and W3's 784-deep products are one block, C stored once instead of stored and
     * then read back and added to, which made them 6-11% faster than two blocks (128 × 500 × 784, both
     * forms; the same JVM, in turns), and so are W2's 1000-deep ones: against 816 (four fifths of L1,
     * the rule until session 24), {@code A·B} 128 × 500 × 1000 and {@code A·Bᵀ} 128 × 500 × 1000 were
     * 3-15% faster in 6 of 6 fresh JVMs and {@code A·Bᵀ} 128 × 784 × 1000 level to 7% faster. A strip
     * that fills L1 exactly is too deep: 1024³ as one block of 1024 was slower than two of 512 in 6
     * of 6 fresh JVMs over two sessions (1-23%). On a 32 KB L1 the depth is 672: 784 and 1000 are
     * two blocks, as before.
     */
    static int depthFor(long l1Bytes, int rows) {
        if (l1Bytes <= 0) {
            return DEPTH_512;
        }
        long fits = (l1Bytes / (Float.BYTES * (long) rows) - 1) / 16 * 16;
        return (int) Math.max(DEPTH_512, Math.min(2 * DEPTH_512, fits));
    }

    /**
     * The tile shape and blocking, for benchmark lines: {@code 12x2v kc1008 nc512 packedB512k} (the
     * most columns of B packed at once, and the size a packed block keeps to).
     */
    static String describe() {
        return MR + "x2v kc" + KC + " nc" + NC + " packedB" + PACKED_B_BYTES / 1024 + "k";
    }

    private static int property(String name, int fallback) {
        String value = System.getProperty(name);
        if (value == null) {
            return fallback;
        }
        try {
            int parsed = Integer.parseInt(value.trim());
            if (parsed < 1) {
                throw new NumberFormatException();
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a positive whole number, not '" + value + "'");
        }
    }

    private static int roundUp(int value, int multiple) {
        return (value + multiple - 1) / multiple * multiple;
    }

    /** Per-thread packing buffers, grown when a larger shape arrives and then reused. */
    private static final class Scratch {
        /** One strip of op(A), with room for a whole vector stored at its last step. */
        final float[] a = new float[MR * KC + LANES];
        /** The second product's strip of A, in a {@linkplain #gemmTNPair pair}. */
        final float[] a2 = new float[MR * KC + LANES];
        final int[] columnOffsets = new int[NR];
        float[] b = new float[0];
        float[] b2 = new float[0];
        /** A strip of C handed to an {@link Epilogue} that {@linkplain Epilogue#takesBuffer takes it from a buffer}. */
        float[] strip = new float[0];
        final float[] tile = new float[MR * NR];
        /**
         * This thread's share of op(B) as the last {@link #gemmNTKept kept} product packed it, with
         * what it was packed from: the matrix (held, so no other array can pass for it), its row
         * length, the columns and depth, and the stamp of the fresh call. Both arrays stay reachable
         * until this thread keeps another product's share: one weight matrix and at most
         * {@link #KEPT_B_BYTES} a thread (a weak reference would allocate on every fresh call, in the
         * steps).
         */
        float[] kept = new float[0];
        float[] keptFrom;
        int keptLdb, keptColumn, keptWidth, keptDepth;
        long keptStamp;
    }

    /** Stamps of {@link #gemmNTKept}'s fresh calls, unique in the process, so no thread's packing passes for another call's. */
    private static final AtomicLong STAMPS = new AtomicLong();

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    /** One multiplication: the operands and how to read them. */
    private static final class Job implements Parallel.Task {
        int m, n, k, lda, ldb, ldc;
        boolean transA, transB;
        float alpha, beta;
        float[] a, b, c;
        /** A second product added tile by tile ({@link #gemmTNPair}), or {@code a2 == null}. */
        int k2;
        float alpha2;
        float[] a2, b2;
        /**
         * For a {@linkplain #gemmNTKept kept} product, the stamp of the calling thread's last fresh
         * call, else 0. A fresh call's stamp is new, so no thread holds a packing made under it.
         */
        long stamp;
        /** The stamp of this (calling) thread's last fresh {@link #gemmNTKept}, 0 before the first. */
        long lastFresh;
        /** Called on each run of C as its last K block is stored, or {@code null}. */
        Epilogue then;

        Job set(boolean transA, boolean transB, int m, int n, int k, float alpha, float[] a, int lda, float[] b, int ldb,
                float beta, float[] c, int ldc) {
            this.transA = transA;
            this.transB = transB;
            this.m = m;
            this.n = n;
            this.k = k;
            this.alpha = alpha;
            this.a = a;
            this.lda = lda;
            this.b = b;
            this.ldb = ldb;
            this.beta = beta;
            this.c = c;
            this.ldc = ldc;
            return this;
        }

        /** Strips of MR rows of C: the tiles down each strip of N. */
        int rowStrips() {
            return (m + MR - 1) / MR;
        }

        /** Tiles of C: {@link #rowStrips} down each strip of N. */
        long tiles() {
            return (long) ((n + NR - 1) / NR) * rowStrips();
        }

        @Override
        public void run(int part, int parts) {
            int rowStrips = rowStrips();
            if (then != null) {
                // By strips of rows, every column: each strip of C is finished as whole rows.
                int first = rowStrips * part / parts;
                int last = rowStrips * (part + 1) / parts;
                if (first < last) {
                    multiply(this, 0, n, 0, tiles(), first, last);
                }
                return;
            }
            long from = tiles() * part / parts;
            long to = tiles() * (part + 1) / parts;
            if (from < to) {
                int firstStrip = (int) (from / rowStrips);
                int lastStrip = (int) ((to - 1) / rowStrips);
                multiply(this, firstStrip * NR, Math.min(n, (lastStrip + 1) * NR), from, to, 0, rowStrips);
            }
        }
    }

    private static final ThreadLocal<Job> JOBS = ThreadLocal.withInitial(Job::new);

    static void gemm(boolean transA, boolean transB, int m, int n, int k, float alpha, float[] a, int lda,
            float[] b, int ldb, float beta, float[] c, int ldc) {
        gemm(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, null);
    }

    /**
     * {@link #gemm}, then {@code then} ({@code null}: nothing) on each strip of {@link #MR} rows of C
     * right after the last K block stores its tiles: the threads share such a product by strips of
     * rows, every column, so a strip is one run of whole rows where op(B) packs as one block (within
     * {@link #PACKED_B_BYTES}), else a run a row for each block of columns.
     */
    static void gemm(boolean transA, boolean transB, int m, int n, int k, float alpha, float[] a, int lda,
            float[] b, int ldb, float beta, float[] c, int ldc, Epilogue then) {
        if (m <= 0 || n <= 0) {
            return;
        }
        if (k <= 0 || alpha == 0f) {
            scale(c, m, n, ldc, beta);
            if (then != null) {
                then.rows(0, m, 0, n, ldc);
            }
            return;
        }
        Job job = JOBS.get().set(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
        job.then = then;
        run(job);
    }

    /**
     * {@code C = alpha · A·Bᵀ + beta · C} where B is the same, unchanged, for several calls in a row:
     * a fresh call packs each thread's share of Bᵀ into a buffer of that thread's own and stamps it;
     * a later call that is not fresh uses the buffer wherever the thread's share is the same (the
     * same matrix, columns and depth, from the calling thread's last fresh call), and packs it
     * again where it is not. Only where a thread's share is one block of at most
     * {@link #KEPT_B_BYTES}; larger products pack as {@link #gemm} does. The same bits as
     * {@link #gemm}.
     */
    static void gemmNTKept(boolean fresh, int m, int n, int k, float alpha, float[] a, int lda, float[] b, int ldb,
            float beta, float[] c, int ldc) {
        Job job = JOBS.get();
        if (fresh || job.lastFresh == 0) { // a new stamp even where the call multiplies nothing
            job.lastFresh = STAMPS.incrementAndGet();
        }
        if (m <= 0 || n <= 0 || k <= 0 || alpha == 0f) {
            gemm(false, true, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
            return;
        }
        job.set(false, true, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
        job.stamp = job.lastFresh;
        run(job);
    }

    private static void run(Job job) {
        try {
            long work = (long) job.m * job.n * (job.k + (job.a2 == null ? 0 : job.k2));
            if (work < PARALLEL_THRESHOLD || job.tiles() < 2 || Parallel.instance().inPart()) {
                job.run(0, 1);
            } else {
                Parallel.instance().run(job);
            }
        } finally {
            job.a = job.b = job.c = job.a2 = job.b2 = null;
            job.then = null;
            job.stamp = 0;
        }
    }

    /**
     * {@code C = alpha1 · A1ᵀ·B1 + alpha2 · A2ᵀ·B2 + beta · C}, all row-major and contiguous (A_i is
     * {@code k_i × m}, B_i {@code k_i × n}, C {@code m × n}): the same bits as the two products one
     * after the other (the first with {@code beta}, the second with 1), but each tile of C gets both
     * while it is in L1, so C is passed over once. Where either product is deeper than one K block,
     * it is the two products.
     */
    static void gemmTNPair(int m, int n, int k1, float alpha1, float[] a1, float[] b1, int k2, float alpha2,
            float[] a2, float[] b2, float beta, float[] c) {
        if (k1 <= 0 || k2 <= 0 || k1 > KC || k2 > KC || alpha1 == 0f || alpha2 == 0f) {
            gemm(true, false, m, n, k1, alpha1, a1, m, b1, n, beta, c, n);
            gemm(true, false, m, n, k2, alpha2, a2, m, b2, n, 1f, c, n);
            return;
        }
        if (m <= 0 || n <= 0) {
            return;
        }
        Job job = JOBS.get().set(true, false, m, n, k1, alpha1, a1, m, b1, n, beta, c, n);
        job.k2 = k2;
        job.alpha2 = alpha2;
        job.a2 = a2;
        job.b2 = b2;
        run(job);
    }

    /** C = beta * C, for a product with nothing to add. */
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

    /**
     * The tiles {@code [tileFrom, tileTo)} of C (numbered down each strip of N, then across), which
     * lie in columns {@code [j0, j1)}, in the strips of rows {@code [stripFrom, stripTo)}.
     */
    private static void multiply(Job job, int j0, int j1, long tileFrom, long tileTo, int stripFrom, int stripTo) {
        Scratch s = SCRATCH.get();
        int rowStrips = job.rowStrips();
        boolean pair = job.a2 != null; // then each product is one K block, and both are contiguous
        int blocks = (job.k + KC - 1) / KC;
        boolean keep = job.stamp != 0 && blocks == 1; // a kept product's share may be used again
        long whole = keep ? KEPT_B_BYTES : job.then != null ? PACKED_B_BYTES : 0;
        int nc = columnsAtOnce(j1 - j0, blockDepth(job.k, blocks, 0), whole);
        for (int jc = j0; jc < j1; jc += nc) {
            int width = Math.min(nc, j1 - jc);
            int strips = (width + NR - 1) / NR;
            for (int block = 0, p0 = 0, kc; block < blocks; block++, p0 += kc) {
                kc = blockDepth(job.k, blocks, block);
                float[] bp;
                if (keep && width == j1 - j0) {
                    bp = kept(s, job, jc, width, kc);
                } else {
                    bp = s.b = packB(job.b, job.ldb, job.transB, p0, kc, jc, width, s.b, s.columnOffsets);
                }
                if (pair) {
                    s.b2 = packB(job.b2, job.ldb, false, 0, job.k2, jc, width, s.b2, s.columnOffsets);
                }
                float beta = p0 == 0 ? job.beta : 1f;
                // A gradient whose step takes its rows from a buffer: C is not written (one block
                // and beta 0, so C is not read either), and the buffer stays in cache.
                boolean buffered = job.then != null && blocks == 1 && beta == 0f && !pair && job.then.takesBuffer();
                float[] out = job.c;
                int ldOut = job.ldc;
                if (buffered) {
                    if (s.strip.length < MR * width) {
                        s.strip = new float[MR * width];
                    }
                    out = s.strip;
                    ldOut = width;
                }
                for (int is = stripFrom; is < stripTo; is++) {
                    // This block's strips of N whose tile in row strip is falls in the range.
                    long first = (long) (jc / NR) * rowStrips + is;
                    int jsFrom = (int) Math.max(0, (tileFrom - first + rowStrips - 1) / rowStrips);
                    int jsTo = (int) Math.min(strips, (tileTo - first + rowStrips - 1) / rowStrips);
                    if (jsFrom >= jsTo) {
                        continue;
                    }
                    int i = is * MR;
                    int rows = Math.min(MR, job.m - i);
                    packA(job.a, job.lda, job.transA, p0, kc, i, rows, s.a);
                    if (pair) {
                        packA(job.a2, job.lda, true, 0, job.k2, i, rows, s.a2);
                    }
                    for (int js = jsFrom; js < jsTo; js++) {
                        int j = jc + js * NR;
                        int cols = Math.min(NR, jc + width - j);
                        int c0 = buffered ? j - jc : i * job.ldc + j;
                        tile(job.transA, kc, s.a, bp, js * NR * kc, s.tile, rows);
                        store(s.tile, job.alpha, beta, out, c0, ldOut, rows, cols);
                        if (pair) {
                            tile(true, job.k2, s.a2, s.b2, js * NR * job.k2, s.tile, rows);
                            store(s.tile, job.alpha2, 1f, job.c, c0, job.ldc, rows, cols);
                        }
                    }
                    if (buffered) {
                        job.then.rows(s.strip, i, rows, jc, jc + width, job.ldc);
                    } else if (job.then != null && block == blocks - 1) {
                        job.then.rows(i, rows, jc + jsFrom * NR, Math.min(jc + jsTo * NR, jc + width), job.ldc);
                    }
                }
            }
        }
    }

    /** A kept product's share of op(B) ({@link #gemmNTKept}): the one this thread packed before where it may be reused, else packed now. */
    private static float[] kept(Scratch s, Job job, int column, int width, int depth) {
        boolean same = s.keptStamp == job.stamp && s.keptFrom == job.b && s.keptLdb == job.ldb
                && s.keptColumn == column && s.keptWidth == width && s.keptDepth == depth;
        if (!same) {
            s.keptStamp = 0; // a packing that fails part way is no one's
            s.keptFrom = null;
            s.kept = packB(job.b, job.ldb, job.transB, 0, depth, column, width, s.kept, s.columnOffsets);
            s.keptFrom = job.b;
            s.keptLdb = job.ldb;
            s.keptColumn = column;
            s.keptWidth = width;
            s.keptDepth = depth;
            s.keptStamp = job.stamp;
        }
        return s.kept;
    }

    /**
     * One tile of the product of a packed strip of A and one of B, by the microkernel for MR and the
     * strip's layout ({@link #packA}: by steps where A is transposed, by rows where it is not). A
     * strip by rows whose last {@code rows} are fewer than MR, by a kernel of 4 or 8 rows instead of
     * the full one on zero-padded rows: the strips by rows are those of {@code A·B} and {@code A·Bᵀ},
     * whose M is the batch (128 rows: ten strips of 12 and one of 8; 100: eight and one of 4). The
     * strips by steps, of {@code Aᵀ·B}, whose M is a layer's width (784, 1000, 500), keep the full
     * kernel: a narrower one would spare them 1% and is compiled late there, so that W1's timed epoch
     * began with it unintrinsified, its vectors boxed, in 6 of 6 JVMs.
     */
    private static void tile(boolean transA, int kc, float[] ap, float[] bp, int bo, float[] tile, int rows) {
        if (transA) {
            if (MR == 12) {
                kernel12(kc, ap, bp, bo, tile);
            } else {
                kernel6(kc, ap, bp, bo, tile);
            }
        } else if (rows <= 4 && rows < MR) {
            kernel4Rows(kc, ap, bp, bo, tile);
        } else if (MR == 12 && rows <= 8) {
            kernel8Rows(kc, ap, bp, bo, tile);
        } else if (MR == 12) {
            kernel12Rows(kc, ap, bp, bo, tile);
        } else {
            kernel6Rows(kc, ap, bp, bo, tile);
        }
    }

    /**
     * Columns of op(B) packed at once for blocks {@code depth} deep: as many whole strips as fit in
     * {@link #PACKED_B_BYTES}, at most {@link #NC} and at least one strip (256 for blocks 512 deep,
     * 160 for 784). Changes no bit.
     */
    static int columnsFor(int depth) {
        long fit = PACKED_B_BYTES / ((long) Float.BYTES * Math.max(1, depth)) / NR * NR;
        return (int) Math.max(NR, Math.min(NC, fit));
    }

    /**
     * Columns of a thread's {@code share} of op(B) packed at once, for blocks {@code depth} deep: the
     * whole share where it fits in {@code whole} bytes, else {@link #columnsFor}. A product packs its
     * share whole where it may be kept (one block, packed to be used again: {@link #KEPT_B_BYTES})
     * and where it has an epilogue (so each strip of rows is finished as whole rows:
     * {@link #PACKED_B_BYTES}); others pass 0.
     */
    static int columnsAtOnce(int share, int depth, long whole) {
        if ((long) share * depth * Float.BYTES <= whole) {
            return share;
        }
        return columnsFor(depth);
    }

    /** The depth of K block {@code block} of {@code blocks}: the first {@code k % blocks} one deeper than the rest. */
    static int blockDepth(int k, int blocks, int block) {
        return k / blocks + (block < k % blocks ? 1 : 0);
    }

    /**
     * op(B)[p0 : p0+kc, j0 : j0+width] into strips of NR columns, {@code [k][NR]}, zero-padded, in
     * {@code dst} or, where it is too small, a larger array that replaces it; returns the one used.
     */
    private static float[] packB(float[] b, int ldb, boolean transB, int p0, int kc, int j0, int width, float[] dst,
            int[] columnOffsets) {
        int strips = (width + NR - 1) / NR;
        if (dst.length < strips * NR * kc) {
            dst = new float[strips * NR * kc];
        }
        for (int js = 0; js < strips; js++) {
            int base = js * NR * kc;
            int jStart = j0 + js * NR;
            int cols = Math.min(NR, j0 + width - jStart);
            if (!transB && cols == NR) {
                for (int p = 0; p < kc; p++) {
                    int src = (p0 + p) * ldb + jStart;
                    int d = base + p * NR;
                    FloatVector.fromArray(SPECIES, b, src).intoArray(dst, d);
                    FloatVector.fromArray(SPECIES, b, src + LANES).intoArray(dst, d + LANES);
                }
            } else if (!transB) { // the last strip, narrower than NR
                for (int p = 0; p < kc; p++) {
                    int src = (p0 + p) * ldb + jStart;
                    int d = base + p * NR;
                    System.arraycopy(b, src, dst, d, cols);
                    java.util.Arrays.fill(dst, d + cols, d + NR, 0f);
                }
            } else if (cols == NR && LANES == 16 && kc >= 16) {
                // Blocks of 16 × 16 transposed in registers, the last one ending at kc: where kc is
                // not a multiple of 16 it overlaps the one before, writing the same values again.
                // (With a tail of gathers instead, the gathers ran so rarely that the JIT left them
                // out of packB's code, and a JVM could run them uncompiled, boxing, mid-epoch.)
                for (int p = 0; ; p += 16) {
                    int q = Math.min(p, kc - 16);
                    transpose16(b, jStart * ldb + p0 + q, ldb, dst, base + q * NR);
                    transpose16(b, (jStart + 16) * ldb + p0 + q, ldb, dst, base + q * NR + 16);
                    if (q == kc - 16) {
                        break;
                    }
                }
            } else if (cols == NR) {
                // Two gathers per k: lane c of the pair reads row jStart + c of B (vectors of 8 lanes,
                // or blocks shallower than 16).
                for (int c = 0; c < NR; c++) {
                    columnOffsets[c] = (jStart + c) * ldb + p0;
                }
                for (int p = 0; p < kc; p++) {
                    int d = base + p * NR;
                    FloatVector.fromArray(SPECIES, b, p, columnOffsets, 0).intoArray(dst, d);
                    FloatVector.fromArray(SPECIES, b, p, columnOffsets, LANES).intoArray(dst, d + LANES);
                }
            } else {
                // A transpose, in blocks of TRANSPOSE_BLOCK rows of the strip, so the rows being
                // written stay in L1 while the rows of B that fill them are read along their length.
                for (int pb = 0; pb < kc; pb += TRANSPOSE_BLOCK) {
                    int pEnd = Math.min(kc, pb + TRANSPOSE_BLOCK);
                    for (int col = 0; col < NR; col++) {
                        int d = base + col;
                        if (col < cols) {
                            int src = (jStart + col) * ldb + p0;
                            for (int p = pb; p < pEnd; p++) {
                                dst[d + p * NR] = b[src + p];
                            }
                        } else {
                            for (int p = pb; p < pEnd; p++) {
                                dst[d + p * NR] = 0f;
                            }
                        }
                    }
                }
            }
        }
        return dst;
    }

    /** Lane j of SWAPb takes lane j ^ b: swaps neighbouring runs of b lanes (identity past the vector). */
    private static final VectorShuffle<Float> SWAP1 = swap(1);
    private static final VectorShuffle<Float> SWAP2 = swap(2);
    private static final VectorShuffle<Float> SWAP4 = swap(4);
    private static final VectorShuffle<Float> SWAP8 = swap(8);
    /** The lanes j with j & b set. */
    private static final VectorMask<Float> HIGH1 = high(1);
    private static final VectorMask<Float> HIGH2 = high(2);
    private static final VectorMask<Float> HIGH4 = high(4);
    private static final VectorMask<Float> HIGH8 = high(8);

    private static VectorShuffle<Float> swap(int bit) {
        return VectorShuffle.fromOp(SPECIES, j -> (j ^ bit) & (LANES - 1));
    }

    private static VectorMask<Float> high(int bit) {
        boolean[] set = new boolean[LANES];
        for (int j = 0; j < LANES; j++) {
            set[j] = (j & bit) != 0;
        }
        return VectorMask.fromArray(SPECIES, set, 0);
    }

    /**
     * {@code dst[d + q·NR + r] = b[src + r·ldb + q]} for r, q < 16: sixteen rows of B, a vector
     * each, transposed in registers by swapping the off-diagonal blocks of 8 × 8, then of 4 × 4
     * inside each, then 2 × 2 and 1 × 1 (a lane permutation and a blend per vector and stage),
     * into sixteen steps of a strip. Two gathers a step, which this replaces, took 12–14% of W2's
     * time; the transposed products (128 × 500 × 784 and the like) ran 10–15% faster this way,
     * timed in turns in one JVM. Written out, without helpers: a helper the JIT does not inline
     * boxes its vectors.
     */
    private static void transpose16(float[] b, int src, int ldb, float[] dst, int d) {
        FloatVector r0 = FloatVector.fromArray(SPECIES, b, src);
        FloatVector r1 = FloatVector.fromArray(SPECIES, b, src + ldb);
        FloatVector r2 = FloatVector.fromArray(SPECIES, b, src + 2 * ldb);
        FloatVector r3 = FloatVector.fromArray(SPECIES, b, src + 3 * ldb);
        FloatVector r4 = FloatVector.fromArray(SPECIES, b, src + 4 * ldb);
        FloatVector r5 = FloatVector.fromArray(SPECIES, b, src + 5 * ldb);
        FloatVector r6 = FloatVector.fromArray(SPECIES, b, src + 6 * ldb);
        FloatVector r7 = FloatVector.fromArray(SPECIES, b, src + 7 * ldb);
        FloatVector r8 = FloatVector.fromArray(SPECIES, b, src + 8 * ldb);
        FloatVector r9 = FloatVector.fromArray(SPECIES, b, src + 9 * ldb);
        FloatVector r10 = FloatVector.fromArray(SPECIES, b, src + 10 * ldb);
        FloatVector r11 = FloatVector.fromArray(SPECIES, b, src + 11 * ldb);
        FloatVector r12 = FloatVector.fromArray(SPECIES, b, src + 12 * ldb);
        FloatVector r13 = FloatVector.fromArray(SPECIES, b, src + 13 * ldb);
        FloatVector r14 = FloatVector.fromArray(SPECIES, b, src + 14 * ldb);
        FloatVector r15 = FloatVector.fromArray(SPECIES, b, src + 15 * ldb);
        // Swap the off-diagonal 8 × 8 blocks, then the 4 × 4 blocks inside each, and so on.
        FloatVector t0 = r0.blend(r8.rearrange(SWAP8), HIGH8), t8 = r0.rearrange(SWAP8).blend(r8, HIGH8);
        FloatVector t1 = r1.blend(r9.rearrange(SWAP8), HIGH8), t9 = r1.rearrange(SWAP8).blend(r9, HIGH8);
        FloatVector t2 = r2.blend(r10.rearrange(SWAP8), HIGH8), t10 = r2.rearrange(SWAP8).blend(r10, HIGH8);
        FloatVector t3 = r3.blend(r11.rearrange(SWAP8), HIGH8), t11 = r3.rearrange(SWAP8).blend(r11, HIGH8);
        FloatVector t4 = r4.blend(r12.rearrange(SWAP8), HIGH8), t12 = r4.rearrange(SWAP8).blend(r12, HIGH8);
        FloatVector t5 = r5.blend(r13.rearrange(SWAP8), HIGH8), t13 = r5.rearrange(SWAP8).blend(r13, HIGH8);
        FloatVector t6 = r6.blend(r14.rearrange(SWAP8), HIGH8), t14 = r6.rearrange(SWAP8).blend(r14, HIGH8);
        FloatVector t7 = r7.blend(r15.rearrange(SWAP8), HIGH8), t15 = r7.rearrange(SWAP8).blend(r15, HIGH8);
        r0 = t0.blend(t4.rearrange(SWAP4), HIGH4); r4 = t0.rearrange(SWAP4).blend(t4, HIGH4);
        r1 = t1.blend(t5.rearrange(SWAP4), HIGH4); r5 = t1.rearrange(SWAP4).blend(t5, HIGH4);
        r2 = t2.blend(t6.rearrange(SWAP4), HIGH4); r6 = t2.rearrange(SWAP4).blend(t6, HIGH4);
        r3 = t3.blend(t7.rearrange(SWAP4), HIGH4); r7 = t3.rearrange(SWAP4).blend(t7, HIGH4);
        r8 = t8.blend(t12.rearrange(SWAP4), HIGH4); r12 = t8.rearrange(SWAP4).blend(t12, HIGH4);
        r9 = t9.blend(t13.rearrange(SWAP4), HIGH4); r13 = t9.rearrange(SWAP4).blend(t13, HIGH4);
        r10 = t10.blend(t14.rearrange(SWAP4), HIGH4); r14 = t10.rearrange(SWAP4).blend(t14, HIGH4);
        r11 = t11.blend(t15.rearrange(SWAP4), HIGH4); r15 = t11.rearrange(SWAP4).blend(t15, HIGH4);
        t0 = r0.blend(r2.rearrange(SWAP2), HIGH2); t2 = r0.rearrange(SWAP2).blend(r2, HIGH2);
        t1 = r1.blend(r3.rearrange(SWAP2), HIGH2); t3 = r1.rearrange(SWAP2).blend(r3, HIGH2);
        t4 = r4.blend(r6.rearrange(SWAP2), HIGH2); t6 = r4.rearrange(SWAP2).blend(r6, HIGH2);
        t5 = r5.blend(r7.rearrange(SWAP2), HIGH2); t7 = r5.rearrange(SWAP2).blend(r7, HIGH2);
        t8 = r8.blend(r10.rearrange(SWAP2), HIGH2); t10 = r8.rearrange(SWAP2).blend(r10, HIGH2);
        t9 = r9.blend(r11.rearrange(SWAP2), HIGH2); t11 = r9.rearrange(SWAP2).blend(r11, HIGH2);
        t12 = r12.blend(r14.rearrange(SWAP2), HIGH2); t14 = r12.rearrange(SWAP2).blend(r14, HIGH2);
        t13 = r13.blend(r15.rearrange(SWAP2), HIGH2); t15 = r13.rearrange(SWAP2).blend(r15, HIGH2);
        t0.blend(t1.rearrange(SWAP1), HIGH1).intoArray(dst, d);
        t0.rearrange(SWAP1).blend(t1, HIGH1).intoArray(dst, d + NR);
        t2.blend(t3.rearrange(SWAP1), HIGH1).intoArray(dst, d + 2 * NR);
        t2.rearrange(SWAP1).blend(t3, HIGH1).intoArray(dst, d + 3 * NR);
        t4.blend(t5.rearrange(SWAP1), HIGH1).intoArray(dst, d + 4 * NR);
        t4.rearrange(SWAP1).blend(t5, HIGH1).intoArray(dst, d + 5 * NR);
        t6.blend(t7.rearrange(SWAP1), HIGH1).intoArray(dst, d + 6 * NR);
        t6.rearrange(SWAP1).blend(t7, HIGH1).intoArray(dst, d + 7 * NR);
        t8.blend(t9.rearrange(SWAP1), HIGH1).intoArray(dst, d + 8 * NR);
        t8.rearrange(SWAP1).blend(t9, HIGH1).intoArray(dst, d + 9 * NR);
        t10.blend(t11.rearrange(SWAP1), HIGH1).intoArray(dst, d + 10 * NR);
        t10.rearrange(SWAP1).blend(t11, HIGH1).intoArray(dst, d + 11 * NR);
        t12.blend(t13.rearrange(SWAP1), HIGH1).intoArray(dst, d + 12 * NR);
        t12.rearrange(SWAP1).blend(t13, HIGH1).intoArray(dst, d + 13 * NR);
        t14.blend(t15.rearrange(SWAP1), HIGH1).intoArray(dst, d + 14 * NR);
        t14.rearrange(SWAP1).blend(t15, HIGH1).intoArray(dst, d + 15 * NR);
    }

    /**
     * op(A)[i0 : i0+rows, p0 : p0+kc] into one strip of MR rows, zero-padded, laid out as A lies so
     * that packing is a copy. Where A is transposed the rows of the strip sit side by side in A, and
     * the strip is {@code [k][MR]}: a whole strip moves a vector of LANES ≥ MR values per k, each store
     * running LANES - MR past the strip's step into the next one, which the next store overwrites (the
     * last into {@link Scratch#a}'s slack). Where it is not, each row of the strip is a run of a row of
     * A, and the strip is {@code [MR][KC]} (the microkernel reads it at constant row offsets): a
     * scalar transpose to {@code [k][MR]} cost 9% of a W1 step.
     */
    private static void packA(float[] a, int lda, boolean transA, int p0, int kc, int i0, int rows, float[] dst) {
        if (transA) {
            // The rows of the strip sit side by side in each row of A.
            int p = 0;
            if (rows == MR && MR <= LANES) {
                // Whole vectors while they stay inside A, which its last rows may not.
                int vectorEnd = Math.min(kc, Math.floorDiv(a.length - LANES - i0, lda) - p0 + 1);
                for (; p < vectorEnd; p++) {
                    FloatVector.fromArray(SPECIES, a, (p0 + p) * lda + i0).intoArray(dst, p * MR);
                }
            }
            for (; p < kc; p++) {
                int src = (p0 + p) * lda + i0;
                int d = p * MR;
                for (int r = 0; r < rows; r++) {
                    dst[d + r] = a[src + r];
                }
                for (int r = rows; r < MR; r++) {
                    dst[d + r] = 0f;
                }
            }
        } else {
            // By rows, [MR][KC]: each row of the strip is a run of a row of A.
            for (int r = 0; r < MR; r++) {
                if (r < rows) {
                    System.arraycopy(a, (i0 + r) * lda + p0, dst, r * KC, kc);
                } else {
                    java.util.Arrays.fill(dst, r * KC, r * KC + kc, 0f);
                }
            }
        }
    }

    /**
     * tile[12 × NR] = Apack-strip · Bpack-strip over {@code kc}: 24 accumulators, each its own
     * local so they stay in registers (with the two vectors of B and the broadcast, 27 of 32).
     */
    private static void kernel12(int kc, float[] ap, float[] bp, int bo, float[] tile) {
        FloatVector c00 = FloatVector.zero(SPECIES), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00;
        FloatVector c30 = c00, c31 = c00, c40 = c00, c41 = c00, c50 = c00, c51 = c00;
        FloatVector c60 = c00, c61 = c00, c70 = c00, c71 = c00, c80 = c00, c81 = c00;
        FloatVector c90 = c00, c91 = c00, ca0 = c00, ca1 = c00, cb0 = c00, cb1 = c00;
        int last = kc - 1;
        for (int p = 0; p < last; p++) {
            int bi = bo + p * NR;
            FloatVector b0 = FloatVector.fromArray(SPECIES, bp, bi);
            FloatVector b1 = FloatVector.fromArray(SPECIES, bp, bi + LANES);
            int ai = p * 12;
            FloatVector a = FloatVector.broadcast(SPECIES, ap[ai]);
            c00 = a.fma(b0, c00);
            c01 = a.fma(b1, c01);
            a = FloatVector.broadcast(SPECIES, ap[ai + 1]);
            c10 = a.fma(b0, c10);
            c11 = a.fma(b1, c11);
            a = FloatVector.broadcast(SPECIES, ap[ai + 2]);
            c20 = a.fma(b0, c20);
            c21 = a.fma(b1, c21);
            a = FloatVector.broadcast(SPECIES, ap[ai + 3]);
            c30 = a.fma(b0, c30);
            c31 = a.fma(b1, c31);
            a = FloatVector.broadcast(SPECIES, ap[ai + 4]);
            c40 = a.fma(b0, c40);
            c41 = a.fma(b1, c41);
            a = FloatVector.broadcast(SPECIES, ap[ai + 5]);
            c50 = a.fma(b0, c50);
            c51 = a.fma(b1, c51);
            a = FloatVector.broadcast(SPECIES, ap[ai + 6]);
            c60 = a.fma(b0, c60);
            c61 = a.fma(b1, c61);
            a = FloatVector.broadcast(SPECIES, ap[ai + 7]);
            c70 = a.fma(b0, c70);
            c71 = a.fma(b1, c71);
            a = FloatVector.broadcast(SPECIES, ap[ai + 8]);
            c80 = a.fma(b0, c80);
            c81 = a.fma(b1, c81);
            a = FloatVector.broadcast(SPECIES, ap[ai + 9]);
            c90 = a.fma(b0, c90);
            c91 = a.fma(b1, c91);
            a = FloatVector.broadcast(SPECIES, ap[ai + 10]);
            ca0 = a.fma(b0, ca0);
            ca1 = a.fma(b1, ca1);
            a = FloatVector.broadcast(SPECIES, ap[ai + 11]);
            cb0 = a.fma(b0, cb0);
            cb1 = a.fma(b1, cb1);
        }
        // The last step stores each sum as it is made. Stored from the loop's accumulators instead, the
        // tile is boxed on JDK 17, whose C2 no longer knows their exact class after the loop (the store's
        // vector class is then no constant); an FMA's result it knows. Same additions, same bits.
        int bi = bo + last * NR;
        FloatVector b0 = FloatVector.fromArray(SPECIES, bp, bi);
        FloatVector b1 = FloatVector.fromArray(SPECIES, bp, bi + LANES);
        int ai = last * 12;
        FloatVector a = FloatVector.broadcast(SPECIES, ap[ai]);
        a.fma(b0, c00).intoArray(tile, 0);
        a.fma(b1, c01).intoArray(tile, LANES);
        a = FloatVector.broadcast(SPECIES, ap[ai + 1]);
        a.fma(b0, c10).intoArray(tile, NR);
        a.fma(b1, c11).intoArray(tile, NR + LANES);
        a = FloatVector.broadcast(SPECIES, ap[ai + 2]);
        a.fma(b0, c20).intoArray(tile, 2 * NR);
        a.fma(b1, c21).intoArray(tile, 2 * NR + LANES);
        a = FloatVector.broadcast(SPECIES, ap[ai + 3]);
        a.fma(b0, c30).intoArray(tile, 3 * NR);
        a.fma(b1, c31).intoArray(tile, 3 * NR + LANES);
        a = FloatVector.broadcast(SPECIES, ap[ai + 4]);
        a.fma(b0, c40).intoArray(tile, 4 * NR);
        a.fma(b1, c41).intoArray(tile, 4 * NR + LANES);
        a = FloatVector.broadcast(SPECIES, ap[ai + 5]);
        a.fma(b0, c50).intoArray(tile, 5 * NR);
        a.fma(b1, c51).intoArray(tile, 5 * NR + LANES);
        a = FloatVector.broadcast(SPECIES, ap[ai + 6]);
        a.fma(b0, c60).intoArray(tile, 6 * NR);
        a.fma(b1, c61).intoArray(tile, 6 * NR + LANES);
        a = FloatVector.broadcast(SPECIES, ap[ai + 7]);
        a.fma(b0, c70).intoArray(tile, 7 * NR);
        a.fma(b1, c71).intoArray(tile, 7 * NR + LANES);
        a = FloatVector.broadcast(SPECIES, ap[ai + 8]);
        a.fma(b0, c80).intoArray(tile, 8 * NR);
        a.fma(b1, c81).intoArray(tile, 8 * NR + LANES);
        a = FloatVector.broadcast(SPECIES, ap[ai + 9]);
        a.fma(b0, c90).intoArray(tile, 9 * NR);
        a.fma(b1, c91).intoArray(tile, 9 * NR + LANES);
        a = FloatVector.broadcast(SPECIES, ap[ai + 10]);
        a.fma(b0, ca0).intoArray(tile, 10 * NR);
        a.fma(b1, ca1).intoArray(tile, 10 * NR + LANES);
        a = FloatVector.broadcast(SPECIES, ap[ai + 11]);
        a.fma(b0, cb0).intoArray(tile, 11 * NR);
        a.fma(b1, cb1).intoArray(tile, 11 * NR + LANES);
    }

    /**
     * {@link #kernel12} on a strip of A packed by rows, {@code [MR][KC]} (row r's value for step p at
     * {@code r * KC + p}): the same multiply-adds in the same order, so the same bits. The row
     * offsets are constants, so each broadcast still costs one load with a fixed displacement; that
     * is why this is kernel12's body written out again rather than kernel12 given a row stride (a
     * variable stride makes twelve offsets to hold in registers), and why no helper takes the
     * vectors (C2 does not inline one into a method this large, and its vectors are then boxed).
     */
    private static void kernel12Rows(int kc, float[] ap, float[] bp, int bo, float[] tile) {
        FloatVector c00 = FloatVector.zero(SPECIES), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00;
        FloatVector c30 = c00, c31 = c00, c40 = c00, c41 = c00, c50 = c00, c51 = c00;
        FloatVector c60 = c00, c61 = c00, c70 = c00, c71 = c00, c80 = c00, c81 = c00;
        FloatVector c90 = c00, c91 = c00, ca0 = c00, ca1 = c00, cb0 = c00, cb1 = c00;
        int last = kc - 1;
        for (int p = 0; p < last; p++) {
            int bi = bo + p * NR;
            FloatVector b0 = FloatVector.fromArray(SPECIES, bp, bi);
            FloatVector b1 = FloatVector.fromArray(SPECIES, bp, bi + LANES);
            FloatVector a = FloatVector.broadcast(SPECIES, ap[p]);
            c00 = a.fma(b0, c00);
            c01 = a.fma(b1, c01);
            a = FloatVector.broadcast(SPECIES, ap[p + KC]);
            c10 = a.fma(b0, c10);
            c11 = a.fma(b1, c11);
            a = FloatVector.broadcast(SPECIES, ap[p + 2 * KC]);
            c20 = a.fma(b0, c20);
            c21 = a.fma(b1, c21);
            a = FloatVector.broadcast(SPECIES, ap[p + 3 * KC]);
            c30 = a.fma(b0, c30);
            c31 = a.fma(b1, c31);
            a = FloatVector.broadcast(SPECIES, ap[p + 4 * KC]);
            c40 = a.fma(b0, c40);
            c41 = a.fma(b1, c41);
            a = FloatVector.broadcast(SPECIES, ap[p + 5 * KC]);
            c50 = a.fma(b0, c50);
            c51 = a.fma(b1, c51);
            a = FloatVector.broadcast(SPECIES, ap[p + 6 * KC]);
            c60 = a.fma(b0, c60);
            c61 = a.fma(b1, c61);
            a = FloatVector.broadcast(SPECIES, ap[p + 7 * KC]);
            c70 = a.fma(b0, c70);
            c71 = a.fma(b1, c71);
            a = FloatVector.broadcast(SPECIES, ap[p + 8 * KC]);
            c80 = a.fma(b0, c80);
            c81 = a.fma(b1, c81);
            a = FloatVector.broadcast(SPECIES, ap[p + 9 * KC]);
            c90 = a.fma(b0, c90);
            c91 = a.fma(b1, c91);
            a = FloatVector.broadcast(SPECIES, ap[p + 10 * KC]);
            ca0 = a.fma(b0, ca0);
            ca1 = a.fma(b1, ca1);
            a = FloatVector.broadcast(SPECIES, ap[p + 11 * KC]);
            cb0 = a.fma(b0, cb0);
            cb1 = a.fma(b1, cb1);
        }
        // The last step stores each sum as it is made, as in kernel12.
        int p = last;
        int bi = bo + p * NR;
        FloatVector b0 = FloatVector.fromArray(SPECIES, bp, bi);
        FloatVector b1 = FloatVector.fromArray(SPECIES, bp, bi + LANES);
        FloatVector a = FloatVector.broadcast(SPECIES, ap[p]);
        a.fma(b0, c00).intoArray(tile, 0);
        a.fma(b1, c01).intoArray(tile, LANES);
        a = FloatVector.broadcast(SPECIES, ap[p + KC]);
        a.fma(b0, c10).intoArray(tile, NR);
        a.fma(b1, c11).intoArray(tile, NR + LANES);
        a = FloatVector.broadcast(SPECIES, ap[p + 2 * KC]);
        a.fma(b0, c20).intoArray(tile, 2 * NR);
        a.fma(b1, c21).intoArray(tile, 2 * NR + LANES);
        a = FloatVector.broadcast(SPECIES, ap[p + 3 * KC]);
        a.fma(b0, c30).intoArray(tile, 3 * NR);
        a.fma(b1, c31).intoArray(tile, 3 * NR + LANES);
        a = FloatVector.broadcast(SPECIES, ap[p + 4 * KC]);
        a.fma(b0, c40).intoArray(tile, 4 * NR);
        a.fma(b1, c41).intoArray(tile, 4 * NR + LANES);
        a = FloatVector.broadcast(SPECIES, ap[p + 5 * KC]);
        a.fma(b0, c50).intoArray(tile, 5 * NR);
        a.fma(b1, c51).intoArray(tile, 5 * NR + LANES);
        a = FloatVector.broadcast(SPECIES, ap[p + 6 * KC]);
        a.fma(b0, c60).intoArray(tile, 6 * NR);
        a.fma(b1, c61).intoArray(tile, 6 * NR + LANES);
        a = FloatVector.broadcast(SPECIES, ap[p + 7 * KC]);
        a.fma(b0, c70).intoArray(tile, 7 * NR);
        a.fma(b1, c71).intoArray(tile, 7 * NR + LANES);
        a = FloatVector.broadcast(SPECIES, ap[p + 8 * KC]);
        a.fma(b0, c80).intoArray(tile, 8 * NR);
        a.fma(b1, c81).intoArray(tile, 8 * NR + LANES);
        a = FloatVector.broadcast(SPECIES, ap[p + 9 * KC]);
        a.fma(b0, c90).intoArray(tile, 9 * NR);
        a.fma(b1, c91).intoArray(tile, 9 * NR + LANES);
        a = FloatVector.broadcast(SPECIES, ap[p + 10 * KC]);
        a.fma(b0, ca0).intoArray(tile, 10 * NR);
        a.fma(b1, ca1).intoArray(tile, 10 * NR + LANES);
        a = FloatVector.broadcast(SPECIES, ap[p + 11 * KC]);
        a.fma(b0, cb0).intoArray(tile, 11 * NR);
        a.fma(b1, cb1).intoArray(tile, 11 * NR + LANES);
    }

    /**
     * The first eight rows of {@link #kernel12Rows}, for the last 5 to 8 rows of a strip packed by
     * rows (128 rows are ten strips of 12 and one of 8): 16 accumulators, the same multiply-adds in
     * the same order as the full kernel gives those rows, so the same bits. In one JVM in turns
     * against the full kernel on the padded strip (40 rounds): W1's {@code A·Bᵀ} 128 × 500 × 784 2.7%
     * faster (34 of 40 rounds ahead), {@code A·B} 128 × 784 × 500 1.3%. Written out, as the full
     * kernel is.
     */
    private static void kernel8Rows(int kc, float[] ap, float[] bp, int bo, float[] tile) {
        FloatVector c00 = FloatVector.zero(SPECIES), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00;
        FloatVector c30 = c00, c31 = c00, c40 = c00, c41 = c00, c50 = c00, c51 = c00;
        FloatVector c60 = c00, c61 = c00, c70 = c00, c71 = c00;
        int last = kc - 1;
        for (int p = 0; p < last; p++) {
            int bi = bo + p * NR;
            FloatVector b0 = FloatVector.fromArray(SPECIES, bp, bi);
            FloatVector b1 = FloatVector.fromArray(SPECIES, bp, bi + LANES);
            FloatVector a = FloatVector.broadcast(SPECIES, ap[p]);
            c00 = a.fma(b0, c00);
            c01 = a.fma(b1, c01);
            a = FloatVector.broadcast(SPECIES, ap[p + KC]);
            c10 = a.fma(b0, c10);
            c11 = a.fma(b1, c11);
            a = FloatVector.broadcast(SPECIES, ap[p + 2 * KC]);
            c20 = a.fma(b0, c20);
            c21 = a.fma(b1, c21);
            a = FloatVector.broadcast(SPECIES, ap[p + 3 * KC]);
            c30 = a.fma(b0, c30);
            c31 = a.fma(b1, c31);
            a = FloatVector.broadcast(SPECIES, ap[p + 4 * KC]);
            c40 = a.fma(b0, c40);
            c41 = a.fma(b1, c41);
            a = FloatVector.broadcast(SPECIES, ap[p + 5 * KC]);
            c50 = a.fma(b0, c50);
            c51 = a.fma(b1, c51);
            a = FloatVector.broadcast(SPECIES, ap[p + 6 * KC]);
            c60 = a.fma(b0, c60);
            c61 = a.fma(b1, c61);
            a = FloatVector.broadcast(SPECIES, ap[p + 7 * KC]);
            c70 = a.fma(b0, c70);
            c71 = a.fma(b1, c71);
        }
        // The last step stores each sum as it is made, as in kernel12.
        int p = last;
        int bi = bo + p * NR;
        FloatVector b0 = FloatVector.fromArray(SPECIES, bp, bi);
        FloatVector b1 = FloatVector.fromArray(SPECIES, bp, bi + LANES);
        FloatVector a = FloatVector.broadcast(SPECIES, ap[p]);
        a.fma(b0, c00).intoArray(tile, 0);
        a.fma(b1, c01).intoArray(tile, LANES);
        a = FloatVector.broadcast(SPECIES, ap[p + KC]);
        a.fma(b0, c10).intoArray(tile, NR);
        a.fma(b1, c11).intoArray(tile, NR + LANES);
        a = FloatVector.broadcast(SPECIES, ap[p + 2 * KC]);
        a.fma(b0, c20).intoArray(tile, 2 * NR);
        a.fma(b1, c21).intoArray(tile, 2 * NR + LANES);
        a = FloatVector.broadcast(SPECIES, ap[p + 3 * KC]);
        a.fma(b0, c30).intoArray(tile, 3 * NR);
        a.fma(b1, c31).intoArray(tile, 3 * NR + LANES);
        a = FloatVector.broadcast(SPECIES, ap[p + 4 * KC]);
        a.fma(b0, c40).intoArray(tile, 4 * NR);
        a.fma(b1, c41).intoArray(tile, 4 * NR + LANES);
        a = FloatVector.broadcast(SPECIES, ap[p + 5 * KC]);
        a.fma(b0, c50).intoArray(tile, 5 * NR);
        a.fma(b1, c51).intoArray(tile, 5 * NR + LANES);
        a = FloatVector.broadcast(SPECIES, ap[p + 6 * KC]);
        a.fma(b0, c60).intoArray(tile, 6 * NR);
        a.fma(b1, c61).intoArray(tile, 6 * NR + LANES);
        a = FloatVector.broadcast(SPECIES, ap[p + 7 * KC]);
        a.fma(b0, c70).intoArray(tile, 7 * NR);
        a.fma(b1, c71).intoArray(tile, 7 * NR + LANES);
    }

    /**
     * The first four rows of {@link #kernel12Rows} (or of {@link #kernel6Rows}), for the last 1 to 4
     * rows of a strip packed by rows (100 rows are eight strips of 12 and one of 4): 8 accumulators,
     * the same bits as the full kernel gives those rows. In one JVM in turns against the full kernel
     * (40 rounds): W3's {@code A·Bᵀ} 100 × 500 × 784 4.5–4.6% faster (36 and 37 of 40 ahead),
     * {@code A·B} 100 × 784 × 500 6.0% (36 of 40); the eight-row kernel on those four rows gained 2.4%.
     */
    private static void kernel4Rows(int kc, float[] ap, float[] bp, int bo, float[] tile) {
        FloatVector c00 = FloatVector.zero(SPECIES), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00;
        FloatVector c30 = c00, c31 = c00;
        int last = kc - 1;
        for (int p = 0; p < last; p++) {
            int bi = bo + p * NR;
            FloatVector b0 = FloatVector.fromArray(SPECIES, bp, bi);
            FloatVector b1 = FloatVector.fromArray(SPECIES, bp, bi + LANES);
            FloatVector a = FloatVector.broadcast(SPECIES, ap[p]);
            c00 = a.fma(b0, c00);
            c01 = a.fma(b1, c01);
            a = FloatVector.broadcast(SPECIES, ap[p + KC]);
            c10 = a.fma(b0, c10);
            c11 = a.fma(b1, c11);
            a = FloatVector.broadcast(SPECIES, ap[p + 2 * KC]);
            c20 = a.fma(b0, c20);
            c21 = a.fma(b1, c21);
            a = FloatVector.broadcast(SPECIES, ap[p + 3 * KC]);
            c30 = a.fma(b0, c30);
            c31 = a.fma(b1, c31);
        }
        // The last step stores each sum as it is made, as in kernel12.
        int p = last;
        int bi = bo + p * NR;
        FloatVector b0 = FloatVector.fromArray(SPECIES, bp, bi);
        FloatVector b1 = FloatVector.fromArray(SPECIES, bp, bi + LANES);
        FloatVector a = FloatVector.broadcast(SPECIES, ap[p]);
        a.fma(b0, c00).intoArray(tile, 0);
        a.fma(b1, c01).intoArray(tile, LANES);
        a = FloatVector.broadcast(SPECIES, ap[p + KC]);
        a.fma(b0, c10).intoArray(tile, NR);
        a.fma(b1, c11).intoArray(tile, NR + LANES);
        a = FloatVector.broadcast(SPECIES, ap[p + 2 * KC]);
        a.fma(b0, c20).intoArray(tile, 2 * NR);
        a.fma(b1, c21).intoArray(tile, 2 * NR + LANES);
        a = FloatVector.broadcast(SPECIES, ap[p + 3 * KC]);
        a.fma(b0, c30).intoArray(tile, 3 * NR);
        a.fma(b1, c31).intoArray(tile, 3 * NR + LANES);
    }

    /** {@link #kernel12}'s six-row form, for 16 vector registers: 12 accumulators, 15 registers in all. */
    private static void kernel6(int kc, float[] ap, float[] bp, int bo, float[] tile) {
        FloatVector c00 = FloatVector.zero(SPECIES), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00;
        FloatVector c30 = c00, c31 = c00, c40 = c00, c41 = c00, c50 = c00, c51 = c00;
        int last = kc - 1;
        for (int p = 0; p < last; p++) {
            int bi = bo + p * NR;
            FloatVector b0 = FloatVector.fromArray(SPECIES, bp, bi);
            FloatVector b1 = FloatVector.fromArray(SPECIES, bp, bi + LANES);
            int ai = p * 6;
            FloatVector a = FloatVector.broadcast(SPECIES, ap[ai]);
            c00 = a.fma(b0, c00);
            c01 = a.fma(b1, c01);
            a = FloatVector.broadcast(SPECIES, ap[ai + 1]);
            c10 = a.fma(b0, c10);
            c11 = a.fma(b1, c11);
            a = FloatVector.broadcast(SPECIES, ap[ai + 2]);
            c20 = a.fma(b0, c20);
            c21 = a.fma(b1, c21);
            a = FloatVector.broadcast(SPECIES, ap[ai + 3]);
            c30 = a.fma(b0, c30);
            c31 = a.fma(b1, c31);
            a = FloatVector.broadcast(SPECIES, ap[ai + 4]);
            c40 = a.fma(b0, c40);
            c41 = a.fma(b1, c41);
            a = FloatVector.broadcast(SPECIES, ap[ai + 5]);
            c50 = a.fma(b0, c50);
            c51 = a.fma(b1, c51);
        }
        // The last step stores each sum as it is made, as in kernel12.
        int bi = bo + last * NR;
        FloatVector b0 = FloatVector.fromArray(SPECIES, bp, bi);
        FloatVector b1 = FloatVector.fromArray(SPECIES, bp, bi + LANES);
        int ai = last * 6;
        FloatVector a = FloatVector.broadcast(SPECIES, ap[ai]);
        a.fma(b0, c00).intoArray(tile, 0);
        a.fma(b1, c01).intoArray(tile, LANES);
        a = FloatVector.broadcast(SPECIES, ap[ai + 1]);
        a.fma(b0, c10).intoArray(tile, NR);
        a.fma(b1, c11).intoArray(tile, NR + LANES);
        a = FloatVector.broadcast(SPECIES, ap[ai + 2]);
        a.fma(b0, c20).intoArray(tile, 2 * NR);
        a.fma(b1, c21).intoArray(tile, 2 * NR + LANES);
        a = FloatVector.broadcast(SPECIES, ap[ai + 3]);
        a.fma(b0, c30).intoArray(tile, 3 * NR);
        a.fma(b1, c31).intoArray(tile, 3 * NR + LANES);
        a = FloatVector.broadcast(SPECIES, ap[ai + 4]);
        a.fma(b0, c40).intoArray(tile, 4 * NR);
        a.fma(b1, c41).intoArray(tile, 4 * NR + LANES);
        a = FloatVector.broadcast(SPECIES, ap[ai + 5]);
        a.fma(b0, c50).intoArray(tile, 5 * NR);
        a.fma(b1, c51).intoArray(tile, 5 * NR + LANES);
    }

    /** {@link #kernel6} on a strip of A packed by rows, as {@link #kernel12Rows}. */
    private static void kernel6Rows(int kc, float[] ap, float[] bp, int bo, float[] tile) {
        FloatVector c00 = FloatVector.zero(SPECIES), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00;
        FloatVector c30 = c00, c31 = c00, c40 = c00, c41 = c00, c50 = c00, c51 = c00;
        int last = kc - 1;
        for (int p = 0; p < last; p++) {
            int bi = bo + p * NR;
            FloatVector b0 = FloatVector.fromArray(SPECIES, bp, bi);
            FloatVector b1 = FloatVector.fromArray(SPECIES, bp, bi + LANES);
            FloatVector a = FloatVector.broadcast(SPECIES, ap[p]);
            c00 = a.fma(b0, c00);
            c01 = a.fma(b1, c01);
            a = FloatVector.broadcast(SPECIES, ap[p + KC]);
            c10 = a.fma(b0, c10);
            c11 = a.fma(b1, c11);
            a = FloatVector.broadcast(SPECIES, ap[p + 2 * KC]);
            c20 = a.fma(b0, c20);
            c21 = a.fma(b1, c21);
            a = FloatVector.broadcast(SPECIES, ap[p + 3 * KC]);
            c30 = a.fma(b0, c30);
            c31 = a.fma(b1, c31);
            a = FloatVector.broadcast(SPECIES, ap[p + 4 * KC]);
            c40 = a.fma(b0, c40);
            c41 = a.fma(b1, c41);
            a = FloatVector.broadcast(SPECIES, ap[p + 5 * KC]);
            c50 = a.fma(b0, c50);
            c51 = a.fma(b1, c51);
        }
        // The last step stores each sum as it is made, as in kernel12.
        int p = last;
        int bi = bo + p * NR;
        FloatVector b0 = FloatVector.fromArray(SPECIES, bp, bi);
        FloatVector b1 = FloatVector.fromArray(SPECIES, bp, bi + LANES);
        FloatVector a = FloatVector.broadcast(SPECIES, ap[p]);
        a.fma(b0, c00).intoArray(tile, 0);
        a.fma(b1, c01).intoArray(tile, LANES);
        a = FloatVector.broadcast(SPECIES, ap[p + KC]);
        a.fma(b0, c10).intoArray(tile, NR);
        a.fma(b1, c11).intoArray(tile, NR + LANES);
        a = FloatVector.broadcast(SPECIES, ap[p + 2 * KC]);
        a.fma(b0, c20).intoArray(tile, 2 * NR);
        a.fma(b1, c21).intoArray(tile, 2 * NR + LANES);
        a = FloatVector.broadcast(SPECIES, ap[p + 3 * KC]);
        a.fma(b0, c30).intoArray(tile, 3 * NR);
        a.fma(b1, c31).intoArray(tile, 3 * NR + LANES);
        a = FloatVector.broadcast(SPECIES, ap[p + 4 * KC]);
        a.fma(b0, c40).intoArray(tile, 4 * NR);
        a.fma(b1, c41).intoArray(tile, 4 * NR + LANES);
        a = FloatVector.broadcast(SPECIES, ap[p + 5 * KC]);
        a.fma(b0, c50).intoArray(tile, 5 * NR);
        a.fma(b1, c51).intoArray(tile, 5 * NR + LANES);
    }

    /**
     * C[rows × cols at {@code c0}] = alpha * tile + beta * C, where beta 0 leaves C unread and 1 is
     * a fused multiply-add: whole vectors where the tile is whole, else element by element.
     */
    private static void store(float[] tile, float alpha, float beta, float[] c, int c0, int ldc, int rows, int cols) {
        FloatVector a = FloatVector.broadcast(SPECIES, alpha);
        for (int r = 0; r < rows; r++) {
            int row = c0 + r * ldc;
            int t = r * NR;
            int j = 0;
            if (beta == 0f) {
                for (; j + LANES <= cols; j += LANES) {
                    FloatVector.fromArray(SPECIES, tile, t + j).mul(a).intoArray(c, row + j);
                }
                for (; j < cols; j++) {
                    c[row + j] = alpha * tile[t + j];
                }
            } else if (beta == 1f) {
                for (; j + LANES <= cols; j += LANES) {
                    FloatVector.fromArray(SPECIES, tile, t + j).fma(a, FloatVector.fromArray(SPECIES, c, row + j))
                            .intoArray(c, row + j);
                }
                for (; j < cols; j++) {
                    c[row + j] += alpha * tile[t + j];
                }
            } else {
                for (; j + LANES <= cols; j += LANES) {
                    FloatVector.fromArray(SPECIES, tile, t + j)
                            .fma(a, FloatVector.fromArray(SPECIES, c, row + j).mul(beta)).intoArray(c, row + j);
                }
                for (; j < cols; j++) {
                    c[row + j] = alpha * tile[t + j] + c[row + j] * beta;
                }
            }
        }
    }
}
