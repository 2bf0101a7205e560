package dev.zeroloss.engine;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Fast Cholesky factorisation {@code K = L·Lᵀ}, equal to {@link CholeskyReference#factor} bit for bit.
 *
 * <p>Right-looking blocked algorithm. For each block column [kb, kb+w):
 * <ol>
 * <li>the panel (rows kb..n-1 of the block column, already holding K minus the updates of every earlier
 *     block column) is packed transposed, so that one column of the panel is contiguous over rows;</li>
 * <li>the panel is factored column by column with the reference's own left-looking chain, restricted to
 *     k in [kb, j): the chain is continued from the partial sum left by the trailing updates, in
 *     increasing k, and vectorised across rows i (each lane is one element's chain, never a lane sum);</li>
 * <li>the trailing lower triangle gets {@code C -= L_panel·L_panelᵀ} through {@link GemmKernel#update}
 *     (negate, lowerOnly), which again continues every chain in increasing k.</li>
 * </ol>
 * Every element therefore is the reference's single fma chain over k = 0..j-1 followed by the same
 * correctly rounded sqrt or division, and the first non-positive pivot is met at the same column with the
 * same value. Only the lower triangle of K is read; L's strict upper triangle is +0.0.
 *
 * <p>Not thread-safe: an instance owns its workspace (grown only when a larger size is first seen) and
 * runs its parallel parts on the pool of its {@link GemmKernel}.
 */
public final class Cholesky {
    static final VectorSpecies<Double> S = DoubleVector.SPECIES_256;
    static final int V = 4;
    /** Block column width: the k depth of every trailing GEMM update (measured: docs/decisions/cholesky.md). */
    static final int DEFAULT_BLOCK = 96;
    /** Rows of the panel below the diagonal block per parallel task (a multiple of 4·V). */
    private static final int ROW_CHUNK = 128;

    private final GemmKernel gemm;
    private final WorkerPool pool;
    private final int block;
    private double[] panel = new double[0];

    // Parameters of the running parallel panel job (read by panelTask; no per-call allocation).
    private int jobR;
    private int jobW;
    private final WorkerPool.Task panelTask = this::panelChunk;

    public Cholesky(WorkerPool pool) {
        this(new GemmKernel(pool));
    }

    public Cholesky(GemmKernel gemm) {
        this(gemm, DEFAULT_BLOCK);
    }

    /** With an explicit block width (tests use small ones to get many blocks on small matrices). */
    Cholesky(GemmKernel gemm, int block) {
        if (block < 1) {
            throw new IllegalArgumentException("Cholesky: block size " + block + " must be >= 1");
        }
        this.gemm = gemm;
        this.pool = gemm.pool();
        this.block = block;
    }

    public GemmKernel gemm() {
        return gemm;
    }

    /** Returns a new L with K = L·Lᵀ (reads only the lower triangle of K). */
    public Mat factor(Mat k) {
        Checks.requireSquare("Cholesky.factor", "K", k);
        Mat l = new Mat(k.rows, k.rows);
        factor(k, l);
        return l;
    }

    /** Writes L with K = L·Lᵀ into the caller-owned {@code l} (n×n, not aliasing K); no allocation once warm. */
    public void factor(Mat k, Mat l) {
        Checks.requireSquare("Cholesky.factor", "K", k);
        Checks.requireShape("Cholesky.factor", "L", l, k.rows, k.rows);
        Checks.requireDistinct("Cholesky.factor", l, k, "K");
        factorRaw("Cholesky.factor", k.data, l.data, k.rows);
    }

    /** Factors the n×n row-major {@code k} into {@code l} (both of length ≥ n·n, distinct arrays). */
    void factorRaw(String op, double[] k, double[] l, int n) {
        requireFiniteLower(op, "K", k, n);
        // L starts as the lower triangle of K; the strict upper triangle is +0.0.
        for (int i = 0; i < n; i++) {
            int row = i * n;
            System.arraycopy(k, row, l, row, i + 1);
            java.util.Arrays.fill(l, row + i + 1, row + n, 0.0);
        }
        if (panel.length < Math.min(block, n) * n) {
            panel = new double[Math.min(block, n) * n];
        }
        double[] p = panel;
        for (int kb = 0; kb < n; kb += block) {
            int w = Math.min(block, n - kb);
            int rows = n - kb;
            // Pack the panel transposed: p[j*rows + r] = L[kb+r][kb+j].
            for (int r = 0; r < rows; r++) {
                int src = (kb + r) * n + kb;
                for (int j = 0; j < w; j++) {
                    p[j * rows + r] = l[src + j];
                }
            }
            factorDiagonal(op, p, rows, w, n, kb);
            if (rows > w) {
                jobR = rows;
                jobW = w;
                int tasks = (rows - w + ROW_CHUNK - 1) / ROW_CHUNK;
                if (pool.threads() == 1 || tasks == 1) {
                    for (int t = 0; t < tasks; t++) {
                        panelChunk(t, 0);
                    }
                } else {
                    pool.run(tasks, panelTask);
                }
            }
            // Unpack (the r < j entries of the diagonal block are the untouched +0.0 of the upper triangle).
            for (int r = 0; r < rows; r++) {
                int dst = (kb + r) * n + kb;
                for (int j = 0; j < w; j++) {
                    l[dst + j] = p[j * rows + r];
                }
            }
            int m = rows - w;
            if (m > 0) {
                int t0 = (kb + w) * n;
                // C(i,j) -= Σ_p L[kb+w+i][kb+p]·L[kb+w+j][kb+p], p increasing: continues every chain.
                gemm.update(m, m, w, true, true,
                        l, t0 + kb, n, 1,
                        l, t0 + kb, 1, n,
                        l, t0 + kb + w, n);
            }
        }
    }

    /** Pivots and the rows of the diagonal block (r < w), column by column. */
    private static void factorDiagonal(String op, double[] p, int rows, int w, int n, int kb) {
        for (int j = 0; j < w; j++) {
            int cj = j * rows;
            double s = p[cj + j];
            for (int q = 0; q < j; q++) {
                double x = p[q * rows + j];
                s = Math.fma(-x, x, s);
            }
            if (!(s > 0.0)) {
                throw new NotPositiveDefiniteException(op, n, kb + j, s);
            }
            double d = Math.sqrt(s);
            p[cj + j] = d;
            column(p, rows, j, d, j + 1, w);
        }
    }

    /** Task t: the rows [w + t·ROW_CHUNK, ...) of the panel below the diagonal block, all w columns. */
    private void panelChunk(int t, int worker) {
        int rows = jobR;
        int w = jobW;
        double[] p = panel;
        int r0 = w + t * ROW_CHUNK;
        int r1 = Math.min(rows, r0 + ROW_CHUNK);
        int j = 0;
        for (; j + 1 < w; j += 2) {
            columnPair(p, rows, j, r0, r1);
        }
        if (j < w) {
            column(p, rows, j, p[j * rows + j], r0, r1);
        }
    }

    /**
     * Panel column j for rows [r0, r1): {@code s = P[j][r]; for q < j: s = fma(-P[q][r], P[q][j], s);
     * P[j][r] = s / d} — the reference chain of L[kb+r][kb+j] over k in [kb, kb+j), vectorised over r.
     */
    static void column(double[] p, int rows, int j, double d, int r0, int r1) {
        int cj = j * rows;
        int r = r0;
        DoubleVector dv = DoubleVector.broadcast(S, d);
        for (; r + 4 * V <= r1; r += 4 * V) {
            DoubleVector a0 = DoubleVector.fromArray(S, p, cj + r);
            DoubleVector a1 = DoubleVector.fromArray(S, p, cj + r + V);
            DoubleVector a2 = DoubleVector.fromArray(S, p, cj + r + 2 * V);
            DoubleVector a3 = DoubleVector.fromArray(S, p, cj + r + 3 * V);
            for (int q = 0; q < j; q++) {
                int cq = q * rows + r;
                DoubleVector b = DoubleVector.broadcast(S, -p[q * rows + j]);
                a0 = DoubleVector.fromArray(S, p, cq).fma(b, a0);
                a1 = DoubleVector.fromArray(S, p, cq + V).fma(b, a1);
                a2 = DoubleVector.fromArray(S, p, cq + 2 * V).fma(b, a2);
                a3 = DoubleVector.fromArray(S, p, cq + 3 * V).fma(b, a3);
            }
            a0.div(dv).intoArray(p, cj + r);
            a1.div(dv).intoArray(p, cj + r + V);
            a2.div(dv).intoArray(p, cj + r + 2 * V);
            a3.div(dv).intoArray(p, cj + r + 3 * V);
        }
        for (; r + V <= r1; r += V) {
            DoubleVector a0 = DoubleVector.fromArray(S, p, cj + r);
            for (int q = 0; q < j; q++) {
                DoubleVector b = DoubleVector.broadcast(S, -p[q * rows + j]);
                a0 = DoubleVector.fromArray(S, p, q * rows + r).fma(b, a0);
            }
            a0.div(dv).intoArray(p, cj + r);
        }
        for (; r < r1; r++) {
            double s = p[cj + r];
            for (int q = 0; q < j; q++) {
                s = Math.fma(-p[q * rows + r], p[q * rows + j], s);
            }
            p[cj + r] = s / d;
        }
    }

    /**
     * Columns j and j+1 for rows [r0, r1): both chains run together over q < j (two fmas per load), then
     * column j is finished and column j+1 takes its q = j term from the new value; same chains as
     * {@link #column}.
     */
    private static void columnPair(double[] p, int rows, int j, int r0, int r1) {
        int cj = j * rows;
        int ck = cj + rows;
        double dj = p[cj + j];
        double dk = p[ck + j + 1];
        DoubleVector dvj = DoubleVector.broadcast(S, dj);
        DoubleVector dvk = DoubleVector.broadcast(S, dk);
        DoubleVector bjk = DoubleVector.broadcast(S, -p[cj + j + 1]);
        int r = r0;
        for (; r + 4 * V <= r1; r += 4 * V) {
            DoubleVector a0 = DoubleVector.fromArray(S, p, cj + r);
            DoubleVector a1 = DoubleVector.fromArray(S, p, cj + r + V);
            DoubleVector a2 = DoubleVector.fromArray(S, p, cj + r + 2 * V);
            DoubleVector a3 = DoubleVector.fromArray(S, p, cj + r + 3 * V);
            DoubleVector c0 = DoubleVector.fromArray(S, p, ck + r);
            DoubleVector c1 = DoubleVector.fromArray(S, p, ck + r + V);
            DoubleVector c2 = DoubleVector.fromArray(S, p, ck + r + 2 * V);
            DoubleVector c3 = DoubleVector.fromArray(S, p, ck + r + 3 * V);
            for (int q = 0; q < j; q++) {
                int cq = q * rows;
                DoubleVector bj = DoubleVector.broadcast(S, -p[cq + j]);
                DoubleVector bk = DoubleVector.broadcast(S, -p[cq + j + 1]);
                DoubleVector x0 = DoubleVector.fromArray(S, p, cq + r);
                DoubleVector x1 = DoubleVector.fromArray(S, p, cq + r + V);
                DoubleVector x2 = DoubleVector.fromArray(S, p, cq + r + 2 * V);
                DoubleVector x3 = DoubleVector.fromArray(S, p, cq + r + 3 * V);
                a0 = x0.fma(bj, a0);
                a1 = x1.fma(bj, a1);
                a2 = x2.fma(bj, a2);
                a3 = x3.fma(bj, a3);
                c0 = x0.fma(bk, c0);
                c1 = x1.fma(bk, c1);
                c2 = x2.fma(bk, c2);
                c3 = x3.fma(bk, c3);
            }
            a0 = a0.div(dvj);
            a1 = a1.div(dvj);
            a2 = a2.div(dvj);
            a3 = a3.div(dvj);
            a0.intoArray(p, cj + r);
            a1.intoArray(p, cj + r + V);
            a2.intoArray(p, cj + r + 2 * V);
            a3.intoArray(p, cj + r + 3 * V);
            a0.fma(bjk, c0).div(dvk).intoArray(p, ck + r);
            a1.fma(bjk, c1).div(dvk).intoArray(p, ck + r + V);
            a2.fma(bjk, c2).div(dvk).intoArray(p, ck + r + 2 * V);
            a3.fma(bjk, c3).div(dvk).intoArray(p, ck + r + 3 * V);
        }
        if (r < r1) {
            column(p, rows, j, dj, r, r1);
            column(p, rows, j + 1, dk, r, r1);
        }
    }

    /** NaN/±inf anywhere in the lower triangle (the part that is read) → NonFiniteInputException. */
    static void requireFiniteLower(String op, String name, double[] a, int n) {
        for (int i = 0; i < n; i++) {
            int row = i * n;
            for (int j = 0; j <= i; j++) {
                double v = a[row + j];
                if (v - v != 0.0) {
                    throw new NonFiniteInputException(op + ": " + name + " (" + n + "x" + n + ") has " + v
                            + " at (" + i + ", " + j + "); inputs must be finite");
                }
            }
        }
    }
}
