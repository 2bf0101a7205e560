package dev.zeroloss.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One contract, run against the scalar reference and the fast paths (thread counts 1, 2, 3, 7; default and
 * small block sizes): bit equality with the reference, true-correctness (exact integer cases, residual
 * bounds), and the error behaviour.
 */
class CholeskyContractTest {

    /** The operations under contract. */
    interface Impl {
        Mat factor(Mat k);

        Mat solveLower(Mat l, Mat b);

        Mat solveLowerTransposed(Mat l, Mat b);

        Mat solve(Mat k, Mat b);

        Mat inverse(Mat k);

        Mat inverseLower(Mat l);
    }

    static final class Reference implements Impl {
        public Mat factor(Mat k) {
            return CholeskyReference.factor(k);
        }

        public Mat solveLower(Mat l, Mat b) {
            return CholeskyReference.solveLower(l, b);
        }

        public Mat solveLowerTransposed(Mat l, Mat b) {
            return CholeskyReference.solveLowerTransposed(l, b);
        }

        public Mat solve(Mat k, Mat b) {
            return CholeskyReference.solveSpd(k, b);
        }

        public Mat inverse(Mat k) {
            return CholeskyReference.inverseSpd(k);
        }

        public Mat inverseLower(Mat l) {
            return CholeskyReference.solveLower(l, Mat.identity(l.rows));
        }

        @Override
        public String toString() {
            return "reference";
        }
    }

    /** The fast path; uses the caller-owned-output variants into fresh outputs half of the time. */
    static final class Fast implements Impl {
        final String name;
        final Cholesky chol;
        final Triangular tri;
        final SpdSolver spd;

        Fast(WorkerPool pool, int cholBlock, int triBlock, int triBase) {
            this(pool, cholBlock, triBlock, triBase, true);
        }

        /** {@code tiles = false}: every right-hand-side count takes the blocked (GEMM) path of Triangular. */
        Fast(WorkerPool pool, int cholBlock, int triBlock, int triBase, boolean tiles) {
            GemmKernel g = new GemmKernel(pool);
            this.chol = new Cholesky(g, cholBlock);
            this.tri = new Triangular(g, triBlock, triBase);
            this.spd = new SpdSolver(g, cholBlock, triBlock, triBase);
            if (!tiles) {
                tri.tileMaxRhs = 0;
                spd.triangular().tileMaxRhs = 0;
            }
            this.name = "fast(threads=" + pool.threads() + ", blocks=" + cholBlock + "/" + triBlock + "/" + triBase
                    + (tiles ? "" : ", no tiles") + ")";
        }

        public Mat factor(Mat k) {
            return chol.factor(k);
        }

        public Mat solveLower(Mat l, Mat b) {
            return tri.solveLower(l, b);
        }

        public Mat solveLowerTransposed(Mat l, Mat b) {
            Mat x = b.copy(); // in place: X aliasing B is allowed
            tri.solveLowerTransposed(l, x, x);
            return x;
        }

        public Mat solve(Mat k, Mat b) {
            return spd.solve(k, b);
        }

        public Mat inverse(Mat k) {
            return spd.inverse(k);
        }

