package dev.zeroloss.harness.model;

import dev.zeroloss.engine.CholeskyReference;
import dev.zeroloss.engine.GemmKernel;
import dev.zeroloss.engine.GemmReference;
import dev.zeroloss.engine.Mat;
import dev.zeroloss.engine.ShapeMismatchException;
import dev.zeroloss.engine.WorkerPool;

/**
 * The harness's one door to the engine's level-3 kernels (GEMM, SYRK, Cholesky, SPD solves), bound to a
 * worker pool. Experiments call this and never a kernel class directly, so the fast engine paths can be
 * swapped in here without touching any experiment: every path gives the same bits.
 */
public final class Linalg {
    private final WorkerPool pool;
    private final GemmKernel kernel;

    public Linalg(WorkerPool pool) {
        this.pool = pool;
        this.kernel = new GemmKernel(pool);
    }

    public WorkerPool pool() {
        return pool;
    }

    /** C ← C + op(A)·op(B). */
    public void gemm(boolean transA, boolean transB, Mat a, Mat b, Mat c) {
        int m = transA ? a.cols : a.rows;
        int k = transA ? a.rows : a.cols;
        int kb = transB ? b.cols : b.rows;
        int n = transB ? b.rows : b.cols;
        if (k != kb || c.rows != m || c.cols != n) {
            throw new ShapeMismatchException("gemm: op(A) " + m + "x" + k + ", op(B) " + kb + "x" + n + ", C " + c.shape());
        }
        kernel.update(m, n, k, false, false,
                a.data, 0, transA ? 1 : a.cols, transA ? a.cols : 1,
                b.data, 0, transB ? 1 : b.cols, transB ? b.cols : 1,
                c.data, 0, n);
    }

    /** A new op(A)·op(B). */
    public Mat multiply(boolean transA, boolean transB, Mat a, Mat b) {
        Mat c = new Mat(transA ? a.cols : a.rows, transB ? b.rows : b.cols);
        gemm(transA, transB, a, b, c);
        return c;
    }

    /** K ← H·Hᵀ (both triangles). */
    public void syrk(Mat h, Mat k) {
        if (k.rows != h.rows || k.cols != h.rows) {
            throw new ShapeMismatchException("syrk: H " + h.shape() + ", K " + k.shape());
        }
        k.fill(0.0);
        kernel.update(h.rows, h.rows, h.cols, false, true, h.data, 0, h.cols, 1, h.data, 0, 1, h.cols, k.data, 0, h.rows);
        GemmReference.mirrorLower(k);
    }

    public Mat cholesky(Mat k) {
        return CholeskyReference.factor(k);
    }

    /** K⁻¹·B for symmetric positive definite K. */
    public Mat solveSpd(Mat k, Mat b) {
        return CholeskyReference.solveSpd(k, b);
    }

    public Mat solveLower(Mat l, Mat b) {
        return CholeskyReference.solveLower(l, b);
    }

    public Mat solveLowerTransposed(Mat l, Mat b) {
        return CholeskyReference.solveLowerTransposed(l, b);
    }
}
