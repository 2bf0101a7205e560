package dev.zeroloss.engine;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Fast Cholesky factorisation {@code K = L·Lᵀ}, equal to {@link CholeskyReference#factor} bit for bit.
 *
 * <p>Right-looking blocked algorithm. For each block column [kb, kb+w):
 * <ol>
 * <li>the diagonal block (already holding K minus the updates of every earlier block column) is packed
 *     transposed, so that one column is contiguous over rows, and factored on the caller: eight columns at a
 *     time, an 8×8 scalar part with the pivots, then the rows below it with the vector kernels;</li>
 * <li>the panel rows below it are cut into one balanced chunk per thread; each task packs its rows, finishes
 *     them with the reference's own left-looking chain restricted to k in [kb, j) (continued from the
 *     partial sum left by the trailing updates, in increasing k, vectorised across rows with 512-bit vectors,
 *     four columns per pass: each lane is one element's chain, never a lane sum) and unpacks them;</li>
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
    /**
     * The panel kernels' width follows the GEMM's ({@link GemmKernel#WIDE}: 512-bit where the hardware has it,
     * or as forced by {@code -Dzeroloss.gemm.width}). On AVX2 hardware a 512-bit species is not intrinsified and
     * runs boxed (measured 6× slower Cholesky, 27× slower solves at n = 492), so there the 256-bit twins run.
     * Lanes are independent chains either way: the width never changes a bit.
     */
    static final boolean WIDE = GemmKernel.WIDE;
    /** Block column width: the k depth of every trailing GEMM update (measured: docs/decisions/cholesky.md). */
    static final int DEFAULT_BLOCK = 64;


    private final GemmKernel gemm;
    private final WorkerPool pool;
    private final int block;
    private double[] panel = new double[0];

    // Parameters of the running parallel panel job (read by panelTask; no per-call allocation).
    private double[] jobL;
    private int jobN;
    private int jobKb;
    private int jobW;
    private int jobLd;
    private int jobChunk;
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
        double check = 0.0;
        for (int i = 0; i < n; i++) {
            int row = i * n;
            System.arraycopy(k, row, l, row, i + 1);
            check += finiteSum(l, row, row + i + 1);
            java.util.Arrays.fill(l, row + i + 1, row + n, 0.0);
        }
        if (check != check) {
            requireFiniteLower(op, "K", l, n); // names the first non-finite element
        }
        int need = Math.min(block, n) * panelStride(n);
        if (panel.length < need) {
            panel = new double[need];
        }
        double[] p = panel;
        jobL = l;
        jobN = n;
        try {
            for (int kb = 0; kb < n; kb += block) {
                int w = Math.min(block, n - kb);
                int rows = n - kb;
                int ld = panelStride(rows);
                jobKb = kb;
                jobLd = ld;
                jobW = w;
                // The diagonal block (serial: every panel row below needs all of it), packed transposed:
                // p[j*ld + r] = L[kb+r][kb+j]. The odd-line stride ld keeps the w written lines in distinct sets.
                pack(l, n, p, ld, kb, w, 0, w);
                factorDiagonal(op, p, ld, w, n, kb, rows == w);
                unpack(l, n, p, ld, kb, w, 0, w);
                int m = rows - w;
                if (m > 0) {
                    // Rows below: each task packs, finishes and unpacks its own rows.
                    int chunk = ((m + pool.threads() - 1) / pool.threads() + 7) & ~7;
                    jobChunk = chunk;
                    int tasks = (m + chunk - 1) / chunk;
                    if (pool.threads() == 1 || tasks == 1) {
                        for (int t = 0; t < tasks; t++) {
                            panelChunk(t, 0);
                        }
                    } else {
                        pool.run(tasks, panelTask);
                    }
                    int t0 = (kb + w) * n;
                    // C(i,j) -= Σ_p L[kb+w+i][kb+p]·L[kb+w+j][kb+p], p increasing: continues every chain.
                    gemm.update(m, m, w, true, true,
                            l, t0 + kb, n, 1,
                            l, t0 + kb, 1, n,
                            l, t0 + kb + w, n);
                }
            }
        } finally {
            jobL = null;
        }
    }

    /** p[j*ld + r] = L[kb+r][kb+j] for r in [r0, r1), j < w. */
    private static void pack(double[] l, int n, double[] p, int ld, int kb, int w, int r0, int r1) {
        for (int r = r0; r < r1; r++) {
            int src = (kb + r) * n + kb;
            for (int j = 0; j < w; j++) {
                p[j * ld + r] = l[src + j];
            }
        }
    }

    /** The inverse of {@link #pack} (in the diagonal block, the r &lt; j entries are the untouched +0.0). */
    private static void unpack(double[] l, int n, double[] p, int ld, int kb, int w, int r0, int r1) {
        for (int r = r0; r < r1; r++) {
            int dst = (kb + r) * n + kb;
            for (int j = 0; j < w; j++) {
                l[dst + j] = p[j * ld + r];
            }
        }
    }

    /**
     * The diagonal block (rows r &lt; w), eight columns at a time: the 8×8 diagonal part with the scalar
     * reference chains (pivots in column order, so the first failing pivot is the reference's), then the
     * rows below it with the vector kernels (eight columns keep those rows a multiple of 8 when w is). In the
     * last block ({@code pad}), rows [w, w8) are zero rows: their chains stay zero and are never unpacked.
     */
    private static void factorDiagonal(String op, double[] p, int ld, int w, int n, int kb, boolean pad) {
        int end = pad ? (w + 7) & ~7 : w;
        if (pad) {
            for (int j = 0; j < w; j++) {
                java.util.Arrays.fill(p, j * ld + w, j * ld + end, 0.0);
            }
        }
        for (int j = 0; j < w; j += 8) {
            int cw = Math.min(8, w - j);
            for (int c = j; c < j + cw; c++) {
                int cc = c * ld;
                double s = p[cc + c];
                for (int q = 0; q < c; q++) {
                    double x = p[q * ld + c];
                    s = Math.fma(-x, x, s);
                }
                if (!(s > 0.0)) {
                    throw new NotPositiveDefiniteException(op, n, kb + c, s);
                }
                double d = Math.sqrt(s);
                p[cc + c] = d;
                for (int r = c + 1; r < j + cw; r++) {
                    double t = p[cc + r];
                    for (int q = 0; q < c; q++) {
                        t = Math.fma(-p[q * ld + r], p[q * ld + c], t);
                    }
                    p[cc + r] = t / d;
                }
            }
            columns(p, ld, j, Math.min(4, cw), j + cw, end);
            if (cw > 4) {
                columns(p, ld, j + 4, cw - 4, j + cw, end);
            }
        }
    }

    /** Task t: the rows [w + t·chunk, ...) of the panel below the diagonal block, all w columns. */
    private void panelChunk(int t, int worker) {
        double[] l = jobL;
        int n = jobN;
        int kb = jobKb;
        int rows = n - kb;
        int ld = jobLd;
        int w = jobW;
        double[] p = panel;
        int r0 = w + t * jobChunk;
        int r1 = Math.min(rows, r0 + jobChunk);
        pack(l, n, p, ld, kb, w, r0, r1);
        // The last chunk is padded with zero rows to a multiple of 8 (ld leaves room): no scalar tail.
        int end = r1 == rows ? r0 + ((r1 - r0 + 7) & ~7) : r1;
        if (end > ld) {
            end = r1; // (r0 not a multiple of 8: only with odd test block widths) the scalar tail instead
        }
        for (int j = 0; j < w; j++) {
            java.util.Arrays.fill(p, j * ld + r1, j * ld + end, 0.0);
        }
        for (int j = 0; j < w; j += 4) {
            columns(p, ld, j, Math.min(4, w - j), r0, end);
        }
        unpack(l, n, p, ld, kb, w, r0, r1);
    }

    /**
     * Panel columns [j, j+cw) (cw ≤ 4) for rows [r0, r1), whose rows [j, j+cw) are final: the reference chain of
     * each element over q in [0, j+c), vectorised over rows (one lane = one element's chain).
     */
    private static void columns(double[] p, int ld, int j, int cw, int r0, int r1) {
        if (!WIDE) {
            columns256(p, ld, j, cw, r0, r1);
            return;
        }
        if (cw < 4) {
            for (int c = j; c < j + cw; c++) {
                column(p, ld, c, p[c * ld + c], r0, r1);
            }
            return;
        }
        int r = r0;
        for (; r + 32 <= r1; r += 32) {
            quad32(p, ld, j, r);
        }
        for (; r + 8 <= r1; r += 8) {
            quad8(p, ld, j, r);
        }
        if (r < r1) {
            for (int c = j; c < j + 4; c++) {
                columnScalar(p, ld, c, p[c * ld + c], r, r1);
            }
        }
    }

    /**
     * Rows [r, r+32) of panel columns j..j+3 (all four chains over q &lt; j together: 4 loads and 4 broadcasts per
     * 16 fmas), then the 4-column triangle ({@link #quadTriangle}); exactly the chains of {@link #column}.
     */
    private static void quad32(double[] p, int ld, int j, int r) {
        int c0 = j * ld;
        int c1 = c0 + ld;
        int c2 = c1 + ld;
        int c3 = c2 + ld;
        DoubleVector a00 = (DoubleVector) V512.cast(DoubleVector.fromArray(S8, p, c0 + r));
        DoubleVector a01 = (DoubleVector) V512.cast(DoubleVector.fromArray(S8, p, c0 + r + 8));
        DoubleVector a02 = (DoubleVector) V512.cast(DoubleVector.fromArray(S8, p, c0 + r + 16));
        DoubleVector a03 = (DoubleVector) V512.cast(DoubleVector.fromArray(S8, p, c0 + r + 24));
        DoubleVector a10 = (DoubleVector) V512.cast(DoubleVector.fromArray(S8, p, c1 + r));
        DoubleVector a11 = (DoubleVector) V512.cast(DoubleVector.fromArray(S8, p, c1 + r + 8));
        DoubleVector a12 = (DoubleVector) V512.cast(DoubleVector.fromArray(S8, p, c1 + r + 16));
        DoubleVector a13 = (DoubleVector) V512.cast(DoubleVector.fromArray(S8, p, c1 + r + 24));
        DoubleVector a20 = (DoubleVector) V512.cast(DoubleVector.fromArray(S8, p, c2 + r));
        DoubleVector a21 = (DoubleVector) V512.cast(DoubleVector.fromArray(S8, p, c2 + r + 8));
        DoubleVector a22 = (DoubleVector) V512.cast(DoubleVector.fromArray(S8, p, c2 + r + 16));
        DoubleVector a23 = (DoubleVector) V512.cast(DoubleVector.fromArray(S8, p, c2 + r + 24));
        DoubleVector a30 = (DoubleVector) V512.cast(DoubleVector.fromArray(S8, p, c3 + r));
        DoubleVector a31 = (DoubleVector) V512.cast(DoubleVector.fromArray(S8, p, c3 + r + 8));
        DoubleVector a32 = (DoubleVector) V512.cast(DoubleVector.fromArray(S8, p, c3 + r + 16));
        DoubleVector a33 = (DoubleVector) V512.cast(DoubleVector.fromArray(S8, p, c3 + r + 24));
        for (int q = 0, cq = r, mq = j; q < j; q++, cq += ld, mq += ld) {
            DoubleVector x0 = DoubleVector.fromArray(S8, p, cq);
            DoubleVector x1 = DoubleVector.fromArray(S8, p, cq + 8);
            DoubleVector x2 = DoubleVector.fromArray(S8, p, cq + 16);
            DoubleVector x3 = DoubleVector.fromArray(S8, p, cq + 24);
            DoubleVector b = (DoubleVector) V512.cast(DoubleVector.broadcast(S8, -p[mq]));
            a00 = b.fma(x0, a00);
            a01 = b.fma(x1, a01);
            a02 = b.fma(x2, a02);
            a03 = b.fma(x3, a03);
            b = (DoubleVector) V512.cast(DoubleVector.broadcast(S8, -p[mq + 1]));
            a10 = b.fma(x0, a10);
            a11 = b.fma(x1, a11);
            a12 = b.fma(x2, a12);
            a13 = b.fma(x3, a13);
            b = (DoubleVector) V512.cast(DoubleVector.broadcast(S8, -p[mq + 2]));
            a20 = b.fma(x0, a20);
            a21 = b.fma(x1, a21);
            a22 = b.fma(x2, a22);
            a23 = b.fma(x3, a23);
            b = (DoubleVector) V512.cast(DoubleVector.broadcast(S8, -p[mq + 3]));
            a30 = b.fma(x0, a30);
            a31 = b.fma(x1, a31);
            a32 = b.fma(x2, a32);
            a33 = b.fma(x3, a33);
        }
        ((DoubleVector) V512.cast(a00)).intoArray(p, c0 + r);
        ((DoubleVector) V512.cast(a01)).intoArray(p, c0 + r + 8);
        ((DoubleVector) V512.cast(a02)).intoArray(p, c0 + r + 16);
        ((DoubleVector) V512.cast(a03)).intoArray(p, c0 + r + 24);
        ((DoubleVector) V512.cast(a10)).intoArray(p, c1 + r);
        ((DoubleVector) V512.cast(a11)).intoArray(p, c1 + r + 8);
        ((DoubleVector) V512.cast(a12)).intoArray(p, c1 + r + 16);
        ((DoubleVector) V512.cast(a13)).intoArray(p, c1 + r + 24);
        ((DoubleVector) V512.cast(a20)).intoArray(p, c2 + r);
        ((DoubleVector) V512.cast(a21)).intoArray(p, c2 + r + 8);
        ((DoubleVector) V512.cast(a22)).intoArray(p, c2 + r + 16);
        ((DoubleVector) V512.cast(a23)).intoArray(p, c2 + r + 24);
        ((DoubleVector) V512.cast(a30)).intoArray(p, c3 + r);
        ((DoubleVector) V512.cast(a31)).intoArray(p, c3 + r + 8);
        ((DoubleVector) V512.cast(a32)).intoArray(p, c3 + r + 16);
        ((DoubleVector) V512.cast(a33)).intoArray(p, c3 + r + 24);
        quadTriangle(p, ld, j, r, r + 32);
    }


    /** As {@link #quad32} for rows [r, r+8). */
    private static void quad8(double[] p, int ld, int j, int r) {
        int c0 = j * ld;
        int c1 = c0 + ld;
        int c2 = c1 + ld;
        int c3 = c2 + ld;
        DoubleVector a0 = (DoubleVector) V512.cast(DoubleVector.fromArray(S8, p, c0 + r));
        DoubleVector a1 = (DoubleVector) V512.cast(DoubleVector.fromArray(S8, p, c1 + r));
        DoubleVector a2 = (DoubleVector) V512.cast(DoubleVector.fromArray(S8, p, c2 + r));
        DoubleVector a3 = (DoubleVector) V512.cast(DoubleVector.fromArray(S8, p, c3 + r));
        for (int q = 0, cq = r, mq = j; q < j; q++, cq += ld, mq += ld) {
            DoubleVector x = DoubleVector.fromArray(S8, p, cq);
            a0 = ((DoubleVector) V512.cast(DoubleVector.broadcast(S8, -p[mq]))).fma(x, a0);
            a1 = ((DoubleVector) V512.cast(DoubleVector.broadcast(S8, -p[mq + 1]))).fma(x, a1);
            a2 = ((DoubleVector) V512.cast(DoubleVector.broadcast(S8, -p[mq + 2]))).fma(x, a2);
            a3 = ((DoubleVector) V512.cast(DoubleVector.broadcast(S8, -p[mq + 3]))).fma(x, a3);
        }
        ((DoubleVector) V512.cast(a0)).intoArray(p, c0 + r);
        ((DoubleVector) V512.cast(a1)).intoArray(p, c1 + r);
        ((DoubleVector) V512.cast(a2)).intoArray(p, c2 + r);
        ((DoubleVector) V512.cast(a3)).intoArray(p, c3 + r);
        quadTriangle(p, ld, j, r, r + 8);
    }

    /**
     * Rows [r0, r1) (a multiple of 8) of columns j..j+3, holding the chains over q &lt; j: column j is divided by
     * its pivot, column j+1 takes its q = j term from the new column j and is divided, and so on.
     */
    private static void quadTriangle(double[] p, int ld, int j, int r0, int r1) {
        int c0 = j * ld;
        int c1 = c0 + ld;
        int c2 = c1 + ld;
        int c3 = c2 + ld;
        DoubleVector d0 = DoubleVector.broadcast(S8, p[c0 + j]);
        DoubleVector d1 = DoubleVector.broadcast(S8, p[c1 + j + 1]);
        DoubleVector d2 = DoubleVector.broadcast(S8, p[c2 + j + 2]);
        DoubleVector d3 = DoubleVector.broadcast(S8, p[c3 + j + 3]);
        DoubleVector m01 = (DoubleVector) V512.cast(DoubleVector.broadcast(S8, -p[c0 + j + 1]));
        DoubleVector m02 = (DoubleVector) V512.cast(DoubleVector.broadcast(S8, -p[c0 + j + 2]));
        DoubleVector m12 = (DoubleVector) V512.cast(DoubleVector.broadcast(S8, -p[c1 + j + 2]));
        DoubleVector m03 = (DoubleVector) V512.cast(DoubleVector.broadcast(S8, -p[c0 + j + 3]));
        DoubleVector m13 = (DoubleVector) V512.cast(DoubleVector.broadcast(S8, -p[c1 + j + 3]));
        DoubleVector m23 = (DoubleVector) V512.cast(DoubleVector.broadcast(S8, -p[c2 + j + 3]));
        for (int r = r0; r < r1; r += 8) {
            DoubleVector x0 = (DoubleVector) V512.cast(
                    ((DoubleVector) V512.cast(DoubleVector.fromArray(S8, p, c0 + r))).div(d0));
            x0.intoArray(p, c0 + r);
            DoubleVector x1 = (DoubleVector) V512.cast(
                    ((DoubleVector) V512.cast(m01.fma(x0, DoubleVector.fromArray(S8, p, c1 + r)))).div(d1));
            x1.intoArray(p, c1 + r);
            DoubleVector t2 = (DoubleVector) V512.cast(m02.fma(x0, DoubleVector.fromArray(S8, p, c2 + r)));
            DoubleVector x2 = (DoubleVector) V512.cast(((DoubleVector) V512.cast(m12.fma(x1, t2))).div(d2));
            x2.intoArray(p, c2 + r);
            DoubleVector t3 = (DoubleVector) V512.cast(m03.fma(x0, DoubleVector.fromArray(S8, p, c3 + r)));
            t3 = (DoubleVector) V512.cast(m13.fma(x1, t3));
            t3 = (DoubleVector) V512.cast(m23.fma(x2, t3));
            ((DoubleVector) V512.cast(t3.div(d3))).intoArray(p, c3 + r);
        }
    }

    /**
     * Panel column j for rows [r0, r1): {@code s = P[j][r]; for q < j: s = fma(-P[q][r], P[q][j], s);
     * P[j][r] = s / d} — the reference chain of L[kb+r][kb+j] over k in [kb, kb+j), vectorised over r.
     */
    static void column(double[] p, int ld, int j, double d, int r0, int r1) {
        int cj = j * ld;
        int r = r0;
        DoubleVector dv = DoubleVector.broadcast(S8, d);
        for (; r + 16 <= r1; r += 16) {
            DoubleVector a0 = (DoubleVector) V512.cast(DoubleVector.fromArray(S8, p, cj + r));
            DoubleVector a1 = (DoubleVector) V512.cast(DoubleVector.fromArray(S8, p, cj + r + 8));
            for (int q = 0; q < j; q++) {
                int cq = q * ld + r;
                DoubleVector b = (DoubleVector) V512.cast(DoubleVector.broadcast(S8, -p[q * ld + j]));
                a0 = b.fma(DoubleVector.fromArray(S8, p, cq), a0);
                a1 = b.fma(DoubleVector.fromArray(S8, p, cq + 8), a1);
            }
            ((DoubleVector) V512.cast(((DoubleVector) V512.cast(a0)).div(dv))).intoArray(p, cj + r);
            ((DoubleVector) V512.cast(((DoubleVector) V512.cast(a1)).div(dv))).intoArray(p, cj + r + 8);
        }
        for (; r + 8 <= r1; r += 8) {
            DoubleVector a0 = (DoubleVector) V512.cast(DoubleVector.fromArray(S8, p, cj + r));
            for (int q = 0; q < j; q++) {
                DoubleVector b = (DoubleVector) V512.cast(DoubleVector.broadcast(S8, -p[q * ld + j]));
                a0 = b.fma(DoubleVector.fromArray(S8, p, q * ld + r), a0);
            }
            ((DoubleVector) V512.cast(((DoubleVector) V512.cast(a0)).div(dv))).intoArray(p, cj + r);
        }
        columnScalar(p, ld, j, d, r, r1);
    }

    /** {@link #column} for a few rows, scalar. */
    private static void columnScalar(double[] p, int ld, int j, double d, int r0, int r1) {
        int cj = j * ld;
        for (int r = r0; r < r1; r++) {
            double s = p[cj + r];
            for (int q = 0; q < j; q++) {
                s = Math.fma(-p[q * ld + r], p[q * ld + j], s);
            }
            p[cj + r] = s / d;
        }
    }

    /** {@link #columns} with 256-bit vectors (hardware without 512-bit vectors): the same chains, 4 rows a step. */
    private static void columns256(double[] p, int ld, int j, int cw, int r0, int r1) {
        if (cw < 4) {
            for (int c = j; c < j + cw; c++) {
                column256(p, ld, c, p[c * ld + c], r0, r1);
            }
            return;
        }
        int r = r0;
        for (; r + 4 <= r1; r += 4) {
            quad4(p, ld, j, r);
        }
        if (r < r1) {
            for (int c = j; c < j + 4; c++) {
                columnScalar(p, ld, c, p[c * ld + c], r, r1);
            }
        }
    }

    /** {@link #quad8} for 4 rows with 256-bit vectors. */
    private static void quad4(double[] p, int ld, int j, int r) {
        int c0 = j * ld;
        int c1 = c0 + ld;
        int c2 = c1 + ld;
        int c3 = c2 + ld;
        DoubleVector a0 = (DoubleVector) V256.cast(DoubleVector.fromArray(S, p, c0 + r));
        DoubleVector a1 = (DoubleVector) V256.cast(DoubleVector.fromArray(S, p, c1 + r));
        DoubleVector a2 = (DoubleVector) V256.cast(DoubleVector.fromArray(S, p, c2 + r));
        DoubleVector a3 = (DoubleVector) V256.cast(DoubleVector.fromArray(S, p, c3 + r));
        for (int q = 0, cq = r, mq = j; q < j; q++, cq += ld, mq += ld) {
            DoubleVector x = (DoubleVector) V256.cast(DoubleVector.fromArray(S, p, cq));
            a0 = ((DoubleVector) V256.cast(DoubleVector.broadcast(S, -p[mq]))).fma(x, a0);
            a1 = ((DoubleVector) V256.cast(DoubleVector.broadcast(S, -p[mq + 1]))).fma(x, a1);
            a2 = ((DoubleVector) V256.cast(DoubleVector.broadcast(S, -p[mq + 2]))).fma(x, a2);
            a3 = ((DoubleVector) V256.cast(DoubleVector.broadcast(S, -p[mq + 3]))).fma(x, a3);
        }
        ((DoubleVector) V256.cast(a0)).intoArray(p, c0 + r);
        ((DoubleVector) V256.cast(a1)).intoArray(p, c1 + r);
        ((DoubleVector) V256.cast(a2)).intoArray(p, c2 + r);
        ((DoubleVector) V256.cast(a3)).intoArray(p, c3 + r);
        quadTriangle256(p, ld, j, r, r + 4);
    }

    /** {@link #quadTriangle} with 256-bit vectors; rows [r0, r1) a multiple of 4. */
    private static void quadTriangle256(double[] p, int ld, int j, int r0, int r1) {
        int c0 = j * ld;
        int c1 = c0 + ld;
        int c2 = c1 + ld;
        int c3 = c2 + ld;
        DoubleVector d0 = (DoubleVector) V256.cast(DoubleVector.broadcast(S, p[c0 + j]));
        DoubleVector d1 = (DoubleVector) V256.cast(DoubleVector.broadcast(S, p[c1 + j + 1]));
        DoubleVector d2 = (DoubleVector) V256.cast(DoubleVector.broadcast(S, p[c2 + j + 2]));
        DoubleVector d3 = (DoubleVector) V256.cast(DoubleVector.broadcast(S, p[c3 + j + 3]));
        DoubleVector m01 = (DoubleVector) V256.cast(DoubleVector.broadcast(S, -p[c0 + j + 1]));
        DoubleVector m02 = (DoubleVector) V256.cast(DoubleVector.broadcast(S, -p[c0 + j + 2]));
        DoubleVector m12 = (DoubleVector) V256.cast(DoubleVector.broadcast(S, -p[c1 + j + 2]));
        DoubleVector m03 = (DoubleVector) V256.cast(DoubleVector.broadcast(S, -p[c0 + j + 3]));
        DoubleVector m13 = (DoubleVector) V256.cast(DoubleVector.broadcast(S, -p[c1 + j + 3]));
        DoubleVector m23 = (DoubleVector) V256.cast(DoubleVector.broadcast(S, -p[c2 + j + 3]));
        for (int r = r0; r < r1; r += 4) {
            DoubleVector x0 = (DoubleVector) V256.cast(
                    ((DoubleVector) V256.cast(DoubleVector.fromArray(S, p, c0 + r))).div(d0));
            x0.intoArray(p, c0 + r);
            DoubleVector x1 = (DoubleVector) V256.cast(
                    ((DoubleVector) V256.cast(m01.fma(x0, DoubleVector.fromArray(S, p, c1 + r)))).div(d1));
            x1.intoArray(p, c1 + r);
            DoubleVector t2 = (DoubleVector) V256.cast(m02.fma(x0, DoubleVector.fromArray(S, p, c2 + r)));
            DoubleVector x2 = (DoubleVector) V256.cast(((DoubleVector) V256.cast(m12.fma(x1, t2))).div(d2));
            x2.intoArray(p, c2 + r);
            DoubleVector t3 = (DoubleVector) V256.cast(m03.fma(x0, DoubleVector.fromArray(S, p, c3 + r)));
            t3 = (DoubleVector) V256.cast(m13.fma(x1, t3));
            t3 = (DoubleVector) V256.cast(m23.fma(x2, t3));
            ((DoubleVector) V256.cast(t3.div(d3))).intoArray(p, c3 + r);
        }
    }

    /** {@link #column} with 256-bit vectors. */
    private static void column256(double[] p, int ld, int j, double d, int r0, int r1) {
        int cj = j * ld;
        int r = r0;
        DoubleVector dv = (DoubleVector) V256.cast(DoubleVector.broadcast(S, d));
        for (; r + 8 <= r1; r += 8) {
            DoubleVector a0 = (DoubleVector) V256.cast(DoubleVector.fromArray(S, p, cj + r));
            DoubleVector a1 = (DoubleVector) V256.cast(DoubleVector.fromArray(S, p, cj + r + 4));
            for (int q = 0; q < j; q++) {
                int cq = q * ld + r;
                DoubleVector b = (DoubleVector) V256.cast(DoubleVector.broadcast(S, -p[q * ld + j]));
                a0 = b.fma(DoubleVector.fromArray(S, p, cq), a0);
                a1 = b.fma(DoubleVector.fromArray(S, p, cq + 4), a1);
            }
            ((DoubleVector) V256.cast(((DoubleVector) V256.cast(a0)).div(dv))).intoArray(p, cj + r);
            ((DoubleVector) V256.cast(((DoubleVector) V256.cast(a1)).div(dv))).intoArray(p, cj + r + 4);
        }
        columnScalar(p, ld, j, d, r, r1);
    }

    /** {@link #finiteSum} with 256-bit vectors. */
    private static double finiteSum256(double[] a, int from, int end) {
        DoubleVector zero = (DoubleVector) V256.cast(DoubleVector.zero(S));
        DoubleVector acc0 = zero;
        DoubleVector acc1 = zero;
        int j = from;
        for (; j + 8 <= end; j += 8) {
            acc0 = ((DoubleVector) V256.cast(DoubleVector.fromArray(S, a, j))).fma(zero, acc0);
            acc1 = ((DoubleVector) V256.cast(DoubleVector.fromArray(S, a, j + 4))).fma(zero, acc1);
        }
        DoubleVector acc = ((DoubleVector) V256.cast(acc0)).add(acc1);
        double s = acc.lane(0) + acc.lane(1) + acc.lane(2) + acc.lane(3);
        for (; j < end; j++) {
            s = Math.fma(a[j], 0.0, s);
        }
        return s;
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
        if (!WIDE) {
            return finiteSum256(a, from, end);
        }
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