        public Mat inverseLower(Mat l) {
            Mat m = new Mat(l.rows, l.rows);
            m.fill(Double.NaN); // every element must be written
            tri.inverseLower(l, m);
            return m;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static final int[] THREADS = {1, 2, 3, 7};
    static final List<WorkerPool> POOLS = new ArrayList<>();
    static final Reference REFERENCE = new Reference();
    static final List<Fast> FAST = new ArrayList<>();

    static {
        for (int t : THREADS) {
            WorkerPool p = new WorkerPool(t);
            POOLS.add(p);
            FAST.add(new Fast(p, Cholesky.DEFAULT_BLOCK, Triangular.DEFAULT_BLOCK, Triangular.DEFAULT_BASE));
            FAST.add(new Fast(p, 8, 11, 3));
            FAST.add(new Fast(p, 8, 11, 3, false));
        }
        FAST.add(new Fast(POOLS.get(1), 1, 1, 1));
        FAST.add(new Fast(POOLS.get(0), 5, 64, 5));
    }

    @AfterAll
    static void closePools() {
        for (WorkerPool p : POOLS) {
            p.close();
        }
    }

    static Stream<Arguments> impls() {
        Stream.Builder<Arguments> s = Stream.builder();
        s.add(Arguments.of(REFERENCE));
        for (Fast f : FAST) {
            s.add(Arguments.of(f));
        }
        return s.build();
    }

    // ---------------------------------------------------------------- inputs (fixed seeds)

    static Mat random(int r, int c, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        Mat m = new Mat(r, c);
        for (int i = 0; i < m.data.length; i++) {
            m.data[i] = rnd.nextDouble(-1.0, 1.0);
        }
        return m;
    }

    /** K = G·Gᵀ + n·I with G n×d (d = n gives a full-rank Gram part). */
    static Mat spd(int n, int d, long seed) {
        Mat g = random(n, d, seed);
        Mat k = new Mat(n, n);
        GemmReference.syrk(g, k);
        for (int i = 0; i < n; i++) {
            k.data[i * n + i] += n;
        }
        return k;
    }

    static final int[] SIZES = {1, 2, 3, 4, 5, 7, 13, 31, 64, 97, 131, 193};
    static final int[] RHS = {1, 3, 16, 17, 37, 70};

    // Reference results, computed once and shared by every implementation.
    static final Mat[] K = new Mat[SIZES.length];
    static final Mat[] L = new Mat[SIZES.length];
    static final Mat[][] B = new Mat[SIZES.length][RHS.length];
    static final Mat[][] FWD = new Mat[SIZES.length][RHS.length];
    static final Mat[][] BWD = new Mat[SIZES.length][RHS.length];
    static final Mat[][] SOL = new Mat[SIZES.length][RHS.length];
    static final Mat[] INV = new Mat[SIZES.length];
    static final Mat[] LINV = new Mat[SIZES.length];

    static {
        for (int s = 0; s < SIZES.length; s++) {
            int n = SIZES[s];
            K[s] = spd(n, n, 1000 + n);
            L[s] = CholeskyReference.factor(K[s]);
            INV[s] = CholeskyReference.inverseSpd(K[s]);
            LINV[s] = CholeskyReference.solveLower(L[s], Mat.identity(n));
            for (int r = 0; r < RHS.length; r++) {
                B[s][r] = random(n, RHS[r], 7 * n + RHS[r]);
                FWD[s][r] = CholeskyReference.solveLower(L[s], B[s][r]);
                BWD[s][r] = CholeskyReference.solveLowerTransposed(L[s], B[s][r]);
                SOL[s][r] = CholeskyReference.solveSpd(K[s], B[s][r]);
            }
        }
    }

    static void assertBits(Mat expected, Mat actual, String what) {
        assertEquals(expected.shape(), actual.shape(), what);
        for (int i = 0; i < expected.data.length; i++) {
            long e = Double.doubleToRawLongBits(expected.data[i]);
            long a = Double.doubleToRawLongBits(actual.data[i]);
            if (e != a) {
                int c = expected.cols;
                fail(what + ": first differing element (" + i / c + ", " + i % c + "): expected "
                        + expected.data[i] + ", got " + actual.data[i]);
            }
        }
    }

    // ---------------------------------------------------------------- bit equality with the reference

    @ParameterizedTest(name = "{0}")
    @MethodSource("impls")
    void factorAndSolvesEqualReferenceBits(Impl impl) {
        for (int s = 0; s < SIZES.length; s++) {
            int n = SIZES[s];
            assertBits(L[s], impl.factor(K[s]), impl + " factor n=" + n);
            assertBits(INV[s], impl.inverse(K[s]), impl + " inverse n=" + n);
            assertBits(LINV[s], impl.inverseLower(L[s]), impl + " inverseLower n=" + n);
            for (int r = 0; r < RHS.length; r++) {
                String at = " n=" + n + " rhs=" + RHS[r];
                assertBits(FWD[s][r], impl.solveLower(L[s], B[s][r]), impl + " solveLower" + at);
                assertBits(BWD[s][r], impl.solveLowerTransposed(L[s], B[s][r]), impl + " solveLowerTransposed" + at);
                assertBits(SOL[s][r], impl.solve(K[s], B[s][r]), impl + " solve" + at);
            }
        }
    }

    /** One n ≥ 1000 factor, all thread counts (K = G·Gᵀ + n·I with a thin G keeps the setup cheap). */
    @Test
    void largeFactorEqualsReferenceBits() {
        int n = 1001;
        Mat k = spd(n, 24, 99);
        Mat expected = CholeskyReference.factor(k);
        for (Fast f : FAST) {
            if (f.chol.gemm().pool().threads() == 3 || f.toString().contains("blocks=1/") || f.toString().contains("blocks=5/")) {
                continue; // 1, 2, 7 threads at both block sizes are enough at this size
            }
            assertBits(expected, f.factor(k), f + " factor n=" + n);
        }
    }

    /** Repeated calls into caller-owned outputs after warm-up (C2-compiled vector code), same bits each time. */
    @Test
    void repeatedCallsAfterWarmupKeepTheBits() {
        int s = 9; // n = 97
        int r = 4; // 37 right-hand sides
        Mat k = K[s];
        Mat b = B[s][r];
        for (WorkerPool pool : POOLS) {
            GemmKernel g = new GemmKernel(pool);
            Cholesky chol = new Cholesky(g);
            SpdSolver spd = new SpdSolver(g);
            Triangular tri = new Triangular(g);
            Mat l = new Mat(97, 97);
            Mat x = new Mat(97, 37);
            Mat y = new Mat(97, 37);
            Mat inv = new Mat(97, 97);
            for (int it = 0; it < (pool.threads() == 1 ? 400 : 60); it++) {
                chol.factor(k, l);
                spd.solve(k, b, x);
                tri.solveLower(l, b, y);
                if (it % 10 == 0 || it > 390) {
                    spd.inverse(k, inv);
                    assertBits(INV[s], inv, "inverse it=" + it);
                }
                assertBits(L[s], l, "factor it=" + it + " threads=" + pool.threads());
                assertBits(SOL[s][r], x, "solve it=" + it + " threads=" + pool.threads());
                assertBits(FWD[s][r], y, "solveLower it=" + it + " threads=" + pool.threads());
            }
            // A smaller size through the same (grown) workspaces.
            Mat x5 = new Mat(5, 3);
            spd.solve(K[4], B[4][1], x5);
            assertBits(SOL[4][1], x5, "solve after shrinking");
        }
    }

    // ---------------------------------------------------------------- true correctness

    /** K = L₀·L₀ᵀ with small integers and diagonal in {1, 2, 4}: every operation is exact. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("impls")
    void exactIntegerCase(Impl impl) {
        int n = 23;
        SplittableRandom rnd = new SplittableRandom(5);
        Mat l0 = new Mat(n, n);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < i; j++) {
                l0.data[i * n + j] = rnd.nextInt(-2, 3);
            }
            l0.data[i * n + i] = 1 << rnd.nextInt(3);
        }
        Mat k = new Mat(n, n);
        GemmReference.gemm(false, true, l0, l0, k);
        assertBits(l0, impl.factor(k), impl + " factor of L₀·L₀ᵀ");
        // B = L₀·X₀ with X₀ a multiple of the diagonal product along the chains: use X₀ integer, B = K·X₀.
        Mat x0 = new Mat(n, 5);
        for (int i = 0; i < x0.data.length; i++) {
            x0.data[i] = rnd.nextInt(-3, 4);
        }
        Mat y = new Mat(n, 5);
        GemmReference.gemm(true, false, l0, x0, y); // y = L₀ᵀ·X₀ (integers)
        Mat b = new Mat(n, 5);
        GemmReference.gemm(false, false, l0, y, b); // B = L₀·L₀ᵀ·X₀ = K·X₀
        assertBits(y, impl.solveLower(l0, b), impl + " forward of integers");
        assertBits(x0, impl.solveLowerTransposed(l0, y), impl + " backward of integers");
        assertBits(x0, impl.solve(k, b), impl + " solve of integers");
    }

    static double normInf(Mat a) {
        double best = 0.0;
        for (int i = 0; i < a.rows; i++) {
            double s = 0.0;
            for (int j = 0; j < a.cols; j++) {
                s += Math.abs(a.data[i * a.cols + j]);
            }
            best = Math.max(best, s);
        }
        return best;
    }

    static Mat multiply(Mat a, Mat b) {
        Mat c = new Mat(a.rows, b.cols);
        GemmReference.gemm(false, false, a, b, c);
        return c;
    }

    /**
     * ‖K·X − B‖∞ ≤ 10·n·ε·‖K‖∞·‖X‖∞ and ‖K·K⁻¹ − I‖∞ ≤ 10·n·ε·‖K‖∞·‖K⁻¹‖∞ (backward-stable Cholesky; the
     * factor 10 covers the rounding of the residual itself), plus ‖K − L·Lᵀ‖∞ ≤ 10·n·ε·‖K‖∞.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("impls")
    void residualsWithinBounds(Impl impl) {
        double eps = Math.ulp(1.0);
        for (int s = 0; s < SIZES.length; s++) {
            int n = SIZES[s];
            Mat k = K[s];
            double nk = normInf(k);
            Mat l = impl.factor(k);
            Mat llt = new Mat(n, n);
            GemmReference.gemm(false, true, l, l, llt);
            for (int i = 0; i < llt.data.length; i++) {
                llt.data[i] -= k.data[i];
            }
            assertTrue(normInf(llt) <= 10 * n * eps * nk, impl + " ‖K − L·Lᵀ‖ n=" + n);
            Mat b = B[s][4];
            Mat x = impl.solve(k, b);
            Mat res = multiply(k, x);
            for (int i = 0; i < res.data.length; i++) {
                res.data[i] -= b.data[i];
            }
            assertTrue(normInf(res) <= 10 * n * eps * nk * normInf(x), impl + " ‖K·X − B‖ n=" + n);
            Mat inv = impl.inverse(k);
            Mat e = multiply(k, inv);
            for (int i = 0; i < n; i++) {
                e.data[i * n + i] -= 1.0;
            }
            assertTrue(normInf(e) <= 10 * n * eps * nk * normInf(inv), impl + " ‖K·K⁻¹ − I‖ n=" + n);
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < i; j++) {
                    assertEquals(Double.doubleToRawLongBits(inv.data[i * n + j]),
                            Double.doubleToRawLongBits(inv.data[j * n + i]), impl + " K⁻¹ symmetric");
                }
            }
        }
    }

    // ---------------------------------------------------------------- errors

    /** The 5th leading minor (column 4) is not positive definite: pivot 1 − 2² = −3. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("impls")
    void notPositiveDefiniteNamesTheColumn(Impl impl) {
        int n = 11;
        Mat k = Mat.identity(n);
        k.set(4, 3, 2.0);
        k.set(3, 4, 2.0);
        NotPositiveDefiniteException e = assertThrows(NotPositiveDefiniteException.class, () -> impl.factor(k));
        assertEquals(4, e.column());
        assertEquals(-3.0, e.pivot());
        assertTrue(e.getMessage().contains("column 4"), e.getMessage());
        e = assertThrows(NotPositiveDefiniteException.class, () -> impl.solve(k, new Mat(n, 2)));
        assertEquals(4, e.column());
        e = assertThrows(NotPositiveDefiniteException.class, () -> impl.inverse(k));
        assertEquals(4, e.column());
    }

    /** A failure deep in a later block: same column and same pivot bits as the reference. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("impls")
    void notPositiveDefiniteLateColumnSamePivot(Impl impl) {
        Mat k = spd(150, 150, 3).copy();
        k.set(137, 137, 1.0); // far below Σ L[137][k]², so column 137 fails
        NotPositiveDefiniteException expected = assertThrows(NotPositiveDefiniteException.class,
                () -> CholeskyReference.factor(k));
        NotPositiveDefiniteException e = assertThrows(NotPositiveDefiniteException.class, () -> impl.factor(k));
        assertEquals(137, expected.column());
        assertEquals(expected.column(), e.column());
        assertEquals(Double.doubleToRawLongBits(expected.pivot()), Double.doubleToRawLongBits(e.pivot()));
        // Negative and zero leading pivot.
        Mat z = Mat.identity(3);
        z.set(0, 0, 0.0);
        assertEquals(0, assertThrows(NotPositiveDefiniteException.class, () -> impl.factor(z)).column());
    }

    @Test
    void nonFiniteInputsAreRejected() {
        for (Fast f : FAST) {
            Mat k = K[5].copy(); // n = 7
            k.set(3, 1, Double.NaN);
            NonFiniteInputException e = assertThrows(NonFiniteInputException.class, () -> f.factor(k));
            assertTrue(e.getMessage().contains("(3, 1)"), e.getMessage());
            assertThrows(NonFiniteInputException.class, () -> f.inverse(k));
            assertThrows(NonFiniteInputException.class, () -> f.solve(k, B[5][0]));
            Mat kInf = K[5].copy();
            kInf.set(6, 6, Double.POSITIVE_INFINITY);
            assertThrows(NonFiniteInputException.class, () -> f.factor(kInf));
            Mat b = B[5][2].copy();
            b.set(2, 2, Double.NaN);
            assertThrows(NonFiniteInputException.class, () -> f.solve(K[5], b));
            assertThrows(NonFiniteInputException.class, () -> f.solveLower(L[5], b));
            assertThrows(NonFiniteInputException.class, () -> f.solveLowerTransposed(L[5], b));
            Mat lz = L[5].copy();
            lz.set(2, 2, 0.0);
            assertThrows(ArithmeticException.class, () -> f.solveLower(lz, B[5][0]));
        }
    }

    @Test
    void shapeMismatchesNameTheShapes() {
        Fast f = FAST.get(0);
        ShapeMismatchException e = assertThrows(ShapeMismatchException.class, () -> f.factor(new Mat(3, 4)));
        assertTrue(e.getMessage().contains("3x4") && e.getMessage().contains("Cholesky.factor"), e.getMessage());
        e = assertThrows(ShapeMismatchException.class, () -> f.chol.factor(K[2], new Mat(3, 2)));
        assertTrue(e.getMessage().contains("3x2"), e.getMessage());
        e = assertThrows(ShapeMismatchException.class, () -> f.solve(K[4], new Mat(4, 2)));
        assertTrue(e.getMessage().contains("5x5") && e.getMessage().contains("4x2"), e.getMessage());
        e = assertThrows(ShapeMismatchException.class, () -> f.spd.solve(K[4], B[4][0], new Mat(5, 2)));
        assertTrue(e.getMessage().contains("5x2"), e.getMessage());
        e = assertThrows(ShapeMismatchException.class, () -> f.solveLower(L[4], new Mat(6, 1)));
        assertTrue(e.getMessage().contains("Triangular.solveLower") && e.getMessage().contains("6x1"),
                e.getMessage());
        e = assertThrows(ShapeMismatchException.class,
                () -> f.tri.solveLowerTransposed(L[4], B[4][0], new Mat(5, 3)));
        assertTrue(e.getMessage().contains("5x3"), e.getMessage());
        e = assertThrows(ShapeMismatchException.class, () -> f.spd.inverse(K[4], new Mat(4, 4)));
        assertTrue(e.getMessage().contains("4x4"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> f.chol.factor(K[4], K[4]));
        // Empty matrices are fine.
        assertEquals("0x0", f.factor(new Mat(0, 0)).shape());
        assertEquals("0x3", f.solve(new Mat(0, 0), new Mat(0, 3)).shape());
    }
}
