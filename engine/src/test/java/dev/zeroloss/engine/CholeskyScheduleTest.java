package dev.zeroloss.engine;

import static dev.zeroloss.engine.CholeskyContractTest.assertBits;
import static dev.zeroloss.engine.CholeskyContractTest.spd;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The task scheduling of {@link Cholesky} (one pool job, tasks claimed by whichever thread finds one ready,
 * look-ahead across block columns, a ring of {@link Cholesky#RING} panel slots, the first-touch copy of K):
 * block widths that are and are not multiples of the micro-tiles (8, 12, 24) with many block columns (so the
 * ring wraps), thread counts 1, 2, 3, 7, the first failing pivot in every kind of block, non-finite inputs in
 * blocks first read by each kind of task, the upper triangle of K never read, every element of L written,
 * and instances reused across sizes and after an exception. A scheduling bug may also show as a hang (a task
 * whose dependency never completes): the timeout fails the test even then.
 */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class CholeskyScheduleTest {
    static final int[] THREADS = {1, 2, 3, 7};
    static final int[] BLOCKS = {1, 3, 8, 13, 24, 40, 48, 96};
    static final WorkerPool[] POOLS = new WorkerPool[THREADS.length];

    static {
        for (int t = 0; t < THREADS.length; t++) {
            POOLS[t] = new WorkerPool(THREADS[t]);
        }
    }

    @AfterAll
    static void closePools() {
        for (WorkerPool p : POOLS) {
            p.close();
        }
    }

    /** K's lower triangle as given, its strict upper triangle NaN (it must never be read). */
    static Mat poisonUpper(Mat k) {
        Mat m = k.copy();
        int n = m.rows;
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                m.data[i * n + j] = Double.NaN;
            }
        }
        return m;
    }

    /** A fresh L full of NaN: every element must be written (the strict upper triangle with +0.0). */
    static Mat poisonedL(int n) {
        Mat l = new Mat(n, n);
        l.fill(Double.NaN);
        return l;
    }

    @Test
    void manyBlocksAndThreadsEqualReferenceBits() {
        int[] sizes = {1, 2, 5, 9, 23, 47, 48, 49, 95, 97, 150, 203};
        for (int n : sizes) {
            Mat k = spd(n, Math.min(n, 64), 500 + n);
            Mat expected = CholeskyReference.factor(k);
            Mat kp = poisonUpper(k);
            for (int b : BLOCKS) {
                if (b == 1 && n > 97) {
                    continue; // n³/6 one-element tasks: slow, and 97 already wraps the ring many times
                }
                for (WorkerPool pool : POOLS) {
                    Cholesky chol = new Cholesky(new GemmKernel(pool), b);
                    String at = " n=" + n + " block=" + b + " threads=" + pool.threads();
                    for (int rep = 0; rep < 2; rep++) { // the second call reuses the task list and the workspace
                        Mat l = poisonedL(n);
                        chol.factor(kp, l);
                        assertBits(expected, l, "factor" + at + " call " + rep);
                    }
                }
            }
        }
    }

    @Test
    void oneInstanceAcrossSizesKeepsTheBits() {
        int[] sizes = {97, 30, 150, 1, 97, 203, 64};
        for (WorkerPool pool : POOLS) {
            Cholesky chol = new Cholesky(new GemmKernel(pool), 24);
            Cholesky def = new Cholesky(new GemmKernel(pool));
            for (int n : sizes) {
                Mat k = spd(n, Math.min(n, 40), 77 + n);
                Mat expected = CholeskyReference.factor(k);
                Mat l = poisonedL(n);
                chol.factor(k, l);
                assertBits(expected, l, "block 24, n=" + n + " threads=" + pool.threads());
                Mat l2 = poisonedL(n);
                def.factor(k, l2);
                assertBits(expected, l2, "default block, n=" + n + " threads=" + pool.threads());
            }
        }
    }

    /** The first failing pivot: in the first block, at block edges, deep in later blocks (after the ring wrapped). */
    @Test
    void firstFailingPivotIsTheReferences() {
        int n = 203;
        Mat good = spd(n, n, 9);
        Mat goodL = CholeskyReference.factor(good);
        for (int b : new int[] {8, 13, 24, 48, 96}) {
            int[] columns = {0, 1, b - 1, b, b + 1, 2 * b + 5, 5 * b - 1, n - 2, n - 1};
            for (int col : columns) {
                if (col < 0 || col >= n) {
                    continue;
                }
                for (double diag : new double[] {1.0, 0.0, -1.0}) {
                    Mat k = good.copy();
                    k.set(col, col, diag); // ≤ 0: fails exactly here; 1.0: fails here or a little later
                    if (col == 0 && diag > 0) {
                        continue;
                    }
                    NotPositiveDefiniteException expected = assertThrows(NotPositiveDefiniteException.class,
                            () -> CholeskyReference.factor(k));
                    if (diag <= 0) {
                        assertEquals(col, expected.column());
                    }
                    for (WorkerPool pool : POOLS) {
                        Cholesky chol = new Cholesky(new GemmKernel(pool), b);
                        String at = " block=" + b + " column=" + col + " diag=" + diag + " threads=" + pool.threads();
                        NotPositiveDefiniteException e = assertThrows(NotPositiveDefiniteException.class,
                                () -> chol.factor(k, new Mat(n, n)), at);
                        assertEquals(expected.column(), e.column(), at);
                        assertEquals(Double.doubleToRawLongBits(expected.pivot()),
                                Double.doubleToRawLongBits(e.pivot()), "pivot" + at);
                        // The instance works again after the aborted job.
                        Mat l = poisonedL(n);
                        chol.factor(good, l);
                        assertBits(goodL, l, "after the exception" + at);
                    }
                }
            }
        }
    }

    /**
     * NaN or ±inf in the lower triangle, in blocks first read by each kind of task (the diagonal block 0, the panel
     * of block column 0, the blocks copied by the first updates, the last block): NonFiniteInputException naming
     * the element, also when a pivot fails before it would be reached.
     */
    @Test
    void nonFiniteInputsInEveryKindOfBlockAreNamed() {
        int n = 150;
        Mat good = spd(n, n, 21);
        Mat goodL = CholeskyReference.factor(good);
        int[][] cells = {{0, 0}, {5, 2}, {30, 3}, {149, 0}, {40, 30}, {60, 60}, {149, 148}, {149, 149}, {100, 75}};
        double[] bad = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
        for (int b : new int[] {8, 24, 48, 96}) {
            for (WorkerPool pool : POOLS) {
                Cholesky chol = new Cholesky(new GemmKernel(pool), b);
                for (int c = 0; c < cells.length; c++) {
                    int i = cells[c][0];
                    int j = cells[c][1];
                    Mat k = good.copy();
                    k.set(i, j, bad[c % bad.length]);
                    String at = " block=" + b + " at (" + i + ", " + j + ") threads=" + pool.threads();
                    NonFiniteInputException e = assertThrows(NonFiniteInputException.class,
                            () -> chol.factor(k, new Mat(n, n)), at);
                    assertTrue(e.getMessage().contains("(" + i + ", " + j + ")"), e.getMessage() + at);
                    // With a failing pivot at column 1 as well: the non-finite input is still what is reported.
                    Mat k2 = k.copy();
                    k2.set(1, 1, -1.0);
                    if (!(i == 1 && j == 1)) {
                        NonFiniteInputException e2 = assertThrows(NonFiniteInputException.class,
                                () -> chol.factor(k2, new Mat(n, n)), at + " with a failing pivot");
                        assertTrue(e2.getMessage().contains("(" + i + ", " + j + ")"), e2.getMessage() + at);
                    }
                    Mat l = poisonedL(n);
                    chol.factor(good, l);
                    assertBits(goodL, l, "after the exception" + at);
                }
            }
        }
    }
}
