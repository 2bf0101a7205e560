package dev.zeroloss.engine;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Fast GEMM and SYRK on {@link GemmKernel}; bit for bit equal to {@link GemmReference} for every shape and
 * thread count.
 *
 * <p>Like its kernel, one {@code Gemm} serves one caller thread at a time; steady-state calls allocate nothing
 * (except {@link #multiply}, which returns a new matrix).
 */
public final class Gemm {
    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_256;
    private final GemmKernel kernel;
    private final double[] finiteLanes = new double[S.length()];

    public Gemm(WorkerPool pool) {
        this.kernel = new GemmKernel(pool);
    }

    /** The strided kernel underneath (shares this object's workspaces and single-caller rule). */
    public GemmKernel kernel() {
        return kernel;
    }

    /** C ← C + op(A)·op(B), op(X) = Xᵀ when the flag is set; each C(i,j) is one fma chain in increasing k. */
    public void gemm(boolean transA, boolean transB, Mat a, Mat b, Mat c) {
        String op = "Gemm.gemm";
        int m = transA ? a.cols : a.rows;
        int k = transA ? a.rows : a.cols;
        int kb = transB ? b.cols : b.rows;
        int n = transB ? b.rows : b.cols;
        if (k != kb || c.rows != m || c.cols != n) {
            throw new ShapeMismatchException(op + ": op(A) " + m + "x" + k + " (A " + a.shape()
                    + (transA ? " transposed" : "") + "), op(B) " + kb + "x" + n + " (B " + b.shape()
                    + (transB ? " transposed" : "") + "), C " + c.shape() + "; need C " + m + "x" + n
                    + " and matching inner dimensions");
        }
        Checks.requireDistinct(op, c, a, "A");
        Checks.requireDistinct(op, c, b, "B");
        requireFinite(op, "A", a);
        requireFinite(op, "B", b);
        requireFinite(op, "C", c);
        int aRs = transA ? 1 : a.cols;
        int aCs = transA ? a.cols : 1;
        int bRs = transB ? 1 : b.cols;
        int bCs = transB ? b.cols : 1;
        kernel.update(m, n, k, false, false, a.data, 0, aRs, aCs, b.data, 0, bRs, bCs, c.data, 0, n);
    }

    /** A new matrix op(A)·op(B) (C started from +0.0). */
    public Mat multiply(boolean transA, boolean transB, Mat a, Mat b) {
        int m = transA ? a.cols : a.rows;
        int n = transB ? b.rows : b.cols;
        Mat c = new Mat(m, n);
        gemm(transA, transB, a, b, c);
        return c;
    }

    /** Lower triangle (j ≤ i) of K ← H·Hᵀ, each element one fma chain from +0.0; the strict upper triangle is untouched. */
    public void syrkLower(Mat h, Mat k) {
        syrkLower("Gemm.syrkLower", h, k);
    }

    private void syrkLower(String op, Mat h, Mat k) {
        int n = h.rows;
        int d = h.cols;
        if (k.rows != n || k.cols != n) {
            throw new ShapeMismatchException(op + ": H " + h.shape() + ", K " + k.shape() + "; K must be "
                    + n + "x" + n);
        }
        Checks.requireDistinct(op, k, h, "H");
        requireFinite(op, "H", h);
        double[] kd = k.data;
        for (int i = 0; i < n; i++) {
            java.util.Arrays.fill(kd, i * n, i * n + i + 1, 0.0);
        }
        kernel.update(n, n, d, false, true, h.data, 0, d, 1, h.data, 0, 1, d, kd, 0, n);
    }

    /**
     * A vectorised scan (x·0 is NaN exactly for NaN and ±inf, and NaN survives the sums); on failure the scalar
     * check names the element. The lanes are read back through a field so that no mask object is allocated.
     */
    private void requireFinite(String op, String name, Mat m) {
        double[] d = m.data;
        int i = 0;
        int bound = S.loopBound(d.length);
        DoubleVector acc = DoubleVector.zero(S);
        for (; i < bound; i += S.length()) {
            acc = acc.add(DoubleVector.fromArray(S, d, i).mul(0.0));
        }
        double[] lanes = finiteLanes;
        acc.intoArray(lanes, 0);
        double s = 0.0;
        for (double v : lanes) {
            s += v;
        }
        for (; i < d.length; i++) {
            s += d[i] * 0.0;
        }
        if (s != 0.0) {
            Checks.requireFinite(op, name, m);
        }
    }

    /** K ← H·Hᵀ, both triangles (the upper one a mirror of the lower: the same bits as computing it). */
    public void syrk(Mat h, Mat k) {
        syrkLower("Gemm.syrk", h, k);
        mirrorLower(k);
    }

    /** Copies the strict lower triangle onto the upper one, in square blocks so both sides stay in cache. */
    static void mirrorLower(Mat k) {
        int n = k.rows;
        double[] d = k.data;
        final int bs = 32;
        for (int i0 = 0; i0 < n; i0 += bs) {
            int i1 = Math.min(n, i0 + bs);
            for (int j0 = 0; j0 <= i0; j0 += bs) {
                int j1 = Math.min(n, j0 + bs);
                for (int i = i0; i < i1; i++) {
                    int jEnd = Math.min(j1, i);
                    for (int j = j0; j < jEnd; j++) {
                        d[j * n + i] = d[i * n + j];
                    }
                }
            }
        }
    }
}
