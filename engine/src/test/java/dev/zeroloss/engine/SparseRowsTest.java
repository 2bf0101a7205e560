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

    // ---- fused ops ---------------------------------------------------------------------------------------

    /** Z with plenty of exact zeros, negative zeros and negatives (the select must treat them as the reference). */
    static Mat signs(int rows, int cols, SplittableRandom rnd) {
        Mat z = ElemTestData.mat(rows, cols, rnd);
        for (int i = 0; i < z.data.length; i += 1 + rnd.nextInt(5)) {
            z.data[i] = rnd.nextBoolean() ? 0.0 : -0.0;
        }
        return z;
    }

    private static void fusedVsReference(SplittableRandom rnd) {
        for (int[] s : SHAPES) {
            for (int variant = 0; variant < 2; variant++) {
                SparseRows x = variant == 0 ? oneHot(s[0], s[1], rnd) : general(s[0], s[1], rnd);
                Mat w = ElemTestData.mat(s[1], s[2], rnd), g = ElemTestData.mat(s[0], s[2], rnd);
                Mat z = signs(s[0], s[2], rnd);
                Mat f = new Mat(s[0], s[2]), r = new Mat(s[0], s[2]), c = new Mat(s[0], s[2]);
                f.fill(Double.NaN);
                SparseRows.gatherAddRelu(x, w, f);
                SparseRowsReference.gatherAddRelu(x, w, r);
                assertTrue(f.bitEquals(r), "gatherAddRelu " + x.shape() + " d=" + s[2]);
                SparseRows.gatherAdd(x, w, c); // the composition it fuses
                Elementwise.reluInPlace(c);
                assertTrue(f.bitEquals(c), "gatherAddRelu vs gatherAdd+relu " + x.shape());
                Mat fs = new Mat(s[1], s[2]), rs = new Mat(s[1], s[2]), cs = new Mat(s[1], s[2]);
                fs.fill(7.0);
                Mat gCopy = g.copy(), zCopy = z.copy();
                SparseRows.scatterAddWherePositive(x, g, z, fs);
                SparseRowsReference.scatterAddWherePositive(x, g, z, rs);
                assertTrue(fs.bitEquals(rs), "scatterAddWherePositive " + x.shape() + " d=" + s[2]);
                assertTrue(g.bitEquals(gCopy) && z.bitEquals(zCopy), "inputs untouched");
                Mat masked = g.copy(); // the composition it fuses: select, then scatterAdd
                for (int i = 0; i < masked.data.length; i++) {
                    masked.data[i] = z.data[i] > 0.0 ? masked.data[i] : 0.0;
                }
                SparseRows.scatterAdd(x, masked, cs);
                assertTrue(fs.bitEquals(cs), "scatterAddWherePositive vs select+scatterAdd " + x.shape());
            }
        }
    }

    @Test
    void fusedEqualReferenceAndComposition() {
        fusedVsReference(new SplittableRandom(41));
    }

    /** The pool forms equal the static ones (so the reference) bit for bit at every thread count. */
    @Test
    void parallelFusedEqualStaticForAnyThreadCount() {
        int saved = SparseRows.Parallel.SCATTER_TASKS;
        try {
            for (int scatterTasks : new int[] {1, 1024}) { // the default, and the column split (kept correct)
                SparseRows.Parallel.SCATTER_TASKS = scatterTasks;
                parallelFused();
            }
        } finally {
            SparseRows.Parallel.SCATTER_TASKS = saved;
        }
    }

    private static void parallelFused() {
        for (int threads : new int[] {1, 2, 3, 7}) {
            try (WorkerPool pool = new WorkerPool(threads)) {
                SparseRows.Parallel par = new SparseRows.Parallel(pool);
                SplittableRandom rnd = new SplittableRandom(44 + threads);
                int[][] shapes = {{1, 1, 1}, {7, 5, 13}, {97, 97, 64}, {492, 37, 512}, {301, 11, 517}, {5, 3, 4099}};
                for (int rep = 0; rep < 3; rep++) {
                    for (int[] s : shapes) {
                        SparseRows x = rep == 1 ? general(s[0], s[1], rnd) : oneHot(s[0], s[1], rnd);
                        Mat w = ElemTestData.mat(s[1], s[2], rnd), g = ElemTestData.mat(s[0], s[2], rnd);
                        Mat z = signs(s[0], s[2], rnd);
                        Mat f = new Mat(s[0], s[2]), r = new Mat(s[0], s[2]);
                        f.fill(Double.NaN);
                        par.gatherAddRelu(x, w, f);
                        SparseRows.gatherAddRelu(x, w, r);
                        assertTrue(f.bitEquals(r), "gather " + threads + " threads " + x.shape() + " d=" + s[2]);
                        Mat fs = new Mat(s[1], s[2]), rs = new Mat(s[1], s[2]);
                        fs.fill(Double.NaN);
                        par.scatterAddWherePositive(x, g, z, fs);
                        SparseRowsReference.scatterAddWherePositive(x, g, z, rs);
                        assertTrue(fs.bitEquals(rs), "scatter " + threads + " threads " + x.shape() + " d=" + s[2]);
                    }
                }
                // failures are reported as by the static forms, from any task
                SparseRows x = oneHot(400, 37, rnd);
                Mat big = new Mat(37, 100);
                big.fill(-1.7e308);
                NonFiniteInputException ov = assertThrows(NonFiniteInputException.class,
                        () -> par.gatherAddRelu(x, big, new Mat(400, 100)));
                assertTrue(ov.getMessage().contains("overflow"), ov.getMessage());
                Mat g = new Mat(400, 100), z = new Mat(400, 100);
                z.data[399 * 100 + 99] = Double.NaN;
                NonFiniteInputException nz = assertThrows(NonFiniteInputException.class,
                        () -> par.scatterAddWherePositive(x, g, z, new Mat(37, 100)));
                assertTrue(nz.getMessage().contains("(399, 99)"), nz.getMessage());
            }
        }
    }

    @Test
    void fusedEqualReferenceAfterWarmUp() {
        SplittableRandom rnd = new SplittableRandom(42);
        SparseRows x = oneHot(7, 5, rnd);
        Mat w = ElemTestData.plain(5, 13, rnd), g = ElemTestData.plain(7, 13, rnd), z = signs(7, 13, rnd);
        Mat o1 = new Mat(7, 13), o2 = new Mat(5, 13);
        for (int i = 0; i < 15_000; i++) {
            SparseRows.gatherAddRelu(x, w, o1);
            SparseRows.scatterAddWherePositive(x, g, z, o2);
        }
        fusedVsReference(new SplittableRandom(43));
    }

    @Test
    void fusedBadInput() {
        SparseRows x = new SparseRows(3, 4);
        x.setOneHotSum(0, 1, 2);
        x.setOneHotSum(1, 3, 3);
        assertThrows(ShapeMismatchException.class, () -> SparseRows.gatherAddRelu(x, new Mat(5, 2), new Mat(3, 2)));
        assertThrows(ShapeMismatchException.class,
                () -> SparseRows.scatterAddWherePositive(x, new Mat(3, 2), new Mat(3, 3), new Mat(4, 2)));
        Mat g0 = new Mat(3, 2);
        assertThrows(IllegalArgumentException.class,
                () -> SparseRows.scatterAddWherePositive(x, g0, new Mat(3, 2), g0));
        // overflow to -inf: hidden by the select, still reported
        Mat big = new Mat(4, 9);
        big.fill(-1.7e308);
        NonFiniteInputException ov = assertThrows(NonFiniteInputException.class,
                () -> SparseRows.gatherAddRelu(x, big, new Mat(3, 9)));
        assertTrue(ov.getMessage().contains("overflow") && ov.getMessage().contains("gatherAddRelu"), ov.getMessage());
        assertThrows(NonFiniteInputException.class, () -> SparseRowsReference.gatherAddRelu(x, big, new Mat(3, 9)));
        Mat w = new Mat(4, 9);
        w.data[13] = Double.NaN;
        assertThrows(NonFiniteInputException.class, () -> SparseRows.gatherAddRelu(x, w, new Mat(3, 9)));
        // a NaN in Z, in an empty row (row 2) and in the tail: the select would hide it
        Mat g = new Mat(3, 9), z = new Mat(3, 9);
        z.data[2 * 9 + 8] = Double.NaN;
        NonFiniteInputException nz = assertThrows(NonFiniteInputException.class,
                () -> SparseRows.scatterAddWherePositive(x, g, z, new Mat(4, 9)));
        assertTrue(nz.getMessage().contains("Z") && nz.getMessage().contains("(2, 8)"), nz.getMessage());
        assertThrows(NonFiniteInputException.class,
                () -> SparseRowsReference.scatterAddWherePositive(x, g, z, new Mat(4, 9)));
        // a selected infinite G element is reported; a masked one is not read
        Mat z1 = new Mat(3, 9), g1 = new Mat(3, 9);
        z1.fill(1.0);
        z1.data[9 + 5] = -1.0;
        g1.data[9 + 5] = Double.POSITIVE_INFINITY; // masked
        Mat o = new Mat(4, 9);
        SparseRows.scatterAddWherePositive(x, g1, z1, o);
        assertEquals(0.0, o.data[3 * 9 + 5]);
        g1.data[9 + 4] = Double.NEGATIVE_INFINITY; // selected, vector part
        NonFiniteInputException ng = assertThrows(NonFiniteInputException.class,
                () -> SparseRows.scatterAddWherePositive(x, g1, z1, new Mat(4, 9)));
        assertTrue(ng.getMessage().contains("G"), ng.getMessage());
    }
}
