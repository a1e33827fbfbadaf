package org.aestack.runtime.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The vector GEMM in all three forms against the scalar reference, on shapes that hit every tail of
 * the register tile (rows around a multiple of its height, columns around a multiple of its width,
 * K past one and two packed blocks), on the training shapes, with strides wider than the matrices,
 * and for every alpha and beta case.
 */
class PanamaGemmTest {
    private static KernelOps panama;

    @BeforeAll
    static void vectorKernelsLoaded() {
        assertTrue(Kernels.ops() instanceof PanamaOps, "Kernels chose " + Kernels.ops().name());
        panama = Kernels.ops();
    }

    static Stream<Arguments> shapes() {
        int nr = PanamaGemm.NR;
        int mr = PanamaGemm.MR;
        int[] ms = {1, 3, mr - 1, mr, mr + 1, 2 * mr + 5};
        int[] ns = {1, 5, nr - 1, nr + 1, 2 * nr + 7};
        int[] ks = {1, 9, PanamaGemm.KC + 5, 2 * PanamaGemm.KC + 1};
        List<Arguments> all = new ArrayList<>();
        for (int m : ms) {
            for (int n : ns) {
                for (int k : ks) {
                    all.add(Arguments.of(m, n, k));
                }
            }
        }
        all.add(Arguments.of(128, 500, 784));
        all.add(Arguments.of(128, 784, 500));
        all.add(Arguments.of(500, 784, 128));
        all.add(Arguments.of(128, 500, 1000)); // W2's 1000-deep products: one block on a 48 KB L1
        all.add(Arguments.of(1, 30, 250));
        all.add(Arguments.of(500, 30, 128)); // one strip of N, split across the threads by rows
        // Wider than a packed block of B on each thread (and on one thread, below the split's threshold).
        all.add(Arguments.of(mr + 1, 2 * PanamaGemm.NC + nr + 3, PanamaGemm.KC + 5));
        all.add(Arguments.of(3, PanamaGemm.NC + 5, 7));
        // A transposed B is packed in 16 × 16 blocks, the last overlapping the one before where the
        // depth is not a multiple of 16; shallower blocks are gathered.
        for (int k : new int[] {15, 16, 17, 33}) {
            all.add(Arguments.of(mr + 1, 2 * nr + 7, k));
        }
        return all.stream();
    }

    private static float[] random(long seed, int n) {
        float[] a = new float[n];
        new Rng(seed).fillUniform(a, n, -1, 1);
        return a;
    }

    @ParameterizedTest(name = "{0}x{1}x{2}")
    @MethodSource("shapes")
    void allThreeFormsMatchTheReference(int m, int n, int k) {
        for (String form : new String[] {"NN", "NT", "TN"}) {
            check(form, m, n, k, 1f, 0f, 0);
            check(form, m, n, k, -0.5f, 1f, 0);
            check(form, m, n, k, 2f, 0.25f, 3);
        }
    }

