package dev.zeroloss.engine;

import static dev.zeroloss.engine.CholeskyContractTest.assertBits;
import static dev.zeroloss.engine.CholeskyContractTest.random;
import static dev.zeroloss.engine.CholeskyContractTest.spd;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Bit equality of the fast Cholesky and triangular solves with {@link CholeskyReference} at the shapes where
 * their blockings change: sizes around the Cholesky block (96) and the 32/8-row panel tiles, the paper's
 * n = 492, n ≥ 1000; right-hand-side counts around the 24-column tiles and past {@link Triangular#TILE_MAX_RHS}
 * (the blocked GEMM path); thread counts 1, 2, 3, 7; repeated calls into the same outputs.
 */
class CholeskyShapesTest {
    static final int[] THREADS = {1, 2, 3, 7};
    static final int[] SIZES = {1, 2, 11, 95, 96, 97, 191, 192, 193, 492};
    static final int[] RHS = {1, 7, 24, 25, 37, 48, 64, 97};
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

    /** K = G·Gᵀ + n·I, full-rank G up to 200, thin above (keeps the scalar reference cheap). */
    static Mat k(int n) {
        return spd(n, n <= 200 ? n : 24, 31 * n + 5);
    }

    @Test
    void factorAndSolvesAtBlockingEdges() {
        for (int n : SIZES) {
            Mat k = k(n);
            Mat l = CholeskyReference.factor(k);
            Mat[] b = new Mat[RHS.length];
            Mat[] fwd = new Mat[RHS.length];
            Mat[] bwd = new Mat[RHS.length];
            for (int r = 0; r < RHS.length; r++) {
                b[r] = random(n, RHS[r], 17L * n + RHS[r]);
                fwd[r] = CholeskyReference.solveLower(l, b[r]);
                bwd[r] = CholeskyReference.solveLowerTransposed(l, fwd[r]);
            }
            for (WorkerPool pool : POOLS) {
                GemmKernel g = new GemmKernel(pool);
                Cholesky chol = new Cholesky(g);
                Triangular tri = new Triangular(g);
                String at = " n=" + n + " threads=" + pool.threads();
                Mat lf = new Mat(n, n);
                chol.factor(k, lf);
                assertBits(l, lf, "factor" + at);
                for (int r = 0; r < RHS.length; r++) {
                    // The Fig. 6 sequence: forward into X, then backward in place.
                    Mat x = new Mat(n, RHS[r]);
                    tri.solveLower(l, b[r], x);
                    assertBits(fwd[r], x, "solveLower" + at + " rhs=" + RHS[r]);
                    tri.solveLowerTransposed(l, x, x);
                    assertBits(bwd[r], x, "solveLowerTransposed in place" + at + " rhs=" + RHS[r]);
                }
            }
        }
    }

    @Test
    void largeSolvesEqualReferenceBits() {
        int n = 1009;
        Mat k = spd(n, 16, 77);
        Mat l = CholeskyReference.factor(k);
        Mat b = random(n, 37, 78);
        Mat fwd = CholeskyReference.solveLower(l, b);
        Mat bwd = CholeskyReference.solveLowerTransposed(l, fwd);
        for (WorkerPool pool : POOLS) {
            Triangular tri = new Triangular(pool);
            Mat x = tri.solveLower(l, b);
            assertBits(fwd, x, "solveLower n=1009 threads=" + pool.threads());
            tri.solveLowerTransposed(l, x, x);
            assertBits(bwd, x, "solveLowerTransposed n=1009 threads=" + pool.threads());
        }
    }

    /** The paper's step shape, repeated into the same outputs (C2-compiled kernels, grown workspaces). */
    @Test
    void repeatedFig6ShapeKeepsTheBits() {
        int n = 492;
        Mat k = k(n);
        Mat l = CholeskyReference.factor(k);
        Mat y = random(n, 37, 3);
        Mat sol = CholeskyReference.solveLowerTransposed(l, CholeskyReference.solveLower(l, y));
        for (WorkerPool pool : new WorkerPool[] {POOLS[0], POOLS[1]}) {
            GemmKernel g = new GemmKernel(pool);
            Cholesky chol = new Cholesky(g);
            Triangular tri = new Triangular(g);
            Mat lf = new Mat(n, n);
            Mat x = new Mat(n, 37);
            for (int it = 0; it < 60; it++) {
                chol.factor(k, lf);
                tri.solveLower(lf, y, x);
                tri.solveLowerTransposed(lf, x, x);
                assertBits(l, lf, "factor it=" + it + " threads=" + pool.threads());
                assertBits(sol, x, "solves it=" + it + " threads=" + pool.threads());
            }
        }
    }
}
