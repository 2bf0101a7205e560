package dev.zeroloss.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The thin path of {@link GemmKernel} (one of m, n at most {@link GemmKernel#THIN}; the big operand read in place
 * or strip by strip) against {@link GemmReference} and {@link GemmKernel#updateReference}, bit for bit: the paper's
 * shapes (p = 37, n = 492, d_h = 512), the thin dimension over 1..70, all four transposes, strided and reversed
 * operands, thread counts 1, 2, 3, 7, repeated calls. Run with -Dzeroloss.gemm.width=256 and =512 too.
 */
class GemmThinTest {
    private static final int[] THREADS = {1, 2, 3, 7};
    /** Thin sizes: 1, primes, around the vector (4, 8), panel (8, 12, 24) and threshold (64) sizes, and p = 37. */
    private static final int[] THIN_SIZES = {1, 2, 3, 4, 5, 7, 8, 9, 11, 12, 13, 16, 17, 23, 24, 25, 31, 36, 37, 41,
            47, 48, 53, 61, 63, 64, 65, 70};
    private static WorkerPool[] pools;
    private static Gemm[] gemms;

    @BeforeAll
    static void createPools() {
        pools = new WorkerPool[THREADS.length];
        gemms = new Gemm[THREADS.length];
        for (int t = 0; t < THREADS.length; t++) {
            pools[t] = new WorkerPool(THREADS[t]);
            gemms[t] = new Gemm(pools[t]);
        }
    }

    @AfterAll
    static void closePools() {
        for (WorkerPool p : pools) {
            p.close();
        }
    }

    /** C0 + op(A)·op(B) through every Gemm, {@code reps} times each (warm workspaces), against the reference. */
    private static void check(SplittableRandom rnd, int m, int n, int k, boolean ta, boolean tb, int reps) {
        Mat a = GemmTestData.operand(rnd, ta, m, k);
        Mat b = GemmTestData.operand(rnd, tb, k, n);
        Mat c0 = GemmTestData.random(rnd, m, n);
        Mat expected = c0.copy();
        GemmReference.gemm(ta, tb, a, b, expected);
        Mat got = new Mat(m, n);
        for (int rep = 0; rep < reps; rep++) {
            for (Gemm g : gemms) {
                System.arraycopy(c0.data, 0, got.data, 0, got.data.length);
                g.gemm(ta, tb, a, b, got);
                int d = GemmTestData.firstDifference(expected.data, got.data);
                int r = rep;
                assertEquals(-1, d, () -> m + "x" + n + "x" + k + " transA=" + ta + " transB=" + tb + " threads="
                        + g.kernel().pool().threads() + " repetition " + r + ": first difference at " + d);
            }
        }
    }

    @Test
    void paperShapesAllTransposes() {
        SplittableRandom rnd = new SplittableRandom(GemmTestData.SEED + 40);
        // m, n, k: Fig. 6 T = Bᵀ·H and G = B·T; training Ŷ = H·W2, ∇W2 = Hᵀ·R, dH = R·W2ᵀ.
        int[][] shapes = {{37, 512, 492}, {492, 512, 37}, {492, 37, 512}, {512, 37, 492}};
        for (int[] s : shapes) {
            for (int tr = 0; tr < 4; tr++) {
                check(rnd, s[0], s[1], s[2], (tr & 1) != 0, (tr & 2) != 0, 2);
            }
        }
    }

    @Test
    void thinRowsAndColumnsOverTheThinSizes() {
        SplittableRandom rnd = new SplittableRandom(GemmTestData.SEED + 41);
        for (int t : THIN_SIZES) {
            // k = 263 > the k-block (256): two k-blocks, C reloaded in between; 131 and 97 are no multiple of anything.
            int tr = t & 3;
            check(rnd, t, 131, 263, (tr & 1) != 0, false, 1); // thin rows, row-major B: B strips
            check(rnd, t, 131, 263, (tr & 1) != 0, true, 1); // thin rows, transposed B: the packed path
            check(rnd, 97, t, 263, (tr & 1) != 0, (tr & 2) != 0, 1); // thin columns: A in place or strips
            check(rnd, 97, t, 263, (tr & 1) == 0, (tr & 2) == 0, 1);
        }
    }

    @Test
    void repeatedCallsAfterWarmUpKeepTheBits() {
        SplittableRandom rnd = new SplittableRandom(GemmTestData.SEED + 42);
        check(rnd, 37, 200, 300, true, false, 40);
        check(rnd, 300, 37, 200, false, false, 40);
        check(rnd, 300, 37, 200, true, false, 40);
    }

    /** Padded, reversed and zero strides, a reversed C and negate through GemmKernel.update directly. */
    @Test
    void stridedOperandsMatchUpdateReference() {
        SplittableRandom rnd = new SplittableRandom(GemmTestData.SEED + 43);
        int[][] shapes = {{37, 130, 300}, {130, 37, 300}, {5, 200, 70}, {200, 5, 70}, {64, 64, 33}, {9, 97, 511}};
        for (int[] s : shapes) {
            for (int layoutA = 0; layoutA < 16; layoutA++) {
                for (int layoutB = 0; layoutB < 16; layoutB += 3) {
                    checkStrided(rnd, s[0], s[1], s[2], (layoutB & 1) == 0, layoutA, layoutB, (layoutA & 2) != 0);
                }
            }
        }
    }

    private static int[] layout(SplittableRandom rnd, int rows, int cols, int layout) {
        int pad = rnd.nextInt(0, 4);
        int base = rnd.nextInt(0, 5);
        boolean colMajor = (layout & 1) != 0;
        int rs = colMajor ? 1 : cols + pad;
        int cs = colMajor ? rows + pad : 1;
        if ((layout & 8) != 0) {
            cs = 0;
        }
        int off = base + ((layout & 2) != 0 ? (rows - 1) * rs : 0) + ((layout & 4) != 0 ? (cols - 1) * cs : 0);
        int span = base + (rows - 1) * rs + (cols - 1) * cs + 1 + rnd.nextInt(0, 4);
        return new int[] {off, (layout & 2) != 0 ? -rs : rs, (layout & 4) != 0 ? -cs : cs, span};
    }

    private static void checkStrided(SplittableRandom rnd, int m, int n, int k, boolean negate, int layoutA,
                                     int layoutB, boolean negLdc) {
        int[] la = layout(rnd, m, k, layoutA);
        int[] lb = layout(rnd, k, n, layoutB);
        double[] a = GemmTestData.array(rnd, la[3]);
        double[] b = GemmTestData.array(rnd, lb[3]);
        int ldcAbs = n + rnd.nextInt(0, 3);
        int ldc = negLdc ? -ldcAbs : ldcAbs;
        int cBase = rnd.nextInt(0, 4);
        int cOff = cBase + (negLdc ? (m - 1) * ldcAbs : 0);
        double[] c0 = GemmTestData.array(rnd, cBase + (m - 1) * ldcAbs + n + 3);
        double[] expected = c0.clone();
        GemmKernel.updateReference(m, n, k, negate, false, a, la[0], la[1], la[2], b, lb[0], lb[1], lb[2], expected,
                cOff, ldc);
        for (Gemm g : gemms) {
            double[] got = c0.clone();
            g.kernel().update(m, n, k, negate, false, a, la[0], la[1], la[2], b, lb[0], lb[1], lb[2], got, cOff, ldc);
            int d = GemmTestData.firstDifference(expected, got);
            assertEquals(-1, d, () -> "m=" + m + " n=" + n + " k=" + k + " layouts " + layoutA + "/" + layoutB
                    + " negLdc=" + negLdc + " threads=" + g.kernel().pool().threads() + ": first difference at " + d);
        }
    }

    /**
     * SYRK-like updates (B = Aᵀ of the same storage, lowerOnly): the B panels are copied from the packed A panels,
     * also with negate (Cholesky's trailing update) and with fewer A panels than B columns need (m = 1..13).
     */
    @Test
    void symmetricPackingMatchesUpdateReference() {
        SplittableRandom rnd = new SplittableRandom(GemmTestData.SEED + 44);
        int[][] shapes = {{1, 600}, {5, 300}, {13, 263}, {37, 300}, {97, 70}, {131, 300}, {250, 257}};
        for (int[] s : shapes) {
            int m = s[0];
            int k = s[1];
            int ld = k + 3;
            double[] a = GemmTestData.array(rnd, 2 + m * ld);
            for (boolean negate : new boolean[] {false, true}) {
                int ldc = m + 2;
                double[] c0 = GemmTestData.array(rnd, 1 + m * ldc);
                for (int i = 0; i < m; i++) {
                    for (int j = i + 1; j < m; j++) {
                        c0[1 + i * ldc + j] = Double.NaN; // above the diagonal: neither read nor written
                    }
                }
                double[] expected = c0.clone();
                GemmKernel.updateReference(m, m, k, negate, true, a, 2, ld, 1, a, 2, 1, ld, expected, 1, ldc);
                for (Gemm g : gemms) {
                    for (int rep = 0; rep < 2; rep++) {
                        double[] got = c0.clone();
                        g.kernel().update(m, m, k, negate, true, a, 2, ld, 1, a, 2, 1, ld, got, 1, ldc);
                        int d = GemmTestData.firstDifference(expected, got);
                        assertEquals(-1, d, () -> "m=" + m + " k=" + k + " negate=" + negate + " threads="
                                + g.kernel().pool().threads() + ": first difference at " + d);
                    }
                }
            }
        }
    }

    /**
     * Gemm checks a big input (4× C and the other input) through the result: NaN and ±inf there must still raise
     * NonFiniteInputException naming the operand and element, also when the other factor is 0 (inf·0 = NaN); an
     * overflow from finite inputs is no error and keeps the reference bits.
     */
    @Test
    void bigInputsCheckedThroughTheResult() {
        SplittableRandom rnd = new SplittableRandom(GemmTestData.SEED + 45);
        for (Gemm g : gemms) {
            // Ŷ = H·W (A big), ∇W = Hᵀ·R (A big, transposed), T = Bᵀ·H (B big).
            Mat h = GemmTestData.random(rnd, 150, 120);
            Mat w = GemmTestData.random(rnd, 120, 9);
            Mat r = GemmTestData.random(rnd, 150, 9);
            double[] bad = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
            for (double v : bad) {
                h.set(77, 101, v);
                w.set(101, 3, 0.0); // inf·0 = NaN in chain (77, 3); the other chains of row 77 get ±inf
                NonFiniteInputException e = assertThrows(NonFiniteInputException.class,
                        () -> g.gemm(false, false, h, w, new Mat(150, 9)));
                assertTrue(e.getMessage().contains("A (150x120)") && e.getMessage().contains("(77, 101)"),
                        e.getMessage());
                e = assertThrows(NonFiniteInputException.class, () -> g.gemm(true, false, h, r, new Mat(120, 9)));
                assertTrue(e.getMessage().contains("A (150x120)") && e.getMessage().contains("(77, 101)"),
                        e.getMessage());
                e = assertThrows(NonFiniteInputException.class, () -> g.gemm(true, false, r, h, new Mat(9, 120)));
                assertTrue(e.getMessage().contains("B (150x120)") && e.getMessage().contains("(77, 101)"),
                        e.getMessage());
                h.set(77, 101, 0.5);
            }
            // The small operands and C are still scanned first.
            w.set(5, 2, Double.NaN);
            NonFiniteInputException e = assertThrows(NonFiniteInputException.class,
                    () -> g.gemm(false, false, h, w, new Mat(150, 9)));
            assertTrue(e.getMessage().contains("B (120x9)"), e.getMessage());
            w.set(5, 2, 1.0);
            Mat c = new Mat(150, 9);
            c.set(149, 8, Double.POSITIVE_INFINITY);
            e = assertThrows(NonFiniteInputException.class, () -> g.gemm(false, false, h, w, c));
            assertTrue(e.getMessage().contains("C (150x9)"), e.getMessage());
            // Finite inputs whose chains overflow: ±inf in C (an fma chain of finite terms never makes NaN), no
            // exception, the reference's bits.
            Mat hugeH = GemmTestData.random(rnd, 150, 120);
            hugeH.set(10, 7, 1e300);
            hugeH.set(10, 8, -1e300);
            Mat hugeW = GemmTestData.random(rnd, 120, 9);
            hugeW.set(7, 0, 1e300);
            hugeW.set(8, 1, 1e300);
            Mat expected = new Mat(150, 9);
            GemmReference.gemm(false, false, hugeH, hugeW, expected);
            assertTrue(expected.get(10, 0) == Double.POSITIVE_INFINITY, "" + expected.get(10, 0));
            assertTrue(expected.get(10, 1) == Double.NEGATIVE_INFINITY, "" + expected.get(10, 1));
            Mat got = new Mat(150, 9);
            g.gemm(false, false, hugeH, hugeW, got);
            assertEquals(-1, GemmTestData.firstDifference(expected.data, got.data));
        }
    }
}
