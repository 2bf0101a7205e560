package dev.zeroloss.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SparseRowsTest {

    static final int[][] SHAPES = { // rows, vocabulary (cols of X), d
        {1, 1, 1}, {1, 2, 3}, {5, 3, 4}, {7, 5, 13}, {31, 11, 17}, {97, 97, 64}, {492, 113, 512}, {1200, 37, 7}};

    static SparseRows oneHot(int rows, int cols, SplittableRandom rnd) {
        int[] a = new int[rows], b = new int[rows];
        for (int r = 0; r < rows; r++) {
            a[r] = rnd.nextInt(cols);
            b[r] = rnd.nextInt(8) == 0 ? a[r] : rnd.nextInt(cols); // plenty of a = b rows
        }
        return SparseRows.ofOneHotSums(cols, a, b);
    }

    /** Mixed rows: one-hot sums, general weights, singles, empties. */
    static SparseRows general(int rows, int cols, SplittableRandom rnd) {
        SparseRows x = new SparseRows(rows, cols);
        for (int r = 0; r < rows; r++) {
            int k = rnd.nextInt(4);
            int i = rnd.nextInt(cols), j = rnd.nextInt(cols);
            if (k == 0 || i == j) {
                x.setSingle(r, i, ElemTestData.value(rnd));
            } else if (k == 1) {
                x.setPairs(r, i, ElemTestData.value(rnd), j, ElemTestData.value(rnd));
            } else if (k == 2) {
                x.setOneHotSum(r, i, j);
            } // else empty
        }
        return x;
    }

    private static void fastVsReference(SplittableRandom rnd) {
        for (int[] s : SHAPES) {
            for (int variant = 0; variant < 2; variant++) {
                SparseRows x = variant == 0 ? oneHot(s[0], s[1], rnd) : general(s[0], s[1], rnd);
                Mat w = ElemTestData.mat(s[1], s[2], rnd), g = ElemTestData.mat(s[0], s[2], rnd);
                Mat f = new Mat(s[0], s[2]), r = new Mat(s[0], s[2]);
                f.fill(Double.NaN); // must be overwritten
                SparseRows.gatherAdd(x, w, f);
                SparseRowsReference.gatherAdd(x, w, r);
                assertTrue(f.bitEquals(r), "gather " + x.shape() + " d=" + s[2]);
                Mat fs = new Mat(s[1], s[2]), rs = new Mat(s[1], s[2]);
                fs.fill(7.0);
                SparseRows.scatterAdd(x, g, fs);
                SparseRowsReference.scatterAdd(x, g, rs);
                assertTrue(fs.bitEquals(rs), "scatter " + x.shape() + " d=" + s[2]);
            }
        }
    }

    @Test
    void fastEqualsReference() {
        fastVsReference(new SplittableRandom(31));
    }

    @Test
    void fastEqualsReferenceAfterWarmUp() {
        SplittableRandom rnd = new SplittableRandom(32);
        SparseRows x = oneHot(3, 5, rnd);
        Mat w = ElemTestData.plain(5, 6, rnd), g = ElemTestData.plain(3, 6, rnd);
        Mat o1 = new Mat(3, 6), o2 = new Mat(5, 6);
        for (int i = 0; i < 15_000; i++) {
            SparseRows.gatherAdd(x, w, o1);
            SparseRows.scatterAdd(x, g, o2);
        }
        fastVsReference(new SplittableRandom(33));
    }

    /** The documented claim: one-hot (weights 1 and 2) products equal the dense fma-chain GEMM bit for bit. */
    @Test
    void oneHotEqualsDenseGemmReference() {
        SplittableRandom rnd = new SplittableRandom(34);
        for (int[] s : SHAPES) {
            if ((long) s[0] * s[1] * s[2] > 3_000_000L) {
                continue; // keep the scalar dense reference cheap
            }
            SparseRows x = oneHot(s[0], s[1], rnd);
            Mat xd = x.toDense();
            Mat w = ElemTestData.mat(s[1], s[2], rnd), g = ElemTestData.mat(s[0], s[2], rnd);
            Mat f = new Mat(s[0], s[2]), dense = new Mat(s[0], s[2]);
            SparseRows.gatherAdd(x, w, f);
            GemmReference.gemm(false, false, xd, w, dense);
            assertTrue(f.bitEquals(dense), "gather vs dense " + x.shape());
            Mat fs = new Mat(s[1], s[2]), denseS = new Mat(s[1], s[2]);
            SparseRows.scatterAdd(x, g, fs);
            GemmReference.gemm(true, false, xd, g, denseS);
            assertTrue(fs.bitEquals(denseS), "scatter vs dense " + x.shape());
        }
    }

    /** General weights: equal to the dense GEMM up to the sign of zeros; the documented counterexample differs. */
    @Test
    void generalWeightsDifferFromDenseOnlyInSignOfZero() {
        SplittableRandom rnd = new SplittableRandom(35);
        for (int[] s : SHAPES) {
            if ((long) s[0] * s[1] * s[2] > 3_000_000L) {
                continue;
            }
            SparseRows x = general(s[0], s[1], rnd);
            Mat xd = x.toDense();
            Mat w = ElemTestData.mat(s[1], s[2], rnd), g = ElemTestData.mat(s[0], s[2], rnd);
            Mat f = new Mat(s[0], s[2]), dense = new Mat(s[0], s[2]);
            SparseRows.gatherAdd(x, w, f);
            GemmReference.gemm(false, false, xd, w, dense);
            assertEqualUpToZeroSign(dense, f);
            Mat fs = new Mat(s[1], s[2]), denseS = new Mat(s[1], s[2]);
            SparseRows.scatterAdd(x, g, fs);
            GemmReference.gemm(true, false, xd, g, denseS);
            assertEqualUpToZeroSign(denseS, fs);
        }
        SparseRows x = new SparseRows(1, 2);
        x.setSingle(0, 0, 1e-200);
        Mat w = Mat.of(new double[] {-1e-200}, new double[] {1.0});
        Mat f = new Mat(1, 1), dense = new Mat(1, 1);
        SparseRows.gatherAdd(x, w, f);
        GemmReference.gemm(false, false, x.toDense(), w, dense);
        assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(f.data[0]));
        assertEquals(Double.doubleToRawLongBits(+0.0), Double.doubleToRawLongBits(dense.data[0]));
        assertFalse(f.bitEquals(dense));
    }

    private static void assertEqualUpToZeroSign(Mat expected, Mat actual) {
        for (int i = 0; i < expected.data.length; i++) {
            double e = expected.data[i], a = actual.data[i];
            if (!(e == 0.0 && a == 0.0)) {
                assertEquals(Double.doubleToRawLongBits(e), Double.doubleToRawLongBits(a), "element " + i);
            }
        }
    }

    @Test
    void exactOneHotValues() {
        SparseRows x = SparseRows.ofOneHotSums(4, new int[] {0, 3, 2}, new int[] {1, 1, 2});
        assertEquals(2, x.count(0));
        assertEquals(1, x.index(1, 0));
        assertEquals(3, x.index(1, 1));
        assertEquals(1, x.count(2));
        assertEquals(2.0, x.weight(2, 0));
        Mat w = Mat.of(new double[] {1, 10}, new double[] {2, 20}, new double[] {3, 30}, new double[] {4, 40});
        Mat o = new Mat(3, 2);
        SparseRows.gatherAdd(x, w, o);
        assertTrue(o.bitEquals(Mat.of(new double[] {3, 30}, new double[] {6, 60}, new double[] {6, 60})));
        Mat g = Mat.of(new double[] {1, -1}, new double[] {2, -2}, new double[] {5, -5});
        Mat s = new Mat(4, 2);
        SparseRows.scatterAdd(x, g, s);
        assertTrue(s.bitEquals(Mat.of(new double[] {1, -1}, new double[] {3, -3}, new double[] {10, -10},
                new double[] {2, -2})));
    }

    @Test
    void badInput() {
        SparseRows x = new SparseRows(3, 4);
        assertThrows(IndexOutOfBoundsException.class, () -> x.setOneHotSum(0, 4, 1));
        assertThrows(IndexOutOfBoundsException.class, () -> x.setOneHotSum(0, -1, 1));
        assertThrows(IndexOutOfBoundsException.class, () -> x.setSingle(3, 0, 1.0));
        assertThrows(IllegalArgumentException.class, () -> x.setPairs(0, 1, 1.0, 1, 2.0));
        assertThrows(NonFiniteInputException.class, () -> x.setSingle(0, 1, Double.NaN));
        x.setOneHotSum(0, 1, 2);
        x.setOneHotSum(1, 3, 3);
        ShapeMismatchException e = assertThrows(ShapeMismatchException.class,
                () -> SparseRows.gatherAdd(x, new Mat(5, 2), new Mat(3, 2)));
        assertTrue(e.getMessage().contains("5x2") && e.getMessage().contains("gatherAdd"), e.getMessage());
        assertThrows(ShapeMismatchException.class, () -> SparseRows.gatherAdd(x, new Mat(4, 2), new Mat(3, 3)));
        assertThrows(ShapeMismatchException.class, () -> SparseRows.scatterAdd(x, new Mat(2, 2), new Mat(4, 2)));
        assertThrows(ShapeMismatchException.class, () -> SparseRows.scatterAdd(x, new Mat(3, 2), new Mat(3, 2)));
        Mat w = new Mat(4, 9);
        w.data[13] = Double.NaN; // an unreferenced row of W is still rejected
        NonFiniteInputException nf = assertThrows(NonFiniteInputException.class,
                () -> SparseRows.gatherAdd(x, w, new Mat(3, 9)));
        assertTrue(nf.getMessage().contains("(1, 4)"), nf.getMessage());
        assertThrows(NonFiniteInputException.class, () -> SparseRowsReference.gatherAdd(x, w, new Mat(3, 9)));
        Mat g = new Mat(3, 9);
        g.data[9 + 8] = Double.POSITIVE_INFINITY; // row 1 (column 3, weight 2), tail column
        NonFiniteInputException ns = assertThrows(NonFiniteInputException.class,
                () -> SparseRows.scatterAdd(x, g, new Mat(4, 9)));
        assertTrue(ns.getMessage().contains("(1, 8)"), ns.getMessage());
        assertThrows(NonFiniteInputException.class, () -> SparseRowsReference.scatterAdd(x, g, new Mat(4, 9)));
        Mat big = new Mat(4, 9);
        big.fill(1.7e308);
        NonFiniteInputException ov = assertThrows(NonFiniteInputException.class,
                () -> SparseRows.gatherAdd(x, big, new Mat(3, 9)));
        assertTrue(ov.getMessage().contains("overflow"), ov.getMessage());
    }
}
