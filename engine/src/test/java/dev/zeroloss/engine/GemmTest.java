package dev.zeroloss.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@link Gemm} against {@link GemmReference}: the same bits for every shape, transpose and thread count. */
class GemmTest {
    private static final int[] THREADS = {1, 2, 3, 7};
    private static WorkerPool[] pools;
    private static Gemm[] gemms;

    /** m, n, k: 1, primes, non-multiples of 4/8/12 and of the blocks (tiles 96×384, 96×96 lower, k-block 256), one of each ≥ 1000. */
    private static final int[][] SHAPES = {
            {1, 1, 1}, {1, 7, 13}, {13, 1, 7}, {7, 13, 1}, {2, 3, 5}, {8, 12, 256}, {9, 13, 257}, {16, 24, 33},
            {97, 97, 97}, {96, 192, 256}, {95, 191, 255}, {97, 193, 257}, {101, 37, 513}, {200, 250, 130},
            {97, 385, 257}, {1031, 29, 41}, {23, 1009, 17}, {5, 7, 1500}, {64, 64, 1100}};

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

    @Test
    void gemmEqualsReferenceBitsForAllShapesTransposesAndThreadCounts() {
        SplittableRandom rnd = new SplittableRandom(GemmTestData.SEED + 10);
        for (int[] s : SHAPES) {
            int m = s[0];
            int n = s[1];
            int k = s[2];
            for (int tr = 0; tr < 4; tr++) {
                boolean ta = (tr & 1) != 0;
                boolean tb = (tr & 2) != 0;
                Mat a = GemmTestData.operand(rnd, ta, m, k);
                Mat b = GemmTestData.operand(rnd, tb, k, n);
                Mat c0 = GemmTestData.random(rnd, m, n);
                Mat expected = c0.copy();
                GemmReference.gemm(ta, tb, a, b, expected);
                for (Gemm g : gemms) {
                    Mat got = c0.copy();
                    g.gemm(ta, tb, a, b, got);
                    int d = GemmTestData.firstDifference(expected.data, got.data);
                    assertEquals(-1, d, () -> m + "x" + n + "x" + k + " transA=" + ta + " transB=" + tb
                            + " threads=" + g.kernel().pool().threads() + ": first difference at " + d);
                }
            }
        }
    }

    @Test
    void multiplyStartsFromZero() {
        SplittableRandom rnd = new SplittableRandom(GemmTestData.SEED + 11);
        Mat a = GemmTestData.random(rnd, 45, 70);
        Mat b = GemmTestData.random(rnd, 33, 70);
        Mat expected = new Mat(45, 33);
        GemmReference.gemm(false, true, a, b, expected);
        for (Gemm g : gemms) {
            assertTrue(expected.bitEquals(g.multiply(false, true, a, b)));
        }
    }

    @Test
    void syrkEqualsReferenceBitsAndLeavesUpperTriangle() {
        SplittableRandom rnd = new SplittableRandom(GemmTestData.SEED + 12);
        int[][] shapes = {{1, 1}, {1, 5}, {5, 1}, {7, 13}, {13, 7}, {97, 64}, {150, 300}, {492, 512}, {1001, 9}};
        for (int[] s : shapes) {
            Mat h = GemmTestData.random(rnd, s[0], s[1]);
            Mat k0 = GemmTestData.random(rnd, s[0], s[0]);
            for (int i = 0; i < s[0]; i++) {
                k0.set(i, s[0] - 1 - i, Double.NaN); // stale values, some in the lower triangle: overwritten
            }
            Mat expectedLower = k0.copy();
            GemmReference.syrkLower(h, expectedLower);
            Mat expectedFull = k0.copy();
            GemmReference.syrk(h, expectedFull);
            for (Gemm g : gemms) {
                Mat got = k0.copy();
                g.syrkLower(h, got);
                assertTrue(expectedLower.bitEquals(got), () -> "syrkLower H " + h.shape() + " threads "
                        + g.kernel().pool().threads());
                got = k0.copy();
                g.syrk(h, got);
                assertTrue(expectedFull.bitEquals(got), () -> "syrk H " + h.shape() + " threads "
                        + g.kernel().pool().threads());
            }
        }
    }

