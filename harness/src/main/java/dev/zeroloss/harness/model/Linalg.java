package dev.zeroloss.harness.model;

import dev.zeroloss.engine.Cholesky;
import dev.zeroloss.engine.Gemm;
import dev.zeroloss.engine.Mat;
import dev.zeroloss.engine.SpdSolver;
import dev.zeroloss.engine.Triangular;
import dev.zeroloss.engine.WorkerPool;

/**
 * The harness's one door to the engine's level-3 kernels (GEMM, SYRK, Cholesky, triangular and SPD
 * solves), bound to a worker pool. Every method equals its engine scalar reference bit for bit, on any
 * thread count. The caller-owned-output forms allocate nothing once warm (for hot loops).
 * Not for concurrent use from several threads (the kernels hold per-worker workspaces).
 */
public final class Linalg {
    private final WorkerPool pool;
    private final Gemm gemm;
    private final Cholesky cholesky;
    private final Triangular triangular;
    private final SpdSolver spd;

    public Linalg(WorkerPool pool) {
        this.pool = pool;
        this.gemm = new Gemm(pool);
        this.cholesky = new Cholesky(gemm.kernel());
        this.triangular = new Triangular(gemm.kernel());
        this.spd = new SpdSolver(gemm.kernel());
    }

    public WorkerPool pool() {
        return pool;
    }

    /** C ← C + op(A)·op(B). */
    public void gemm(boolean transA, boolean transB, Mat a, Mat b, Mat c) {
        gemm.gemm(transA, transB, a, b, c);
    }

    /** A new op(A)·op(B). */
    public Mat multiply(boolean transA, boolean transB, Mat a, Mat b) {
        return gemm.multiply(transA, transB, a, b);
    }

    /** K ← H·Hᵀ (both triangles). */
    public void syrk(Mat h, Mat k) {
        gemm.syrk(h, k);
    }

    /** The lower triangle (j ≤ i) of K ← H·Hᵀ, the same bits as {@link #syrk}'s; the strict upper one is untouched. */
    public void syrkLower(Mat h, Mat k) {
        gemm.syrkLower(h, k);
    }

    public Mat cholesky(Mat k) {
        return cholesky.factor(k);
    }

    /** L ← chol(K), into a caller-owned n×n matrix. */
    public void cholesky(Mat k, Mat l) {
        cholesky.factor(k, l);
    }

    /** K⁻¹·B for symmetric positive definite K. */
    public Mat solveSpd(Mat k, Mat b) {
        return spd.solve(k, b);
    }

    public Mat inverseSpd(Mat k) {
        return spd.inverse(k);
    }

    public Mat solveLower(Mat l, Mat b) {
        return triangular.solveLower(l, b);
    }

    public void solveLower(Mat l, Mat b, Mat x) {
        triangular.solveLower(l, b, x);
    }

    public Mat solveLowerTransposed(Mat l, Mat b) {
        return triangular.solveLowerTransposed(l, b);
    }

    public void solveLowerTransposed(Mat l, Mat b, Mat x) {
        triangular.solveLowerTransposed(l, b, x);
    }
}
