package dev.zeroloss.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ReductionsTest {

    private static void assertBits(double expected, double actual, String what) {
        assertEquals(Double.doubleToRawLongBits(expected), Double.doubleToRawLongBits(actual),
                what + ": expected " + ElemTestData.bits(expected) + ", got " + ElemTestData.bits(actual));
    }

    /** 3000 random lengths 0..5000 at random offsets: sum, dot, sumsq and maxAbs equal the reference bit for bit. */
    private static void randomLengths(long seed, int count) {
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int t = 0; t < count; t++) {
            int n = rnd.nextInt(5001);
            int xo = rnd.nextInt(5), yo = rnd.nextInt(5);
            double[] x = ElemTestData.array(n + xo, rnd), y = ElemTestData.array(n + yo, rnd);
            assertBits(ReductionsReference.sum(x, xo, n), Reductions.sum(x, xo, n), "sum n=" + n);
            assertBits(ReductionsReference.dot(x, xo, y, yo, n), Reductions.dot(x, xo, y, yo, n), "dot n=" + n);
            assertBits(ReductionsReference.sumOfSquares(x, xo, n), Reductions.sumOfSquares(x, xo, n), "sumsq n=" + n);
            assertBits(ReductionsReference.maxAbs(x, xo, n), Reductions.maxAbs(x, xo, n), "maxAbs n=" + n);
        }
    }

    @Test
    void randomLengthsBitForBit() {
        randomLengths(21, 3000);
    }

    @Test
    void bitForBitAfterWarmUp() {
        SplittableRandom rnd = new SplittableRandom(22);
        double[] x = ElemTestData.array(37, rnd), y = ElemTestData.array(37, rnd);
        double sink = 0;
        for (int i = 0; i < 30_000; i++) {
            sink += Reductions.sum(x, 0, 37) + Reductions.dot(x, 0, y, 0, 37) + Reductions.sumOfSquares(x, 0, 37)
                    + Reductions.maxAbs(x, 0, 37);
        }
        assertTrue(sink == sink);
        randomLengths(23, 500);
        matForms(new SplittableRandom(24));
    }

    private static void matForms(SplittableRandom rnd) {
        for (int[] s : ElemTestData.SHAPES) {
            Mat a = ElemTestData.mat(s[0], s[1], rnd), b = ElemTestData.mat(s[0], s[1], rnd);
            assertBits(ReductionsReference.sum(a), Reductions.sum(a), "sum " + a.shape());
            assertBits(ReductionsReference.dot(a, b), Reductions.dot(a, b), "dot " + a.shape());
            assertBits(ReductionsReference.sumOfSquares(a), Reductions.sumOfSquares(a), "sumsq " + a.shape());
            assertBits(ReductionsReference.frobeniusNorm(a), Reductions.frobeniusNorm(a), "norm " + a.shape());
            assertBits(ReductionsReference.maxAbs(a), Reductions.maxAbs(a), "maxAbs " + a.shape());
            double[] f = new double[a.rows], r = new double[a.rows];
            Reductions.rowDots(a, b, f);
            ReductionsReference.rowDots(a, b, r);
            assertArrayEquals(bitsOf(r), bitsOf(f), "rowDots " + a.shape());
            Reductions.rowSumsOfSquares(a, f);
            ReductionsReference.rowSumsOfSquares(a, r);
            assertArrayEquals(bitsOf(r), bitsOf(f), "rowSumsOfSquares " + a.shape());
            for (int i = 0; i < a.rows; i++) { // row forms = the array form on the row
                assertBits(ReductionsReference.sumOfSquares(a.data, i * a.cols, a.cols), f[i], "row " + i);
            }
            double[] fc = new double[a.cols], rc = new double[a.cols];
            Reductions.columnSums(a, fc);
            ReductionsReference.columnSums(a, rc);
            assertArrayEquals(bitsOf(rc), bitsOf(fc), "columnSums " + a.shape());
            if (a.cols > 0) {
                int[] fi = new int[a.rows], ri = new int[a.rows];
                Reductions.argmaxRows(a, fi);
                ReductionsReference.argmaxRows(a, ri);
                assertArrayEquals(ri, fi, "argmax " + a.shape());
            }
        }
    }

    private static long[] bitsOf(double[] v) {
        long[] b = new long[v.length];
        for (int i = 0; i < v.length; i++) {
            b[i] = Double.doubleToRawLongBits(v[i]);
        }
        return b;
    }

    @Test
    void matFormsBitForBit() {
        matForms(new SplittableRandom(25));
    }

    @Test
    void documentedOrderOnCancellation() {
        // 16 accumulators: x[0]=1e16 lands in acc0, x[4]=1 in acc4, x[8]=-1e16 in acc8, x[12]=1 in acc12.
        // w0 = (1e16 + 1) + (-1e16 + 1) = 1e16 + (-1e16 + 1) = 0 (1e16+1 rounds to 1e16, -1e16+1 to -1e16) -> 0
        double[] x = new double[17];
        x[0] = 1e16;
        x[4] = 1.0;
        x[8] = -1e16;
        x[12] = 1.0;
        x[16] = 0.5; // tail
        assertBits(0.5, Reductions.sum(x, 0, 17), "cancellation");
        assertBits(0.5, ReductionsReference.sum(x, 0, 17), "cancellation ref");
        // a strictly sequential sum would give ((1e16 + 1) - 1e16 + 1) + 0.5 = 1.5
        double seq = 0;
        for (double v : x) {
            seq += v;
        }
        assertBits(1.5, seq, "sequential");
        // Short arrays (< 16) are sequential: tail only.
        double[] y = {1e16, 1.0, -1e16, 1.0};
        assertBits(1.0, Reductions.sum(y, 0, 4), "short");
        // Exact integer results are order-free.
        double[] z = new double[1001];
        for (int i = 0; i < z.length; i++) {
            z[i] = i - 300;
        }
        assertBits(1001.0 * 200, Reductions.sum(z, 0, z.length), "integers");
        assertBits(sumSq(z), Reductions.sumOfSquares(z, 0, z.length), "integer squares");
        assertBits(3.0, Reductions.frobeniusNorm(Mat.of(new double[] {1, 2}, new double[] {2, 0})), "norm");
        assertBits(+0.0, Reductions.sum(new double[] {-0.0, -0.0}, 0, 2), "-0 + -0 from +0");
        assertBits(+0.0, Reductions.sum(new double[0], 0, 0), "empty");
        assertBits(7.0, Reductions.maxAbs(new double[] {-0.0, 3, -7, 7, 2}, 0, 5), "maxAbs");
    }

    private static double sumSq(double[] z) {
        long s = 0;
        for (double v : z) {
            s += (long) v * (long) v;
        }
        return s;
    }

    @Test
    void argmaxTiesTakeLowestIndex() {
        Mat a = Mat.of(new double[] {1, 3, 3, 2, 3, 0, 0, 0, 0},
                new double[] {-0.0, 0.0, -1, -1, -1, -1, -1, -1, 0.0},
                new double[] {-5, -4, -4, -3, -2, -2, -9, -2, -2},
                new double[] {1, 1, 1, 1, 1, 1, 1, 1, 9});
        int[] f = new int[4], r = new int[4];
        Reductions.argmaxRows(a, f);
        ReductionsReference.argmaxRows(a, r);
        assertArrayEquals(new int[] {1, 0, 4, 8}, f);
        assertArrayEquals(r, f);
    }

    @Test
    void badInput() {
        double[] x = new double[40];
        for (int pos : new int[] {0, 17, 39}) {
            for (double bad : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
                double[] b = x.clone();
                b[pos] = bad;
                NonFiniteInputException e = assertThrows(NonFiniteInputException.class, () -> Reductions.sum(b, 0, 40));
                assertTrue(e.getMessage().contains("element " + pos), e.getMessage());
                assertThrows(NonFiniteInputException.class, () -> Reductions.dot(x, 0, b, 0, 40));
                assertThrows(NonFiniteInputException.class, () -> Reductions.sumOfSquares(b, 0, 40));
                assertThrows(NonFiniteInputException.class, () -> Reductions.maxAbs(b, 0, 40));
                assertThrows(NonFiniteInputException.class, () -> ReductionsReference.maxAbs(b, 0, 40));
                Mat m = new Mat(5, 8, b);
                NonFiniteInputException em = assertThrows(NonFiniteInputException.class, () -> Reductions.sum(m));
                assertTrue(em.getMessage().contains("(" + pos / 8 + ", " + pos % 8 + ")"), em.getMessage());
                assertThrows(NonFiniteInputException.class, () -> Reductions.argmaxRows(m, new int[5]));
                assertThrows(NonFiniteInputException.class, () -> Reductions.columnSums(m, new double[8]));
                assertThrows(NonFiniteInputException.class, () -> Reductions.rowDots(m, m, new double[5]));
                assertThrows(NonFiniteInputException.class, () -> Reductions.frobeniusNorm(m));
            }
        }
        double[] big = {1e300, 1e300, -1e300};
        NonFiniteInputException e = assertThrows(NonFiniteInputException.class,
                () -> Reductions.sumOfSquares(big, 0, 3));
        assertTrue(e.getMessage().contains("overflow"), e.getMessage());
        assertThrows(ShapeMismatchException.class, () -> Reductions.dot(new Mat(2, 3), new Mat(3, 2)));
        assertThrows(ShapeMismatchException.class, () -> Reductions.rowDots(new Mat(2, 3), new Mat(2, 3), new double[3]));
        assertThrows(ShapeMismatchException.class, () -> Reductions.argmaxRows(new Mat(2, 0), new int[2]));
        assertThrows(IndexOutOfBoundsException.class, () -> Reductions.sum(x, 30, 11));
    }
}