    @Test
    void repeatedCallsAfterWarmUpKeepTheBits() {
        SplittableRandom rnd = new SplittableRandom(GemmTestData.SEED + 13);
        Mat a = GemmTestData.random(rnd, 90, 70);
        Mat b = GemmTestData.random(rnd, 70, 101);
        Mat h = GemmTestData.random(rnd, 77, 64);
        Mat expected = new Mat(90, 101);
        GemmReference.gemm(false, false, a, b, expected);
        Mat expectedK = new Mat(77, 77);
        GemmReference.syrk(h, expectedK);
        Mat c = new Mat(90, 101);
        Mat k = new Mat(77, 77);
        for (int rep = 0; rep < 200; rep++) {
            Gemm g = gemms[rep % THREADS.length];
            c.fill(0.0);
            g.gemm(false, false, a, b, c);
            assertTrue(expected.bitEquals(c), "gemm repetition " + rep);
            g.syrk(h, k);
            assertTrue(expectedK.bitEquals(k), "syrk repetition " + rep);
        }
    }

    /** Small integers: every product and partial sum is exact, so the result equals integer arithmetic. */
    @Test
    void integerInputsGiveTheExactProduct() {
        SplittableRandom rnd = new SplittableRandom(GemmTestData.SEED + 14);
        int m = 100;
        int n = 130;
        int k = 170;
        for (int tr = 0; tr < 4; tr++) {
            boolean ta = (tr & 1) != 0;
            boolean tb = (tr & 2) != 0;
            Mat a = ta ? GemmTestData.integers(rnd, k, m, 9) : GemmTestData.integers(rnd, m, k, 9);
            Mat b = tb ? GemmTestData.integers(rnd, n, k, 9) : GemmTestData.integers(rnd, k, n, 9);
            Mat c = GemmTestData.integers(rnd, m, n, 1000);
            long[] exact = new long[m * n];
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    long s = (long) c.get(i, j);
                    for (int p = 0; p < k; p++) {
                        long x = (long) (ta ? a.get(p, i) : a.get(i, p));
                        long y = (long) (tb ? b.get(j, p) : b.get(p, j));
                        s += x * y;
                    }
                    exact[i * n + j] = s;
                }
            }
            for (Gemm g : new Gemm[] {gemms[0], gemms[2]}) {
                Mat got = c.copy();
                g.gemm(ta, tb, a, b, got);
                for (int e = 0; e < exact.length; e++) {
                    assertEquals((double) exact[e], got.data[e], 0.0, "element " + e);
                }
            }
        }
        Mat h = GemmTestData.integers(rnd, 90, 140, 30);
        Mat got = new Mat(90, 90);
        gemms[1].syrk(h, got);
        for (int i = 0; i < 90; i++) {
            for (int j = 0; j < 90; j++) {
                long s = 0;
                for (int p = 0; p < 140; p++) {
                    s += (long) h.get(i, p) * (long) h.get(j, p);
                }
                assertEquals((double) s, got.get(i, j), 0.0);
            }
        }
    }

    @Test
    void mismatchedShapesAreRejectedWithOperationAndShapes() {
        Gemm g = gemms[0];
        ShapeMismatchException e = assertThrows(ShapeMismatchException.class,
                () -> g.gemm(false, false, new Mat(3, 4), new Mat(5, 6), new Mat(3, 6)));
        assertTrue(e.getMessage().contains("Gemm.gemm") && e.getMessage().contains("3x4")
                && e.getMessage().contains("5x6"), e.getMessage());
        e = assertThrows(ShapeMismatchException.class,
                () -> g.gemm(true, false, new Mat(3, 4), new Mat(3, 6), new Mat(3, 6)));
        assertTrue(e.getMessage().contains("C 3x6"), e.getMessage());
        assertThrows(ShapeMismatchException.class,
                () -> g.gemm(false, true, new Mat(3, 4), new Mat(4, 6), new Mat(3, 6)));
        assertThrows(ShapeMismatchException.class, () -> g.multiply(false, false, new Mat(2, 3), new Mat(2, 3)));
        e = assertThrows(ShapeMismatchException.class, () -> g.syrkLower(new Mat(4, 7), new Mat(4, 5)));
        assertTrue(e.getMessage().contains("Gemm.syrkLower") && e.getMessage().contains("4x7")
                && e.getMessage().contains("4x5"), e.getMessage());
        e = assertThrows(ShapeMismatchException.class, () -> g.syrk(new Mat(4, 7), new Mat(7, 7)));
        assertTrue(e.getMessage().contains("Gemm.syrk"), e.getMessage());
    }

    @Test
    void nonFiniteInputsAreRejected() {
        Gemm g = gemms[1];
        Mat a = new Mat(20, 30);
        Mat b = new Mat(30, 40);
        Mat c = new Mat(20, 40);
        a.set(3, 4, Double.NaN);
        NonFiniteInputException e = assertThrows(NonFiniteInputException.class, () -> g.gemm(false, false, a, b, c));
        assertTrue(e.getMessage().contains("Gemm.gemm") && e.getMessage().contains("A"), e.getMessage());
        a.set(3, 4, 0.0);
        b.set(29, 0, Double.POSITIVE_INFINITY);
        e = assertThrows(NonFiniteInputException.class, () -> g.gemm(false, false, a, b, c));
        assertTrue(e.getMessage().contains("B"), e.getMessage());
        b.set(29, 0, 0.0);
        c.set(0, 0, Double.NEGATIVE_INFINITY);
        assertThrows(NonFiniteInputException.class, () -> g.gemm(false, false, a, b, c));
        // Large operands: the scan runs in parallel chunks; the message still names the operand and element.
        Mat bigA = new Mat(600, 700);
        Mat bigB = new Mat(700, 800);
        Mat bigC = new Mat(600, 800);
        bigC.set(599, 798, Double.NaN);
        Gemm g3 = gemms[2];
        e = assertThrows(NonFiniteInputException.class, () -> g3.gemm(false, false, bigA, bigB, bigC));
        assertTrue(e.getMessage().contains("C (600x800)") && e.getMessage().contains("(599, 798)"), e.getMessage());
        bigC.set(599, 798, 0.0);
        bigB.set(200, 7, Double.NEGATIVE_INFINITY);
        e = assertThrows(NonFiniteInputException.class, () -> g3.gemm(false, false, bigA, bigB, bigC));
        assertTrue(e.getMessage().contains("B (700x800)") && e.getMessage().contains("(200, 7)"), e.getMessage());
        Mat h = new Mat(10, 5);
        h.set(9, 4, Double.NaN);
        e = assertThrows(NonFiniteInputException.class, () -> g.syrk(h, new Mat(10, 10)));
        assertTrue(e.getMessage().contains("Gemm.syrk") && e.getMessage().contains("H"), e.getMessage());
    }

    /**
     * syrk checks H through the diagonal of K (K(i,i) = Σ H(i,p)² is non-finite exactly for a bad row or an
     * overflow): NaN, +inf and −inf anywhere in a big H are still named; an overflow is not an error.
     */
    @Test
    void syrkNamesANonFiniteHAndAllowsOverflow() {
        double[] bad = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
        int[][] places = {{0, 0}, {149, 299}, {77, 3}};
        for (Gemm g : gemms) {
            for (int t = 0; t < bad.length; t++) {
                Mat h = GemmTestData.random(new SplittableRandom(GemmTestData.SEED + 20 + t), 150, 300);
                int[] at = places[t];
                h.set(at[0], at[1], bad[t]);
                for (boolean lowerOnly : new boolean[] {false, true}) {
                    Mat k = new Mat(150, 150);
                    NonFiniteInputException e = assertThrows(NonFiniteInputException.class,
                            () -> {
                                if (lowerOnly) {
                                    g.syrkLower(h, k);
                                } else {
                                    g.syrk(h, k);
                                }
                            });
                    String where = "(" + at[0] + ", " + at[1] + ")";
                    assertTrue(e.getMessage().contains("H") && e.getMessage().contains(where), e.getMessage());
                }
            }
            Mat big = GemmTestData.random(new SplittableRandom(GemmTestData.SEED + 23), 150, 300);
            big.set(10, 10, 1e200); // K(10,10) overflows to +inf: not an input error
            Mat expected = new Mat(150, 150);
            GemmReference.syrk(big, expected);
            Mat got = new Mat(150, 150);
            g.syrk(big, got);
            assertTrue(expected.bitEquals(got) && got.get(10, 10) == Double.POSITIVE_INFINITY);
        }
    }

    @Test
    void outputAliasingAnInputIsRejected() {
        Gemm g = gemms[0];
        Mat a = new Mat(6, 6);
        Mat b = new Mat(6, 6);
        assertThrows(IllegalArgumentException.class, () -> g.gemm(false, false, a, b, a));
        assertThrows(IllegalArgumentException.class, () -> g.gemm(false, false, a, b, b));
        assertThrows(IllegalArgumentException.class,
                () -> g.gemm(true, false, a, b, new Mat(6, 6, b.data)));
        assertThrows(IllegalArgumentException.class, () -> g.syrkLower(a, a));
        // A and B may be the same matrix (A·Aᵀ).
        Mat c = new Mat(6, 6);
        g.gemm(false, true, a, a, c);
    }
}
