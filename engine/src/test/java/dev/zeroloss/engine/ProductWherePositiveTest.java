package dev.zeroloss.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link SparseRows.Parallel#productWherePositive} equals, bit for bit, G = B·T from +0.0 by the reference GEMM
 * followed by the reference masked scatter: row counts around the 8-row panel, column counts around the GEMM's
 * 8/24 (512-bit) and 4/12 (256-bit) tiles, strips split over 1, 2, 3 and 7 threads, general and one-hot rows
 * (empties, singles, pairs, a = b), and H with zeros, negatives and exact zeros to mask.
 */
class ProductWherePositiveTest {
    static final int[] THREADS = {1, 2, 3, 7};

    static Mat h(SplittableRandom rnd, int n, int d) {
        Mat h = GemmTestData.random(rnd, n, d);
        for (int i = 0; i < h.data.length; i++) {
            int c = rnd.nextInt(4);
            h.data[i] = c == 0 ? 0.0 : c == 1 ? -h.data[i] : h.data[i]; // about half not positive
        }
        return h;
    }

    static Mat expected(SparseRows x, Mat b, Mat t, Mat h) {
        Mat g = new Mat(h.rows, h.cols);
        GemmReference.gemm(false, false, b, t, g);
        Mat out = new Mat(x.cols, h.cols);
        SparseRowsReference.scatterAddWherePositive(x, g, h, out);
        return out;
    }

    @Test
    void equalsGemmThenMaskedScatter() {
        SplittableRandom rnd = new SplittableRandom(77);
        int[] ns = {1, 7, 8, 9, 37, 100};
        int[] ks = {1, 5, 37};
        int[] ds = {8, 16, 24, 40, 96, 200, 13};
        for (int threads : THREADS) {
            try (WorkerPool pool = new WorkerPool(threads)) {
                SparseRows.Parallel par = new SparseRows.Parallel(pool);
                for (int n : ns) {
                    for (int k : ks) {
                        for (int d : ds) {
                            int vocab = 1 + rnd.nextInt(12);
                            SparseRows x = rnd.nextBoolean() ? SparseRowsTest.oneHot(n, vocab, rnd)
                                    : SparseRowsTest.general(n, vocab, rnd);
                            Mat b = GemmTestData.random(rnd, n, k);
                            Mat t = GemmTestData.random(rnd, k, d);
                            Mat hm = h(rnd, n, d);
                            Mat want = expected(x, b, t, hm);
                            Mat got = new Mat(vocab, d);
                            java.util.Arrays.fill(got.data, Double.NaN); // every element must be written
                            par.productWherePositive(x, b, t, hm, new Mat(n, d), got);
                            int diff = GemmTestData.firstDifference(want.data, got.data);
                            assertEquals(-1, diff, "threads " + threads + " n " + n + " k " + k + " d " + d
                                    + ": first difference at " + diff);
                        }
                    }
                }
            }
        }
    }

    @Test
    void paperShapeOnTwoThreads() {
        SplittableRandom rnd = new SplittableRandom(78);
        try (WorkerPool pool = new WorkerPool(2)) {
            SparseRows x = SparseRowsTest.oneHot(492, 37, rnd);
            Mat b = GemmTestData.random(rnd, 492, 37);
            Mat t = GemmTestData.random(rnd, 37, 512);
            Mat hm = h(rnd, 492, 512);
            Mat got = new Mat(37, 512);
            new SparseRows.Parallel(pool).productWherePositive(x, b, t, hm, new Mat(492, 512), got);
            assertEquals(-1, GemmTestData.firstDifference(expected(x, b, t, hm).data, got.data));
        }
    }

    @Test
    void nonFiniteHIsReportedLikeTheSeparatePath() {
        SplittableRandom rnd = new SplittableRandom(79);
        try (WorkerPool pool = new WorkerPool(2)) {
            SparseRows x = SparseRowsTest.oneHot(40, 9, rnd);
            Mat b = GemmTestData.random(rnd, 40, 5);
            Mat t = GemmTestData.random(rnd, 5, 48);
            Mat hm = h(rnd, 40, 48);
            hm.data[17 * 48 + 30] = Double.NaN;
            Mat out = new Mat(9, 48);
            SparseRows.Parallel par = new SparseRows.Parallel(pool);
            NonFiniteInputException e = assertThrows(NonFiniteInputException.class,
                    () -> par.productWherePositive(x, b, t, hm, new Mat(40, 48), out));
            Mat g = new Mat(40, 48);
            GemmReference.gemm(false, false, b, t, g);
            NonFiniteInputException sep = assertThrows(NonFiniteInputException.class,
                    () -> par.scatterAddWherePositive(x, g, hm, new Mat(9, 48)));
            assertEquals(sep.getMessage(), e.getMessage());
            // a NaN in T that the mask would hide (H ≤ 0 in that whole column) is still reported, naming T
            Mat h2 = h(rnd, 40, 48);
            for (int i = 0; i < 40; i++) {
                h2.data[i * 48 + 3] = -1.0;
            }
            Mat t2 = t.copy();
            t2.data[2 * 48 + 3] = Double.NaN;
            NonFiniteInputException nt = assertThrows(NonFiniteInputException.class,
                    () -> par.productWherePositive(x, b, t2, h2, new Mat(40, 48), out));
            assertTrue(nt.getMessage().contains("T"), nt.getMessage());
            assertThrows(ShapeMismatchException.class,
                    () -> par.productWherePositive(x, b, GemmTestData.random(rnd, 6, 48), hm, new Mat(40, 48), out));
        }
    }
}