    /** Computes the form with padded strides, then compares every element and the untouched padding. */
    private static void check(String form, int m, int n, int k, float alpha, float beta, int pad) {
        boolean ta = form.charAt(0) == 'T';
        boolean tb = form.charAt(1) == 'T';
        int aRows = ta ? k : m, aCols = ta ? m : k;
        int bRows = tb ? n : k, bCols = tb ? k : n;
        int lda = aCols + pad, ldb = bCols + pad, ldc = n + pad;
        float[] a = random(1, aRows * lda);
        float[] b = random(2, bRows * ldb);
        float[] c0 = random(3, m * ldc);
        if (beta == 0f) {
            Arrays.fill(c0, Float.NaN); // beta = 0 must ignore whatever C held
            for (int i = 0; i < m; i++) {
                for (int j = n; j < ldc; j++) {
                    c0[i * ldc + j] = 5f;
                }
            }
        }
        float[] expected = c0.clone();
        float[] actual = c0.clone();
        switch (form) {
            case "NN" -> ScalarGemm.nn(m, n, k, alpha, a, lda, b, ldb, beta, expected, ldc);
            case "NT" -> ScalarGemm.nt(m, n, k, alpha, a, lda, b, ldb, beta, expected, ldc);
            default -> ScalarGemm.tn(m, n, k, alpha, a, lda, b, ldb, beta, expected, ldc);
        }
        multiply(form, m, n, k, alpha, a, lda, b, ldb, beta, actual, ldc);
        float tolerance = 2e-6f * k * Math.max(1f, Math.abs(alpha));
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < ldc; j++) {
                int idx = i * ldc + j;
                String where = form + " " + m + "x" + n + "x" + k + " alpha=" + alpha + " beta=" + beta + " at (" + i + ", " + j + ")";
                if (j < n) {
                    assertEquals(expected[idx], actual[idx], tolerance, where);
                } else {
                    assertEquals(c0[idx], actual[idx], 0f, "padding changed: " + where);
                }
            }
        }
    }

    /** K is cut into the fewest blocks of at most KC, as equal as they can be, in order and without gaps. */
    @Test
    void kIsCutIntoTheFewestNearlyEqualBlocks() {
        int kc = PanamaGemm.KC;
        for (int k : new int[] {1, 7, kc - 1, kc, kc + 1, 784, 1024, 2 * kc + 1, 5 * kc - 3}) {
            int blocks = (k + kc - 1) / kc;
            int sum = 0, deepest = 0, shallowest = Integer.MAX_VALUE;
            for (int b = 0; b < blocks; b++) {
                int depth = PanamaGemm.blockDepth(k, blocks, b);
                assertTrue(depth <= kc && depth > 0, k + ": block " + b + " of depth " + depth);
                sum += depth;
                deepest = Math.max(deepest, depth);
                shallowest = Math.min(shallowest, depth);
            }
            assertEquals(k, sum, "the blocks cover K");
            assertTrue(deepest - shallowest <= 1, k + ": blocks from " + shallowest + " to " + deepest);
        }
        if (kc == 512) {
            assertEquals(392, PanamaGemm.blockDepth(784, 2, 1), "784 = 392 + 392");
        }
    }

    /**
     * A packed block of op(B) stays within half of a 1 MB L2, in whole strips, at most NC wide and
     * at least one strip; a kept product's share is packed whole up to 1 MB (W3's weights, 250
     * columns a thread at 784 deep), so it can be used again.
     */
    @Test
    void packedBlocksOfBKeepToTheirBudget() {
        for (int depth : new int[] {1, 100, 128, 500, 512, 784, 816, 1000, 1008, 1024, 5000, 100_000}) {
            int columns = PanamaGemm.columnsFor(depth);
            assertEquals(0, columns % PanamaGemm.NR, depth + ": whole strips");
            assertTrue(columns >= PanamaGemm.NR && columns <= PanamaGemm.NC, depth + ": " + columns + " columns");
            assertTrue(columns == PanamaGemm.NR || (long) columns * depth * Float.BYTES <= PanamaGemm.PACKED_B_BYTES,
                    depth + ": " + columns + " columns fill more than the budget");
            assertTrue(columns == PanamaGemm.NC
                    || (long) (columns + PanamaGemm.NR) * depth * Float.BYTES > PanamaGemm.PACKED_B_BYTES,
                    depth + ": " + columns + " columns leave a strip's room");
        }
        if (PanamaGemm.NR == 32 && PanamaGemm.NC == 512) {
            assertEquals(256, PanamaGemm.columnsFor(512));
            assertEquals(160, PanamaGemm.columnsFor(784));
            assertEquals(512, PanamaGemm.columnsFor(128));
        }
        assertEquals(250, PanamaGemm.columnsAtOnce(250, 784, PanamaGemm.KEPT_B_BYTES), "W3's share of its weights, kept whole");
        assertEquals(PanamaGemm.columnsFor(784), PanamaGemm.columnsAtOnce(250, 784, 0), "not kept");
        assertEquals(PanamaGemm.columnsFor(784), PanamaGemm.columnsAtOnce(500, 784, PanamaGemm.KEPT_B_BYTES), "1.5 MB is too large to keep");
    }

    /**
     * A strip's last rows, where they are fewer than MR (by the four- or eight-row kernel where A is
     * packed by rows), get the bits the full kernel gives them: each product against the same one
     * with its rows made up to a whole strip, in all three forms, past a K block, on the training
     * shapes' 100 and 128 rows (4 and 8 left) and on every count of rows left.
     */
    @Test
    void aStripsLastRowsGetTheBitsOfTheFullKernel() {
        int mr = PanamaGemm.MR;
        int n = 2 * PanamaGemm.NR + 7, k = PanamaGemm.KC + 5;
        for (int m : new int[] {100, 128, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, mr + 4, mr + 5, 2 * mr + 8}) {
            int whole = (m + mr - 1) / mr * mr;
            for (String form : new String[] {"NN", "NT", "TN"}) {
                boolean ta = form.charAt(0) == 'T';
                boolean tb = form.charAt(1) == 'T';
                int lda = ta ? whole : k, ldb = tb ? k : n;
                float[] a = random(31, whole * k), b = random(32, n * k);
                float[] c = random(33, whole * n);
                float[] rows = c.clone();
                float[] strips = c.clone();
                multiply(form, m, n, k, 0.5f, a, lda, b, ldb, 0.25f, rows, n);
                multiply(form, whole, n, k, 0.5f, a, lda, b, ldb, 0.25f, strips, n);
                assertTrue(Arrays.equals(Arrays.copyOf(strips, m * n), Arrays.copyOf(rows, m * n)),
                        form + " " + m + " rows against " + whole);
                assertTrue(Arrays.equals(Arrays.copyOfRange(c, m * n, whole * n),
                        Arrays.copyOfRange(rows, m * n, whole * n)), form + " " + m + " rows: the rows below untouched");
            }
        }
    }

    /** The vector kernels' product in the form named ("NN", "NT" or "TN"). */
    private static void multiply(String form, int m, int n, int k, float alpha, float[] a, int lda, float[] b, int ldb,
            float beta, float[] c, int ldc) {
        switch (form) {
            case "NN" -> panama.gemmNN(m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
            case "NT" -> panama.gemmNT(m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
            default -> panama.gemmTN(m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
        }
    }

    @Test
    void sameInputsGiveBitIdenticalResults() {
        int m = 128, n = 784, k = 500;
        float[] a = random(4, m * k);
        float[] b = random(5, n * k);
        float[] first = new float[m * n];
        float[] second = new float[m * n];
        panama.gemmNT(m, n, k, 1f, a, k, b, k, 0f, first, n);
        panama.gemmNT(m, n, k, 1f, a, k, b, k, 0f, second, n);
        assertTrue(Arrays.equals(first, second));
    }

    /**
     * A product split across the kernel threads equals, bit for bit, the same product run on one
     * thread (called from inside a task's part, a product does not split): each element of C is
     * summed in the same order whoever computes it.
     */
    @Test
    void theSplitAcrossThreadsChangesNoBit() {
        org.junit.jupiter.api.Assumptions.assumeTrue(Parallel.instance().threads() > 1, "one kernel thread here");
        // 24½ strips of N, so the threads share one by rows; then a single strip shared by rows.
        for (int[] shape : new int[][] {{128, 784, 500}, {500, 30, 128}}) {
            int m = shape[0], n = shape[1], k = shape[2];
            float[] a = random(6, m * k);
            float[] b = random(7, n * k);
            float[] split = random(8, m * n);
            float[] alone = split.clone();
            panama.gemmNT(m, n, k, 0.5f, a, k, b, k, 0.25f, split, n);
            Parallel.instance().run((part, parts) -> {
                if (part == 0) {
                    panama.gemmNT(m, n, k, 0.5f, a, k, b, k, 0.25f, alone, n);
                }
            });
            assertTrue(Arrays.equals(split, alone), m + "x" + n + "x" + k);
        }
    }

    /**
     * {@code Aᵀ·B} with an epilogue: C gets the bits of the product without one, and the epilogue
     * sees every element of C exactly once, in runs that are final when it sees them (each run's
     * values then equal C's at the end). On the training shapes, split across the threads by rows
     * (both of W2's wide weight gradients, whole rows and not), deeper than a K block, with a stride
     * wider than C, on one thread below the split's threshold, and with nothing to multiply.
     */
    @ParameterizedTest(name = "{0}x{1}x{2} ldc+{3}")
    @CsvSource({"1000, 784, 128, 0", "784, 1000, 128, 0", "500, 784, 128, 0", "13, 45, 7, 0", "500, 30, 128, 3",
            "37, 1100, 128, 0", "29, 70, 1700, 5", "40, 40, 0, 0"})
    void anEpilogueSeesEachFinishedRunOnce(int m, int n, int k, int pad) {
        int ldc = n + pad;
        float[] a = random(21, Math.max(1, k * m));
        float[] b = random(22, Math.max(1, k * n));
        float[] plain = random(23, m * ldc);
        float[] withEpilogue = plain.clone();
        panama.gemmTN(m, n, k, 0.75f, a, m, b, n, 0.5f, plain, ldc);
        int[] seen = new int[m * ldc];
        float[] atTheTime = new float[m * ldc];
        panama.gemmTN(m, n, k, 0.75f, a, m, b, n, 0.5f, withEpilogue, ldc, (from, to) -> {
            synchronized (seen) {
                for (int i = from; i < to; i++) {
                    seen[i]++;
                    atTheTime[i] = withEpilogue[i];
                }
            }
        });
        assertTrue(Arrays.equals(plain, withEpilogue), "C differs from the product's without an epilogue");
        for (int i = 0; i < m * ldc; i++) {
            boolean inC = i % ldc < n;
            assertEquals(inC ? 1 : 0, seen[i], "times element " + i + " was seen");
            if (inC) {
                assertEquals(withEpilogue[i], atTheTime[i], 0f, "element " + i + " when its run was handed over");
            }
        }
    }

    /**
     * An epilogue that {@linkplain Epilogue#takesBuffer takes C from a buffer} gets the bits of the
     * product without one, every element exactly once; where the product hands it buffers (one K
     * block, beta 0: the weight gradients of training), C is left as it was, and where it cannot
     * (deeper than a block, beta not 0, nothing to multiply) it stores C and hands over runs of C, as
     * to any epilogue. On W1's and W2's gradient shapes (W2's both whole rows of C and a row for
     * each block of columns), on the edges, on one thread, with a stride wider than C.
     */
    @ParameterizedTest(name = "{0}x{1}x{2} ldc+{3} beta {4}")
    @CsvSource({"1000, 784, 128, 0, 0", "784, 1000, 128, 0, 0", "784, 500, 128, 0, 0", "500, 784, 128, 0, 0",
            "13, 45, 7, 0, 0", "500, 30, 128, 3, 0", "37, 1100, 128, 0, 0", "37, 1100, 128, 2, 0",
            "29, 70, 1700, 5, 0", "40, 40, 0, 0, 0", "784, 1000, 128, 0, 0.5"})
    void anEpilogueThatTakesBuffersGetsTheProductsBits(int m, int n, int k, int pad, float beta) {
        int ldc = n + pad;
        float[] a = random(31, Math.max(1, k * m));
        float[] b = random(32, Math.max(1, k * n));
        float[] before = random(33, m * ldc);
        float[] plain = before.clone();
        panama.gemmTN(m, n, k, 0.75f, a, m, b, n, beta, plain, ldc);
        float[] c = before.clone();
        int[] seen = new int[m * ldc];
        float[] handed = new float[m * ldc];
        boolean[] fromBuffers = new boolean[2];
        panama.gemmTN(m, n, k, 0.75f, a, m, b, n, beta, c, ldc, new Epilogue() {
            @Override
            public void apply(int from, int to) {
                take(c, from, from, to, 0);
            }

            @Override
            public boolean takesBuffer() {
                return true;
            }

            @Override
            public void apply(float[] values, int offset, int from, int to) {
                take(values, offset, from, to, 1);
            }

            private void take(float[] values, int offset, int from, int to, int kind) {
                synchronized (seen) {
                    fromBuffers[kind] = true;
                    for (int i = from; i < to; i++) {
                        seen[i]++;
                        handed[i] = values[offset + i - from];
                    }
                }
            }
        });
        boolean buffered = k > 0 && k <= PanamaGemm.KC && beta == 0f;
        assertEquals(buffered, fromBuffers[1], "handed over in buffers");
        assertEquals(!buffered, fromBuffers[0], "handed over in C");
        assertTrue(Arrays.equals(buffered ? before : plain, c), buffered ? "C was written" : "C differs from the product's");
        for (int i = 0; i < m * ldc; i++) {
            boolean inC = i % ldc < n;
            assertEquals(inC ? 1 : 0, seen[i], "times element " + i + " was handed over");
            if (inC) {
                assertEquals(plain[i], handed[i], 0f, "element " + i);
            }
        }
    }

    /**
     * Two products added tile by tile give the bits of the two products one after the other, on the
     * kernel threads and off them, with equal and unequal depths, on the edges, and deeper than a K
     * block (where it is the two products).
     */
    @Test
    void aPairOfProductsGivesTheBitsOfOneAfterTheOther() {
        int kc = PanamaGemm.KC;
        int[][] shapes = {{500, 784, 100, 100}, {500, 784, 100, 64}, {13, 37, 9, 5}, {1, 1, 1, 1},
            {2 * PanamaGemm.MR + 5, 2 * PanamaGemm.NR + 7, kc, 3}, {40, 70, kc + 5, 20}};
        for (int[] shape : shapes) {
            int m = shape[0], n = shape[1], k1 = shape[2], k2 = shape[3];
            float[] a1 = random(11, k1 * m), b1 = random(12, k1 * n);
            float[] a2 = random(13, k2 * m), b2 = random(14, k2 * n);
            for (float beta : new float[] {0f, 1f, 0.5f}) {
                float[] twice = random(15, m * n);
                float[] paired = twice.clone();
                float[] inPart = twice.clone();
                panama.gemmTN(m, n, k1, -1f / k1, a1, m, b1, n, beta, twice, n);
                panama.gemmTN(m, n, k2, 1f / k2, a2, m, b2, n, 1f, twice, n);
                panama.gemmTNPair(m, n, k1, -1f / k1, a1, b1, k2, 1f / k2, a2, b2, beta, paired);
                Parallel.instance().run((part, parts) -> {
                    if (part == 0) {
                        panama.gemmTNPair(m, n, k1, -1f / k1, a1, b1, k2, 1f / k2, a2, b2, beta, inPart);
                    }
                });
                String where = m + "x" + n + " k " + k1 + " and " + k2 + " beta " + beta;
                assertTrue(Arrays.equals(twice, paired), where);
                assertTrue(Arrays.equals(twice, inPart), where + ", on one thread");
            }
        }
    }

    /**
     * A kept product ({@code gemmNTKept}) gives the bits of {@code gemmNT}, fresh and reused, with
     * another A and another number of rows (the threads' shares then differ, so B is packed again),
     * deeper than a block and on one thread; and a reused call really takes the kept packing: with B
     * changed behind its back it still gives the old B's product (on both threads, where a thread's
     * share is one block), until a fresh call.
     */
    @Test
    void aKeptProductReusesItsPackingOfBUntilAFreshCall() {
        int kc = PanamaGemm.KC;
        int[][] shapes = {{100, 500, 784}, {128, 784, 500}, {13, 37, 9}, {40, 70, kc + 5}};
        for (int[] shape : shapes) {
            int m = shape[0], n = shape[1], k = shape[2];
            float[] b = random(31, n * k);
            String where = m + "x" + n + "x" + k;
            for (int rows : new int[] {m, m / 2 + 1, m}) {
                float[] a = random(32 + rows, rows * k);
                float[] plain = new float[rows * n];
                float[] fresh = new float[rows * n];
                float[] reused = new float[rows * n];
                float[] alone = new float[rows * n];
                panama.gemmNT(rows, n, k, 0.5f, a, k, b, k, 0f, plain, n);
                panama.gemmNTKept(true, rows, n, k, 0.5f, a, k, b, k, 0f, fresh, n);
                panama.gemmNTKept(false, rows, n, k, 0.5f, a, k, b, k, 0f, reused, n);
                Parallel.instance().run((part, parts) -> {
                    if (part == 0) {
                        panama.gemmNTKept(false, rows, n, k, 0.5f, a, k, b, k, 0f, alone, n);
                    }
                });
                assertTrue(Arrays.equals(plain, fresh), where + " fresh, " + rows + " rows");
                assertTrue(Arrays.equals(plain, reused), where + " reused, " + rows + " rows");
                assertTrue(Arrays.equals(plain, alone), where + " on one thread, " + rows + " rows");
            }
        }

        // One block deep and at most 320 columns, so each thread keeps its share however many threads.
        int m = 100, n = 256, k = Math.min(784, kc);
        float[] a = random(40, m * k);
        float[] b = random(41, n * k);
        float[] before = new float[m * n];
        panama.gemmNTKept(true, m, n, k, 1f, a, k, b, k, 0f, before, n);
        float[] changed = b.clone();
        Arrays.fill(changed, 0f);
        System.arraycopy(changed, 0, b, 0, b.length); // B changed without a fresh call: a broken promise
        float[] stale = new float[m * n];
        panama.gemmNTKept(false, m, n, k, 1f, a, k, b, k, 0f, stale, n);
        assertTrue(Arrays.equals(before, stale), "the reused call took the packing kept before B changed");
        float[] fresh = new float[m * n];
        panama.gemmNTKept(true, m, n, k, 1f, a, k, b, k, 0f, fresh, n);
        assertTrue(Arrays.equals(new float[m * n], fresh), "a fresh call packs B as it is now");
        float[] other = random(42, n * k);
        float[] expected = new float[m * n];
        float[] fromOther = new float[m * n];
        panama.gemmNT(m, n, k, 1f, a, k, other, k, 0f, expected, n);
        panama.gemmNTKept(false, m, n, k, 1f, a, k, other, k, 0f, fromOther, n);
        assertTrue(Arrays.equals(expected, fromOther), "another matrix is packed, not taken for the kept one");

        // A worker's share packed under an older fresh call matches the shape again after a fresh
        // call that ran on one thread: its stamp is old, so it is packed again.
        float[] w = random(43, n * k);
        float[] first = new float[m * n];
        panama.gemmNTKept(true, m, n, k, 1f, a, k, w, k, 0f, first, n);
        Arrays.fill(w, 0.5f);
        float[] small = new float[n];
        panama.gemmNTKept(true, 1, n, 4, 1f, a, k, w, k, 0f, small, n); // too small to split
        float[] now = new float[m * n];
        float[] want = new float[m * n];
        panama.gemmNTKept(false, m, n, k, 1f, a, k, w, k, 0f, now, n);
        panama.gemmNT(m, n, k, 1f, a, k, w, k, 0f, want, n);
        assertTrue(Arrays.equals(want, now), "a packing kept under an older stamp is not reused");
        float[] empty = new float[0];
        Arrays.fill(w, -1f);
        panama.gemmNTKept(true, 0, n, k, 1f, a, k, w, k, 0f, empty, n); // fresh, though it multiplies nothing
        panama.gemmNTKept(false, m, n, k, 1f, a, k, w, k, 0f, now, n);
        panama.gemmNT(m, n, k, 1f, a, k, w, k, 0f, want, n);
        assertTrue(Arrays.equals(want, now), "a fresh call with nothing to multiply still starts a new stamp");
    }

    /**
     * A strip of A packed by rows (A as it is) and one packed by steps (A transposed) feed the
     * microkernel the same multiply-adds in the same order: {@code A·B} and {@code (Aᵀ)ᵀ·B} agree bit
     * for bit, on the edges and past a K block.
     */
    @Test
    void bothLayoutsOfAStripGiveTheSameBits() {
        int[][] shapes = {{128, 500, 784}, {100, 500, 784}, {13, 37, 9},
            {2 * PanamaGemm.MR + 5, 2 * PanamaGemm.NR + 7, PanamaGemm.KC + 5}};
        for (int[] shape : shapes) {
            int m = shape[0], n = shape[1], k = shape[2];
            float[] a = random(16, m * k), b = random(17, k * n);
            float[] at = new float[k * m];
            for (int i = 0; i < m; i++) {
                for (int p = 0; p < k; p++) {
                    at[p * m + i] = a[i * k + p];
                }
            }
            float[] byRows = random(18, m * n);
            float[] bySteps = byRows.clone();
            panama.gemmNN(m, n, k, 0.75f, a, k, b, n, 0.5f, byRows, n);
            panama.gemmTN(m, n, k, 0.75f, at, m, b, n, 0.5f, bySteps, n);
            assertTrue(Arrays.equals(byRows, bySteps), m + "x" + n + "x" + k);
        }
    }

    /**
     * Run in a JVM of its own with {@code -Daestack.gemm.mr} and {@code -Daestack.cache.l1d}: the
     * six-row kernels, which 512-bit machines never choose, or the block depth of another L1,
     * against the reference on every shape. The arguments are the MR and KC expected.
     */
    public static void main(String[] args) {
        vectorKernelsLoaded();
        int mr = Integer.parseInt(args[0]);
        int kc = Integer.parseInt(args[1]);
        if (PanamaGemm.MR != mr || PanamaGemm.KC != kc) {
            throw new AssertionError("MR is " + PanamaGemm.MR + " and KC " + PanamaGemm.KC + ", not " + mr + " and " + kc);
        }
        PanamaGemmTest test = new PanamaGemmTest();
        int shapes = 0;
        for (Arguments s : (Iterable<Arguments>) shapes()::iterator) {
            Object[] mnk = s.get();
            test.allThreeFormsMatchTheReference((int) mnk[0], (int) mnk[1], (int) mnk[2]);
            shapes++;
        }
        test.bothLayoutsOfAStripGiveTheSameBits();
        test.aPairOfProductsGivesTheBitsOfOneAfterTheOther();
        System.out.println("MR " + PanamaGemm.MR + ": " + shapes + " shapes");
    }

    /**
     * The six-row kernels, with the deepest blocks (a 32 KB L1 gives 6 rows 1024), and the twelve-row
     * ones with a 48 KB L1's 1008-deep blocks, each in a JVM of its own, on every shape; and
     * {@code -Daestack.gemm.kc} overriding the depth L1 gives.
     */
    @ParameterizedTest
    @CsvSource({"6, 32768, '', 1024", "12, 49152, '', 1008", "12, 49152, 512, 512"})
    void otherTilesAndBlockDepthsMatchTheReferenceToo(int mr, int l1, String kcProperty, int kc) throws Exception {
        String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        List<String> command = new ArrayList<>(List.of(java, "--add-modules", "jdk.incubator.vector",
                "-Daestack.gemm.mr=" + mr, "-D" + L1Cache.PROPERTY + "=" + l1));
        if (kcProperty != null && !kcProperty.isEmpty()) {
            command.add("-Daestack.gemm.kc=" + kcProperty);
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), PanamaGemmTest.class.getName(),
                Integer.toString(mr), Integer.toString(kc)));
        Process p = new ProcessBuilder(command).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the child JVM did not finish");
        assertEquals(0, p.exitValue(), err);
        assertTrue(out.contains("MR " + mr + ": " + shapes().count() + " shapes"), out + err);
    }

    /**
     * A strip of A one step of 16 short of filling L1, within [512, 1024]; 512 where L1 is unknown.
     */
    @Test
    void blocksAreOneStepShortOfFillingL1() {
        assertEquals(1008, PanamaGemm.depthFor(48 * 1024, 12));
        assertEquals(1008, PanamaGemm.depthFor(48 * 1024 + 47, 12));
        assertEquals(1024, PanamaGemm.depthFor(48 * 1024 + 48, 12));
        assertEquals(672, PanamaGemm.depthFor(32 * 1024, 12));
        assertEquals(1024, PanamaGemm.depthFor(32 * 1024, 6));
        assertEquals(512, PanamaGemm.depthFor(16 * 1024, 12));
        assertEquals(512, PanamaGemm.depthFor(0, 12));
        assertEquals(1024, PanamaGemm.depthFor(1 << 20, 12));
    }

    @Test
    void cacheSizesReadAsSysfsAndGetconfWriteThem() {
        assertEquals(49152, L1Cache.parseSize("48K\n"));
        assertEquals(49152, L1Cache.parseSize("49152"));
        assertEquals(2 * 1024 * 1024, L1Cache.parseSize("2M"));
        assertEquals(-1, L1Cache.parseSize(""));
        assertEquals(-1, L1Cache.parseSize("0"));
        assertEquals(-1, L1Cache.parseSize("48KB"));
        assertEquals(-1, L1Cache.parseSize("-5"));
    }

    @Test
    void emptyShapesAreNoOps() {
        float[] c = {1f, 2f};
        panama.gemmNN(0, 2, 3, 1f, new float[0], 3, new float[6], 2, 0f, c, 2);
        panama.gemmNN(1, 2, 0, 1f, new float[0], 0, new float[0], 2, 0.5f, c, 2);
        assertEquals(0.5f, c[0]);
        assertEquals(1f, c[1]);
    }
}
