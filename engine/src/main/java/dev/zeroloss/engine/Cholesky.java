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
    static final VectorSpecies<Double> S8 = DoubleVector.SPECIES_512;
    /** Exact vector classes: every receiver is cast to them so that JDK 17 binds statically (see GemmKernel.V256). */
    static final Class<?> V256 = S.vectorType();
    static final Class<?> V512 = S8.vectorType();
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
    private int jobLd;
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
        // L starts as the lower triangle of K (checked finite while the row is in cache); strict upper +0.0.
        // On an exception the content of L is unspecified.
        for (int i = 0; i < n; i++) {
            int row = i * n;
            System.arraycopy(k, row, l, row, i + 1);
            for (int j = 0; j <= i; j++) {
                double v = l[row + j];
                if (v - v != 0.0) {
                    throw nonFinite(op, "K", n, i, j, v);
                }
            }
            java.util.Arrays.fill(l, row + i + 1, row + n, 0.0);
        }
        int need = Math.min(block, n) * panelStride(n);
        if (panel.length < need) {
            panel = new double[need];
        }
        double[] p = panel;
        for (int kb = 0; kb < n; kb += block) {
            int w = Math.min(block, n - kb);
            int rows = n - kb;
            int ld = panelStride(rows);
            // Pack the panel transposed: p[j*ld + r] = L[kb+r][kb+j]. Rows of L are read contiguously; the
            // odd-line stride ld keeps the w written lines of P in distinct cache sets.
            for (int r = 0; r < rows; r++) {
                int src = (kb + r) * n + kb;
                for (int j = 0; j < w; j++) {
                    p[j * ld + r] = l[src + j];
                }
            }
            factorDiagonal(op, p, ld, w, n, kb);
            if (rows > w) {
                jobR = rows;
                jobLd = ld;
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
                    l[dst + j] = p[j * ld + r];
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
    private static void factorDiagonal(String op, double[] p, int ld, int w, int n, int kb) {
        for (int j = 0; j < w; j++) {
            int cj = j * ld;
            double s = p[cj + j];
            for (int q = 0; q < j; q++) {
                double x = p[q * ld + j];
                s = Math.fma(-x, x, s);
            }
            if (!(s > 0.0)) {
                throw new NotPositiveDefiniteException(op, n, kb + j, s);
            }
            double d = Math.sqrt(s);
            p[cj + j] = d;
            column(p, ld, j, d, j + 1, w);
        }
    }

    /** Task t: the rows [w + t·ROW_CHUNK, ...) of the panel below the diagonal block, all w columns. */
    private void panelChunk(int t, int worker) {
        int rows = jobR;
        int ld = jobLd;
        int w = jobW;
        double[] p = panel;
        int r0 = w + t * ROW_CHUNK;
        int r1 = Math.min(rows, r0 + ROW_CHUNK);
        int j = 0;
        for (; j + 1 < w; j += 2) {
            columnPair(p, ld, j, r0, r1);
        }
        if (j < w) {
            column(p, ld, j, p[j * ld + j], r0, r1);
        }
    }

    /**
     * Panel column j for rows [r0, r1): {@code s = P[j][r]; for q < j: s = fma(-P[q][r], P[q][j], s);
     * P[j][r] = s / d} — the reference chain of L[kb+r][kb+j] over k in [kb, kb+j), vectorised over r.
     */
    static void column(double[] p, int ld, int j, double d, int r0, int r1) {
        int cj = j * ld;
        int r = r0;
        DoubleVector dv = DoubleVector.broadcast(S, d);
        for (; r + 4 * V <= r1; r += 4 * V) {
            DoubleVector a0 = DoubleVector.fromArray(S, p, cj + r);
            DoubleVector a1 = DoubleVector.fromArray(S, p, cj + r + V);
            DoubleVector a2 = DoubleVector.fromArray(S, p, cj + r + 2 * V);
            DoubleVector a3 = DoubleVector.fromArray(S, p, cj + r + 3 * V);
            for (int q = 0; q < j; q++) {
                int cq = q * ld + r;
                DoubleVector b = DoubleVector.broadcast(S, -p[q * ld + j]);
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
                DoubleVector b = DoubleVector.broadcast(S, -p[q * ld + j]);
                a0 = DoubleVector.fromArray(S, p, q * ld + r).fma(b, a0);
            }
            a0.div(dv).intoArray(p, cj + r);
        }
        for (; r < r1; r++) {
            double s = p[cj + r];
            for (int q = 0; q < j; q++) {
                s = Math.fma(-p[q * ld + r], p[q * ld + j], s);
            }
            p[cj + r] = s / d;
        }
    }

    /**
     * Columns j and j+1 for rows [r0, r1): both chains run together over q < j (two fmas per load), then
     * column j is finished and column j+1 takes its q = j term from the new value; same chains as
     * {@link #column}.
     */
    private static void columnPair(double[] p, int ld, int j, int r0, int r1) {
        int cj = j * ld;
        int ck = cj + ld;
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
                int cq = q * ld;
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
            column(p, ld, j, dj, r, r1);
            column(p, ld, j + 1, dk, r, r1);
        }
    }

    /** Stride of the packed panel: ≥ rows, a whole number of cache lines, and an odd number of them. */
    static int panelStride(int rows) {
        int ld = (rows + 7) & ~7;
        return (ld & 8) == 0 ? ld + 8 : ld;
    }

    /** NaN/±inf anywhere in the lower triangle (the part that is read) → NonFiniteInputException. */
    static void requireFiniteLower(String op, String name, double[] a, int n) {
        if (finiteLower(a, n)) {
            return;
        }
        for (int i = 0; i < n; i++) {
            int row = i * n;
            for (int j = 0; j <= i; j++) {
                double v = a[row + j];
                if (v - v != 0.0) {
                    throw nonFinite(op, name, n, i, j, v);
                }
            }
        }
    }

    /**
     * Whether the lower triangle is finite: fma(v, 0, acc) is NaN from a non-finite v on and ±0 otherwise, so the
     * sums are NaN exactly when some element is not finite (only NaN-or-not is used: the order is free).
     */
    static boolean finiteLower(double[] a, int n) {
        double s = 0.0;
        for (int i = 0; i < n; i++) {
            s += finiteSum(a, i * n, i * n + i + 1);
        }
        return s == s;
    }

    /**
     * NaN iff a[from..end) holds a NaN or ±inf. A separate method on purpose: on JDK 17 a vector carried by the
     * phi of an OUTER loop is boxed on every inner iteration (measured 1.4 MB per 492×492 scan); here the
     * accumulators live only in this loop and leave it as a scalar.
     */
    static double finiteSum(double[] a, int from, int end) {
        DoubleVector zero = (DoubleVector) V512.cast(DoubleVector.zero(S8));
        DoubleVector acc0 = zero;
        DoubleVector acc1 = zero;
        int j = from;
        for (; j + 16 <= end; j += 16) {
            acc0 = ((DoubleVector) V512.cast(DoubleVector.fromArray(S8, a, j))).fma(zero, acc0);
            acc1 = ((DoubleVector) V512.cast(DoubleVector.fromArray(S8, a, j + 8))).fma(zero, acc1);
        }
        DoubleVector acc = ((DoubleVector) V512.cast(acc0)).add(acc1);
        // Lanes summed as scalars (no mask, no lane reduction).
        double s = acc.lane(0) + acc.lane(1) + acc.lane(2) + acc.lane(3) + acc.lane(4) + acc.lane(5) + acc.lane(6)
                + acc.lane(7);
        for (; j < end; j++) {
            s = Math.fma(a[j], 0.0, s);
        }
        return s;
    }

    static NonFiniteInputException nonFinite(String op, String name, int n, int i, int j, double v) {
        return new NonFiniteInputException(op + ": " + name + " (" + n + "x" + n + ") has " + v + " at (" + i + ", "
                + j + "); inputs must be finite");
    }
}
