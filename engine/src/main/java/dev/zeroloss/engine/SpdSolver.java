package dev.zeroloss.engine;

import java.util.Arrays;

/**
 * SPD solve {@code K⁻¹·B} and SPD inverse {@code K⁻¹}, equal to {@link CholeskyReference#solveSpd} and
 * {@link CholeskyReference#inverseSpd} bit for bit.
 *
 * <p>Owns the factor L and the L⁻¹ buffer (grown only when a larger n is first seen), so the
 * caller-owned-output methods do not allocate once warm: fit for a hot loop. Not thread-safe.
 *
 * <p>Inverse: L = chol(K), M = L⁻¹ = forward(L, I) ({@link Triangular#inverseLowerRaw}), then the lower
 * triangle of Mᵀ·M through {@link GemmKernel#update}, mirrored. Element (i, j), j ≤ i, is the reference's
 * chain over k from +0.0; its terms with k &lt; i multiply the exact zeros M[k][i] = +0.0 and leave the
 * chain at +0.0, so each block row of the product starts its k range at its first row. The mirror is exact
 * because (i, j) and (j, i) are the same products in the same order.
 */
public final class SpdSolver {
    /** Row block height of the Mᵀ·M product (trims the exact-zero terms of L⁻¹ per block row). */
    static final int PRODUCT_BLOCK = 128;
    private static final int MIRROR_TILE = 32;

    private final GemmKernel gemm;
    private final Cholesky cholesky;
    private final Triangular triangular;
    private double[] l = new double[0];
    private double[] m = new double[0];

    public SpdSolver(WorkerPool pool) {
        this(new GemmKernel(pool));
    }

    public SpdSolver(GemmKernel gemm) {
        this(gemm, Cholesky.DEFAULT_BLOCK, Triangular.DEFAULT_BLOCK, Triangular.DEFAULT_BASE);
    }

    /** With explicit block sizes (tests use small ones to get many blocks on small matrices). */
    SpdSolver(GemmKernel gemm, int choleskyBlock, int triangularBlock, int triangularBase) {
        this.gemm = gemm;
        this.cholesky = new Cholesky(gemm, choleskyBlock);
        this.triangular = new Triangular(gemm, triangularBlock, triangularBase);
    }

    /** The triangular solver used by {@link #solve} (tests adjust its path thresholds). */
    Triangular triangular() {
        return triangular;
    }

    /** K⁻¹·B (K symmetric positive definite; only its lower triangle is read). */
    public Mat solve(Mat k, Mat b) {
        checkSolve(k, b);
        Mat x = new Mat(b.rows, b.cols);
        solve(k, b, x);
        return x;
    }

    /** X ← K⁻¹·B into the caller-owned X (shape of B; X may be B or K itself). No allocation once warm. */
    public void solve(Mat k, Mat b, Mat x) {
        String op = "SpdSolver.solve";
        checkSolve(k, b);
        if (!x.sameShape(b)) {
            throw new ShapeMismatchException(op + ": K " + k.shape() + ", B " + b.shape() + ", X " + x.shape());
        }
        Checks.requireFinite(op, "B", b);
        int n = k.rows;
        double[] f = factorBuffer(n);
        cholesky.factorRaw(op, k.data, f, n); // K is not read after this: X may alias it
        if (x.data != b.data) {
            System.arraycopy(b.data, 0, x.data, 0, b.data.length);
        }
        triangular.forwardRaw(f, n, x.data, b.cols);
        triangular.backwardRaw(f, n, x.data, b.cols);
    }

    /** K⁻¹ (exactly symmetric). */
    public Mat inverse(Mat k) {
        Checks.requireSquare("SpdSolver.inverse", "K", k);
        Mat inv = new Mat(k.rows, k.rows);
        inverse(k, inv);
        return inv;
    }

    /** inv ← K⁻¹ into the caller-owned {@code inv} (n×n; may be K itself). No allocation once warm. */
    public void inverse(Mat k, Mat inv) {
        String op = "SpdSolver.inverse";
        Checks.requireSquare(op, "K", k);
        Checks.requireShape(op, "K⁻¹", inv, k.rows, k.rows);
        int n = k.rows;
        double[] f = factorBuffer(n);
        cholesky.factorRaw(op, k.data, f, n);
        if (m.length < n * n) {
            m = new double[n * n];
        }
        double[] mi = m;
        triangular.inverseLowerRaw(f, n, mi);
        double[] c = inv.data;
        for (int i = 0; i < n; i++) {
            Arrays.fill(c, i * n, i * n + i + 1, 0.0); // every chain of the product starts at +0.0
        }
        for (int i0 = 0; i0 < n; i0 += PRODUCT_BLOCK) {
            int h = Math.min(PRODUCT_BLOCK, n - i0);
            int k0 = n - i0; // terms k in [i0, n): A(i,p) = M[i0+p][i0+i], B(p,j) = M[i0+p][j]
            if (i0 > 0) {
                gemm.update(h, i0, k0, false, false,
                        mi, i0 * n + i0, 1, n,
                        mi, i0 * n, n, 1,
                        c, i0 * n, n);
            }
            gemm.update(h, h, k0, false, true,
                    mi, i0 * n + i0, 1, n,
                    mi, i0 * n + i0, n, 1,
                    c, i0 * n + i0, n);
        }
        mirrorLower(c, n);
    }

    /** Copies the strict lower triangle onto the upper one, in MIRROR_TILE² tiles (cache-friendly transpose). */
    static void mirrorLower(double[] c, int n) {
        for (int i0 = 0; i0 < n; i0 += MIRROR_TILE) {
            int i1 = Math.min(n, i0 + MIRROR_TILE);
            for (int j0 = 0; j0 <= i0; j0 += MIRROR_TILE) {
                int j1 = Math.min(i1, j0 + MIRROR_TILE);
                for (int j = j0; j < j1; j++) { // writes along rows of the upper triangle (measured faster)
                    int row = j * n;
                    for (int i = Math.max(i0, j + 1); i < i1; i++) {
                        c[row + i] = c[i * n + j];
                    }
                }
            }
        }
    }

    private static void checkSolve(Mat k, Mat b) {
        Checks.requireSquare("SpdSolver.solve", "K", k);
        if (b.rows != k.rows) {
            throw new ShapeMismatchException("SpdSolver.solve: K " + k.shape() + ", B " + b.shape());
        }
    }

    private double[] factorBuffer(int n) {
        if (l.length < n * n) {
            l = new double[n * n];
        }
        return l;
    }
}
