package dev.zeroloss.engine;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Fast triangular solves with many right-hand sides, equal to {@link CholeskyReference#solveLower} and
 * {@link CholeskyReference#solveLowerTransposed} bit for bit. Only the lower triangle of L is read.
 *
 * <p>Left-looking by row blocks. For the forward solve, outer block [i0, i1) first receives
 * {@code X_blk -= L[i0:i1, 0:i0]·X[0:i0]} through {@link GemmKernel#update} (one chain in increasing k,
 * continued from B). The block is then halved recursively (top half solved, one GEMM update of the bottom
 * half by the top half, bottom half solved) down to a few rows, which a vector kernel finishes row by row,
 * continuing each chain over the remaining k and dividing by L[i][i]; that kernel is vectorised over
 * right-hand-side columns (one lane = one column's chain). The backward solve is the mirror image: blocks
 * from the bottom, the GEMM updates walk the solved rows with negative strides (k decreasing), as the
 * reference does.
 *
 * <p>Few right-hand sides (at most {@link #TILE_MAX_RHS} columns, e.g. the paper's 37) take a different path
 * with the same chains: the columns are cut into tiles of {@value #TILE} (three 512-bit vectors), each tile is
 * one pool task that copies its columns into a private buffer, solves them there row block by row block
 * (8 rows: every term p outside the block in reference order, from registers, then the in-block triangle)
 * and copies them back. L is read in place, so the whole solve is one dispatch.
 *
 * <p>Not thread-safe; the in-block part runs over column chunks on the pool of the {@link GemmKernel}
 * (one column is always computed wholly by one task, so the thread count never changes a bit).
 */
public final class Triangular {
    static final VectorSpecies<Double> S = DoubleVector.SPECIES_256;
    static final int V = 4;
    static final VectorSpecies<Double> S8 = DoubleVector.SPECIES_512;
    /** Exact vector classes: every receiver is cast to them so that JDK 17 binds statically (see GemmKernel.V256). */
    private static final Class<?> V256 = S.vectorType();
    private static final Class<?> V512 = S8.vectorType();
    /** Columns of one tile of the few-right-hand-sides path (three 8-lane vectors per row). */
    static final int TILE = 24;
    /** At most this many right-hand sides take the tile path (each tile streams L once). */
    static final int TILE_MAX_RHS = 96;
    /** Row block height of the outer (left-looking) GEMM updates. */
    static final int DEFAULT_BLOCK = 256;
    /** Blocks are halved (a GEMM update between the halves) down to this height for the vector kernel. */
    static final int DEFAULT_BASE = 32;
    /** Column width of the GEMM updates in the triangular inverse (trims the exact-zero part of L⁻¹). */
    static final int INVERSE_COLUMNS = 128;
    private static final int COL_GROUP = 4 * V;
    /** In-block work (fmas) below which the block runs on the caller alone. */
    private static final long PARALLEL_WORK = 1L << 17;

    private final GemmKernel gemm;
    private final WorkerPool pool;
    private final int block;
    private final int base;
    /** Right-hand-side count up to which the tile path runs (tests set 0 to exercise the blocked path). */
    int tileMaxRhs = GemmKernel.WIDE ? TILE_MAX_RHS : 0; // the tile kernels are 512-bit only (see Cholesky.WIDE)
    private double[] tileBuf = new double[0];
    private final WorkerPool.Task forwardTileTask = (t, w) -> tile(t, true);
    private final WorkerPool.Task backwardTileTask = (t, w) -> tile(t, false);

    // Parameters of the running in-block job (read by the tasks; no per-call allocation).
    private double[] jl;
    private double[] jx;
    private int jn;
    private int jld;
    private int ji0;
    private int ji1;
    private int jc0;
    private int jc1;
    private int jGroupsPerTask;
    private final WorkerPool.Task forwardTask = (t, w) -> {
        int c0 = jc0 + t * jGroupsPerTask * COL_GROUP;
        forwardBlock(jl, jn, jx, jld, ji0, ji1, c0, Math.min(jc1, c0 + jGroupsPerTask * COL_GROUP));
    };
    private final WorkerPool.Task backwardTask = (t, w) -> {
        int c0 = jc0 + t * jGroupsPerTask * COL_GROUP;
        backwardBlock(jl, jn, jx, jld, ji0, ji1, c0, Math.min(jc1, c0 + jGroupsPerTask * COL_GROUP));
    };

    public Triangular(WorkerPool pool) {
        this(new GemmKernel(pool));
    }

    public Triangular(GemmKernel gemm) {
        this(gemm, DEFAULT_BLOCK, DEFAULT_BASE);
    }

    /** With an explicit row block height (tests use small ones to get many blocks on small matrices). */
    Triangular(GemmKernel gemm, int block, int base) {
        if (block < 1 || base < 1) {
            throw new IllegalArgumentException("Triangular: block sizes " + block + "/" + base + " must be >= 1");
        }
        this.base = base;
        this.gemm = gemm;
        this.pool = gemm.pool();
        this.block = block;
    }

    /** X with L·X = B. */
    public Mat solveLower(Mat l, Mat b) {
        checkSolve("Triangular.solveLower", l, b);
        Mat x = new Mat(b.rows, b.cols);
        solveLower(l, b, x);
        return x;
    }

    /** X with Lᵀ·X = B. */
    public Mat solveLowerTransposed(Mat l, Mat b) {
        checkSolve("Triangular.solveLowerTransposed", l, b);
        Mat x = new Mat(b.rows, b.cols);
        solveLowerTransposed(l, b, x);
        return x;
    }

    /** L·X = B into the caller-owned X (same shape as B; X may be B itself, must not alias L). */
    public void solveLower(Mat l, Mat b, Mat x) {
        String op = "Triangular.solveLower";
        checkSolve(op, l, b, x);
        if (x.data != b.data) {
            System.arraycopy(b.data, 0, x.data, 0, b.data.length);
        }
        forwardRaw(l.data, l.rows, x.data, b.cols);
    }

    /** Lᵀ·X = B into the caller-owned X (same shape as B; X may be B itself, must not alias L). */
    public void solveLowerTransposed(Mat l, Mat b, Mat x) {
        String op = "Triangular.solveLowerTransposed";
        checkSolve(op, l, b, x);
        if (x.data != b.data) {
            System.arraycopy(b.data, 0, x.data, 0, b.data.length);
        }
        backwardRaw(l.data, l.rows, x.data, b.cols);
    }

    /** L⁻¹ (lower triangular, strict upper +0.0) into the caller-owned {@code m}: equals solveLower(L, I). */
    public void inverseLower(Mat l, Mat m) {
        String op = "Triangular.inverseLower";
        Checks.requireSquare(op, "L", l);
        Checks.requireShape(op, "M", m, l.rows, l.rows);
        Checks.requireDistinct(op, m, l, "L");
        checkLower(op, l.data, l.rows);
        inverseLowerRaw(l.data, l.rows, m.data);
    }

    private static void checkSolve(String op, Mat l, Mat b) {
        Checks.requireSquare(op, "L", l);
        if (b.rows != l.rows) {
            throw new ShapeMismatchException(op + ": L " + l.shape() + ", B " + b.shape());
        }
    }

    private static void checkSolve(String op, Mat l, Mat b, Mat x) {
        checkSolve(op, l, b);
        if (!x.sameShape(b)) {
            throw new ShapeMismatchException(op + ": L " + l.shape() + ", B " + b.shape() + ", X " + x.shape());
        }
        Checks.requireDistinct(op, x, l, "L");
        checkLower(op, l.data, l.rows);
        Checks.requireFinite(op, "B", b);
    }

    /** Lower triangle finite, diagonal non-zero (a zero pivot would give a silent inf/NaN). */
    static void checkLower(String op, double[] l, int n) {
        Cholesky.requireFiniteLower(op, "L", l, n);
        for (int i = 0; i < n; i++) {
            if (l[i * n + i] == 0.0) {
                throw new ArithmeticException(op + ": L (" + n + "x" + n + ") is singular: L[" + i + "][" + i
                        + "] = 0");
            }
        }
    }

    /** In place: x (n×r, row-major) holds B on entry and X with L·X = B on exit. */
    void forwardRaw(double[] l, int n, double[] x, int r) {
        if (r <= tileMaxRhs) {
            tiles(l, n, x, r, true);
            return;
        }
        for (int i0 = 0; i0 < n; i0 += block) {
            int i1 = Math.min(n, i0 + block);
            if (i0 > 0) {
                gemm.update(i1 - i0, r, i0, true, false,
                        l, i0 * n, n, 1,
                        x, 0, r, 1,
                        x, i0 * r, r);
            }
            forwardRec(l, n, x, r, i0, i1, 0, r, false);
        }
    }

    /** In place: x (n×r, row-major) holds B on entry and X with Lᵀ·X = B on exit. */
    void backwardRaw(double[] l, int n, double[] x, int r) {
        if (n == 0) {
            return;
        }
        if (r <= tileMaxRhs) {
            tiles(l, n, x, r, false);
            return;
        }
        for (int i0 = (n - 1) / block * block; i0 >= 0; i0 -= block) {
            int i1 = Math.min(n, i0 + block);
            if (i1 < n) {
                // A(i,p) = L[n-1-p][i0+i], B(p,j) = X[n-1-p][j]: k runs n-1 down to i1.
                gemm.update(i1 - i0, r, n - i1, true, false,
                        l, (n - 1) * n + i0, 1, -n,
                        x, (n - 1) * r, -r, 1,
                        x, i0 * r, r);
            }
            backwardRec(l, n, x, r, i0, i1, 0, r);
        }
    }

    /**
     * m (n×n) ← L⁻¹ = forward(L, I). The terms with X[p][c] = +0.0 (p &lt; c) that a chain meets before its
     * first non-zero term leave it at +0.0 exactly, so the GEMM updates only start at the column block.
     */
    void inverseLowerRaw(double[] l, int n, double[] m) {
        java.util.Arrays.fill(m, 0, n * n, 0.0);
        for (int i = 0; i < n; i++) {
            m[i * n + i] = 1.0;
        }
        for (int i0 = 0; i0 < n; i0 += block) {
            int i1 = Math.min(n, i0 + block);
            for (int c0 = 0; c0 < i0; c0 += INVERSE_COLUMNS) {
                int c1 = Math.min(i0, c0 + INVERSE_COLUMNS);
                // Columns [c0, c1): terms p in [c0, i0); the skipped p < c0 multiply exact zeros.
                gemm.update(i1 - i0, c1 - c0, i0 - c0, true, false,
                        l, i0 * n + c0, n, 1,
                        m, c0 * n + c0, n, 1,
                        m, i0 * n + c0, n);
            }
            // Columns >= i1 of these rows stay +0.0, as the reference computes them.
            forwardRec(l, n, m, n, i0, i1, 0, i1, true);
        }
    }

    // ---------------------------------------------------------------- few right-hand sides: column tiles

    /** Solves x (n×r) in place, one pool task per tile of TILE columns. */
    private void tiles(double[] l, int n, double[] x, int r, boolean forward) {
        if (n == 0 || r == 0) {
            return;
        }
        int count = (r + TILE - 1) / TILE;
        long need = (long) count * n * TILE;
        if (need > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("Triangular: workspace of " + need + " doubles exceeds the array limit");
        }
        if (tileBuf.length < need) {
            tileBuf = new double[(int) need];
        }
        jl = l;
        jx = x;
        jn = n;
        jld = r;
        try {
            if (count == 1 || pool.threads() == 1) {
                for (int t = 0; t < count; t++) {
                    tile(t, forward);
                }
            } else {
                pool.run(count, forward ? forwardTileTask : backwardTileTask);
            }
        } finally {
            jl = null;
            jx = null;
        }
    }

    /** Tile t: columns [24t, 24t+24) ∩ [0, r) copied into the private rows of tileBuf (zero padded), solved, copied back. */
    private void tile(int t, boolean forward) {
        double[] l = jl;
        double[] x = jx;
        int n = jn;
        int r = jld;
        double[] y = tileBuf;
        int c0 = t * TILE;
        int cw = Math.min(TILE, r - c0);
        int yo = t * n * TILE;
        int full = cw & ~7;
        for (int i = 0; i < n; i++) {
            int xi = i * r + c0;
            int yi = yo + i * TILE;
            int c = 0;
            for (; c < full; c += 8) {
                ((DoubleVector) V512.cast(DoubleVector.fromArray(S8, x, xi + c))).intoArray(y, yi + c);
            }
            for (; c < cw; c++) {
                y[yi + c] = x[xi + c];
            }
            for (; c < TILE; c++) {
                y[yi + c] = 0.0; // padding lanes: chains of zeros stay zero (finite)
            }
        }
        if (forward) {
            int h = n & 7;
            forwardTriangle(l, n, y, yo, 0, h);
            for (int i0 = h; i0 < n; i0 += 8) {
                forwardRows8(l, n, y, yo, i0);
            }
        } else {
            int top = n & ~7;
            backwardTriangle(l, n, y, yo, top, n);
            for (int i0 = top - 8; i0 >= 0; i0 -= 8) {
                backwardRows8(l, n, y, yo, i0);
            }
        }
        for (int i = 0; i < n; i++) {
            int xi = i * r + c0;
            int yi = yo + i * TILE;
            int c = 0;
            for (; c < full; c += 8) {
                ((DoubleVector) V512.cast(DoubleVector.fromArray(S8, y, yi + c))).intoArray(x, xi + c);
            }
            for (; c < cw; c++) {
                x[xi + c] = y[yi + c];
            }
        }
    }

    /**
     * Rows [i0, i1) of a tile, one after another: each row's chain continues over p in [i0, i) (increasing)
     * from the partial sum in the buffer, then is divided by L[i][i].
     */
    private static void forwardTriangle(double[] l, int n, double[] y, int yo, int i0, int i1) {
        for (int i = i0; i < i1; i++) {
            int li = i * n;
            int yi = yo + i * TILE;
            DoubleVector a0 = (DoubleVector) V512.cast(DoubleVector.fromArray(S8, y, yi));
            DoubleVector a1 = (DoubleVector) V512.cast(DoubleVector.fromArray(S8, y, yi + 8));
            DoubleVector a2 = (DoubleVector) V512.cast(DoubleVector.fromArray(S8, y, yi + 16));
            for (int p = i0, yp = yo + i0 * TILE; p < i; p++, yp += TILE) {
                DoubleVector x = (DoubleVector) V512.cast(DoubleVector.broadcast(S8, -l[li + p]));
                a0 = x.fma(DoubleVector.fromArray(S8, y, yp), a0);
                a1 = x.fma(DoubleVector.fromArray(S8, y, yp + 8), a1);
                a2 = x.fma(DoubleVector.fromArray(S8, y, yp + 16), a2);
            }
            DoubleVector d = DoubleVector.broadcast(S8, l[li + i]);
            ((DoubleVector) V512.cast(((DoubleVector) V512.cast(a0)).div(d))).intoArray(y, yi);
            ((DoubleVector) V512.cast(((DoubleVector) V512.cast(a1)).div(d))).intoArray(y, yi + 8);
            ((DoubleVector) V512.cast(((DoubleVector) V512.cast(a2)).div(d))).intoArray(y, yi + 16);
        }
    }

    /**
     * Rows i1-1 down to i0 of a tile: each row's chain continues over p = i1-1 down to i+1 from the partial
     * sum in the buffer, then is divided by L[i][i].
     */
    private static void backwardTriangle(double[] l, int n, double[] y, int yo, int i0, int i1) {
        for (int i = i1 - 1; i >= i0; i--) {
            int yi = yo + i * TILE;
            DoubleVector a0 = (DoubleVector) V512.cast(DoubleVector.fromArray(S8, y, yi));
            DoubleVector a1 = (DoubleVector) V512.cast(DoubleVector.fromArray(S8, y, yi + 8));
            DoubleVector a2 = (DoubleVector) V512.cast(DoubleVector.fromArray(S8, y, yi + 16));
            for (int p = i1 - 1, yp = yo + p * TILE; p > i; p--, yp -= TILE) {
                DoubleVector x = (DoubleVector) V512.cast(DoubleVector.broadcast(S8, -l[p * n + i]));
                a0 = x.fma(DoubleVector.fromArray(S8, y, yp), a0);
                a1 = x.fma(DoubleVector.fromArray(S8, y, yp + 8), a1);
                a2 = x.fma(DoubleVector.fromArray(S8, y, yp + 16), a2);
            }
            DoubleVector d = DoubleVector.broadcast(S8, l[i * n + i]);
            ((DoubleVector) V512.cast(((DoubleVector) V512.cast(a0)).div(d))).intoArray(y, yi);
            ((DoubleVector) V512.cast(((DoubleVector) V512.cast(a1)).div(d))).intoArray(y, yi + 8);
            ((DoubleVector) V512.cast(((DoubleVector) V512.cast(a2)).div(d))).intoArray(y, yi + 16);
        }
    }

    /** Rows [i0, i0+8) of a 24-column tile: the terms p in [0, i0) in increasing p, then the in-block triangle. */
    private static void forwardRows8(double[] l, int n, double[] y, int yo, int i0) {
        int l0 = i0 * n;
        int l1 = l0 + n;
        int l2 = l1 + n;
        int l3 = l2 + n;
        int l4 = l3 + n;
        int l5 = l4 + n;
        int l6 = l5 + n;
        int l7 = l6 + n;
        int y0 = yo + i0 * TILE;
        DoubleVector a00 = (DoubleVector) V512.cast(DoubleVector.fromArray(S8, y, y0));
        DoubleVector a01 = (DoubleVector) V512.cast(DoubleVector.fromArray(S8, y, y0 + 8));
        DoubleVector a02 = (DoubleVector) V512.cast(DoubleVector.fromArray(S8, y, y0 + 16));
        DoubleVector a10 = (DoubleVector) V512.cast(DoubleVector.fromArray(S8, y, y0 + 24));
        DoubleVector a11 = (DoubleVector) V512.cast(DoubleVector.fromArray(S8, y, y0 + 32));
        DoubleVector a12 = (DoubleVector) V512.cast(DoubleVector.fromArray(S8, y, y0 + 40));
        DoubleVector a20 = (DoubleVector) V512.cast(DoubleVector.fromArray(S8, y, y0 + 48));
        DoubleVector a21 = (DoubleVector) V512.cast(DoubleVector.fromArray(S8, y, y0 + 56));
        DoubleVector a22 = (DoubleVector) V512.cast(DoubleVector.fromArray(S8, y, y0 + 64));
        DoubleVector a30 = (DoubleVector) V512.cast(DoubleVector.fromArray(S8, y, y0 + 72));
        DoubleVector a31 = (DoubleVector) V512.cast(DoubleVector.fromArray(S8, y, y0 + 80));
        DoubleVector a32 = (DoubleVector) V512.cast(DoubleVector.fromArray(S8, y, y0 + 88));
        DoubleVector a40 = (DoubleVector) V512.cast(DoubleVector.fromArray(S8, y, y0 + 96));
        DoubleVector a41 = (DoubleVector) V512.cast(DoubleVector.fromArray(S8, y, y0 + 104));
        DoubleVector a42 = (DoubleVector) V512.cast(DoubleVector.fromArray(S8, y, y0 + 112));
        DoubleVector a50 = (DoubleVector) V512.cast(DoubleVector.fromArray(S8, y, y0 + 120));
        DoubleVector a51 = (DoubleVector) V512.cast(DoubleVector.fromArray(S8, y, y0 + 128));
        DoubleVector a52 = (DoubleVector) V512.cast(DoubleVector.fromArray(S8, y, y0 + 136));
        DoubleVector a60 = (DoubleVector) V512.cast(DoubleVector.fromArray(S8, y, y0 + 144));
        DoubleVector a61 = (DoubleVector) V512.cast(DoubleVector.fromArray(S8, y, y0 + 152));
        DoubleVector a62 = (DoubleVector) V512.cast(DoubleVector.fromArray(S8, y, y0 + 160));
        DoubleVector a70 = (DoubleVector) V512.cast(DoubleVector.fromArray(S8, y, y0 + 168));
        DoubleVector a71 = (DoubleVector) V512.cast(DoubleVector.fromArray(S8, y, y0 + 176));
        DoubleVector a72 = (DoubleVector) V512.cast(DoubleVector.fromArray(S8, y, y0 + 184));
        for (int p = 0, yp = yo; p < i0; p++, yp += TILE) {
            DoubleVector b0 = DoubleVector.fromArray(S8, y, yp);
            DoubleVector b1 = DoubleVector.fromArray(S8, y, yp + 8);
            DoubleVector b2 = DoubleVector.fromArray(S8, y, yp + 16);
            DoubleVector x = (DoubleVector) V512.cast(DoubleVector.broadcast(S8, -l[l0 + p]));
            a00 = x.fma(b0, a00);
            a01 = x.fma(b1, a01);
            a02 = x.fma(b2, a02);
            x = (DoubleVector) V512.cast(DoubleVector.broadcast(S8, -l[l1 + p]));
            a10 = x.fma(b0, a10);
            a11 = x.fma(b1, a11);
            a12 = x.fma(b2, a12);
            x = (DoubleVector) V512.cast(DoubleVector.broadcast(S8, -l[l2 + p]));
            a20 = x.fma(b0, a20);
            a21 = x.fma(b1, a21);
            a22 = x.fma(b2, a22);
            x = (DoubleVector) V512.cast(DoubleVector.broadcast(S8, -l[l3 + p]));
            a30 = x.fma(b0, a30);
            a31 = x.fma(b1, a31);
            a32 = x.fma(b2, a32);
            x = (DoubleVector) V512.cast(DoubleVector.broadcast(S8, -l[l4 + p]));
            a40 = x.fma(b0, a40);
            a41 = x.fma(b1, a41);
            a42 = x.fma(b2, a42);
            x = (DoubleVector) V512.cast(DoubleVector.broadcast(S8, -l[l5 + p]));
            a50 = x.fma(b0, a50);
            a51 = x.fma(b1, a51);
            a52 = x.fma(b2, a52);
            x = (DoubleVector) V512.cast(DoubleVector.broadcast(S8, -l[l6 + p]));
            a60 = x.fma(b0, a60);
            a61 = x.fma(b1, a61);
            a62 = x.fma(b2, a62);
            x = (DoubleVector) V512.cast(DoubleVector.broadcast(S8, -l[l7 + p]));
            a70 = x.fma(b0, a70);
            a71 = x.fma(b1, a71);
            a72 = x.fma(b2, a72);
        }
        ((DoubleVector) V512.cast(a00)).intoArray(y, y0);
        ((DoubleVector) V512.cast(a01)).intoArray(y, y0 + 8);
        ((DoubleVector) V512.cast(a02)).intoArray(y, y0 + 16);
        ((DoubleVector) V512.cast(a10)).intoArray(y, y0 + 24);
        ((DoubleVector) V512.cast(a11)).intoArray(y, y0 + 32);
        ((DoubleVector) V512.cast(a12)).intoArray(y, y0 + 40);
        ((DoubleVector) V512.cast(a20)).intoArray(y, y0 + 48);
        ((DoubleVector) V512.cast(a21)).intoArray(y, y0 + 56);
        ((DoubleVector) V512.cast(a22)).intoArray(y, y0 + 64);
        ((DoubleVector) V512.cast(a30)).intoArray(y, y0 + 72);
        ((DoubleVector) V512.cast(a31)).intoArray(y, y0 + 80);
        ((DoubleVector) V512.cast(a32)).intoArray(y, y0 + 88);
        ((DoubleVector) V512.cast(a40)).intoArray(y, y0 + 96);
        ((DoubleVector) V512.cast(a41)).intoArray(y, y0 + 104);
        ((DoubleVector) V512.cast(a42)).intoArray(y, y0 + 112);
        ((DoubleVector) V512.cast(a50)).intoArray(y, y0 + 120);
        ((DoubleVector) V512.cast(a51)).intoArray(y, y0 + 128);
        ((DoubleVector) V512.cast(a52)).intoArray(y, y0 + 136);
        ((DoubleVector) V512.cast(a60)).intoArray(y, y0 + 144);
        ((DoubleVector) V512.cast(a61)).intoArray(y, y0 + 152);
        ((DoubleVector) V512.cast(a62)).intoArray(y, y0 + 160);
        ((DoubleVector) V512.cast(a70)).intoArray(y, y0 + 168);
        ((DoubleVector) V512.cast(a71)).intoArray(y, y0 + 176);
        ((DoubleVector) V512.cast(a72)).intoArray(y, y0 + 184);
        forwardTriangle(l, n, y, yo, i0, i0 + 8);
    }

    /** Rows [i0, i0+8) of a 24-column tile: the terms p = n-1 down to i0+8, then the in-block triangle. */
    private static void backwardRows8(double[] l, int n, double[] y, int yo, int i0) {
        int y0 = yo + i0 * TILE;
        DoubleVector a00 = (DoubleVector) V512.cast(DoubleVector.fromArray(S8, y, y0));
        DoubleVector a01 = (DoubleVector) V512.cast(DoubleVector.fromArray(S8, y, y0 + 8));
        DoubleVector a02 = (DoubleVector) V512.cast(DoubleVector.fromArray(S8, y, y0 + 16));
        DoubleVector a10 = (DoubleVector) V512.cast(DoubleVector.fromArray(S8, y, y0 + 24));
        DoubleVector a11 = (DoubleVector) V512.cast(DoubleVector.fromArray(S8, y, y0 + 32));
        DoubleVector a12 = (DoubleVector) V512.cast(DoubleVector.fromArray(S8, y, y0 + 40));
        DoubleVector a20 = (DoubleVector) V512.cast(DoubleVector.fromArray(S8, y, y0 + 48));
        DoubleVector a21 = (DoubleVector) V512.cast(DoubleVector.fromArray(S8, y, y0 + 56));
        DoubleVector a22 = (DoubleVector) V512.cast(DoubleVector.fromArray(S8, y, y0 + 64));
        DoubleVector a30 = (DoubleVector) V512.cast(DoubleVector.fromArray(S8, y, y0 + 72));
        DoubleVector a31 = (DoubleVector) V512.cast(DoubleVector.fromArray(S8, y, y0 + 80));
        DoubleVector a32 = (DoubleVector) V512.cast(DoubleVector.fromArray(S8, y, y0 + 88));
        DoubleVector a40 = (DoubleVector) V512.cast(DoubleVector.fromArray(S8, y, y0 + 96));
        DoubleVector a41 = (DoubleVector) V512.cast(DoubleVector.fromArray(S8, y, y0 + 104));
        DoubleVector a42 = (DoubleVector) V512.cast(DoubleVector.fromArray(S8, y, y0 + 112));
        DoubleVector a50 = (DoubleVector) V512.cast(DoubleVector.fromArray(S8, y, y0 + 120));
        DoubleVector a51 = (DoubleVector) V512.cast(DoubleVector.fromArray(S8, y, y0 + 128));
        DoubleVector a52 = (DoubleVector) V512.cast(DoubleVector.fromArray(S8, y, y0 + 136));
        DoubleVector a60 = (DoubleVector) V512.cast(DoubleVector.fromArray(S8, y, y0 + 144));
        DoubleVector a61 = (DoubleVector) V512.cast(DoubleVector.fromArray(S8, y, y0 + 152));
        DoubleVector a62 = (DoubleVector) V512.cast(DoubleVector.fromArray(S8, y, y0 + 160));
        DoubleVector a70 = (DoubleVector) V512.cast(DoubleVector.fromArray(S8, y, y0 + 168));
        DoubleVector a71 = (DoubleVector) V512.cast(DoubleVector.fromArray(S8, y, y0 + 176));
        DoubleVector a72 = (DoubleVector) V512.cast(DoubleVector.fromArray(S8, y, y0 + 184));
        for (int p = n - 1, yp = yo + p * TILE, lp = p * n + i0; p >= i0 + 8; p--, yp -= TILE, lp -= n) {
            DoubleVector b0 = DoubleVector.fromArray(S8, y, yp);
            DoubleVector b1 = DoubleVector.fromArray(S8, y, yp + 8);
            DoubleVector b2 = DoubleVector.fromArray(S8, y, yp + 16);
            DoubleVector x = (DoubleVector) V512.cast(DoubleVector.broadcast(S8, -l[lp]));
            a00 = x.fma(b0, a00);
            a01 = x.fma(b1, a01);
            a02 = x.fma(b2, a02);
            x = (DoubleVector) V512.cast(DoubleVector.broadcast(S8, -l[lp + 1]));
            a10 = x.fma(b0, a10);
            a11 = x.fma(b1, a11);
            a12 = x.fma(b2, a12);
            x = (DoubleVector) V512.cast(DoubleVector.broadcast(S8, -l[lp + 2]));
            a20 = x.fma(b0, a20);
            a21 = x.fma(b1, a21);
            a22 = x.fma(b2, a22);
            x = (DoubleVector) V512.cast(DoubleVector.broadcast(S8, -l[lp + 3]));
            a30 = x.fma(b0, a30);
            a31 = x.fma(b1, a31);
            a32 = x.fma(b2, a32);
            x = (DoubleVector) V512.cast(DoubleVector.broadcast(S8, -l[lp + 4]));
            a40 = x.fma(b0, a40);
            a41 = x.fma(b1, a41);
            a42 = x.fma(b2, a42);
            x = (DoubleVector) V512.cast(DoubleVector.broadcast(S8, -l[lp + 5]));
            a50 = x.fma(b0, a50);
            a51 = x.fma(b1, a51);
            a52 = x.fma(b2, a52);
            x = (DoubleVector) V512.cast(DoubleVector.broadcast(S8, -l[lp + 6]));
            a60 = x.fma(b0, a60);
            a61 = x.fma(b1, a61);
            a62 = x.fma(b2, a62);
            x = (DoubleVector) V512.cast(DoubleVector.broadcast(S8, -l[lp + 7]));
            a70 = x.fma(b0, a70);
            a71 = x.fma(b1, a71);
            a72 = x.fma(b2, a72);
        }
        ((DoubleVector) V512.cast(a00)).intoArray(y, y0);
        ((DoubleVector) V512.cast(a01)).intoArray(y, y0 + 8);
        ((DoubleVector) V512.cast(a02)).intoArray(y, y0 + 16);
        ((DoubleVector) V512.cast(a10)).intoArray(y, y0 + 24);
        ((DoubleVector) V512.cast(a11)).intoArray(y, y0 + 32);
        ((DoubleVector) V512.cast(a12)).intoArray(y, y0 + 40);
        ((DoubleVector) V512.cast(a20)).intoArray(y, y0 + 48);
        ((DoubleVector) V512.cast(a21)).intoArray(y, y0 + 56);
        ((DoubleVector) V512.cast(a22)).intoArray(y, y0 + 64);
        ((DoubleVector) V512.cast(a30)).intoArray(y, y0 + 72);
        ((DoubleVector) V512.cast(a31)).intoArray(y, y0 + 80);
        ((DoubleVector) V512.cast(a32)).intoArray(y, y0 + 88);
        ((DoubleVector) V512.cast(a40)).intoArray(y, y0 + 96);
        ((DoubleVector) V512.cast(a41)).intoArray(y, y0 + 104);
        ((DoubleVector) V512.cast(a42)).intoArray(y, y0 + 112);
        ((DoubleVector) V512.cast(a50)).intoArray(y, y0 + 120);
        ((DoubleVector) V512.cast(a51)).intoArray(y, y0 + 128);
        ((DoubleVector) V512.cast(a52)).intoArray(y, y0 + 136);
        ((DoubleVector) V512.cast(a60)).intoArray(y, y0 + 144);
        ((DoubleVector) V512.cast(a61)).intoArray(y, y0 + 152);
        ((DoubleVector) V512.cast(a62)).intoArray(y, y0 + 160);
        ((DoubleVector) V512.cast(a70)).intoArray(y, y0 + 168);
        ((DoubleVector) V512.cast(a71)).intoArray(y, y0 + 176);
        ((DoubleVector) V512.cast(a72)).intoArray(y, y0 + 184);
        backwardTriangle(l, n, y, yo, i0, i0 + 8);
    }


    /**
     * Finishes rows [i0, i1) (their chains already hold every term p &lt; i0): halves the block, solves the top
     * half, applies its rows to the bottom half with one GEMM update (terms p in [i0, im), increasing), solves
     * the bottom half. With {@code unitTriangularRhs} (L⁻¹: X[p][c] = +0.0 for c &gt; p) the update skips the
     * columns c ≥ im, whose terms would all be products with those zeros.
     */
    private void forwardRec(double[] l, int n, double[] x, int ld, int i0, int i1, int c0, int c1,
                            boolean unitTriangularRhs) {
        if (i1 - i0 <= base) {
            inBlock(true, l, n, x, ld, i0, i1, c0, c1);
            return;
        }
        int im = i0 + (i1 - i0) / 2;
        forwardRec(l, n, x, ld, i0, im, c0, unitTriangularRhs ? Math.min(c1, im) : c1, unitTriangularRhs);
        int ce = unitTriangularRhs ? Math.min(c1, im) : c1;
        if (ce > c0) {
            gemm.update(i1 - im, ce - c0, im - i0, true, false,
                    l, im * n + i0, n, 1,
                    x, i0 * ld + c0, ld, 1,
                    x, im * ld + c0, ld);
        }
        forwardRec(l, n, x, ld, im, i1, c0, c1, unitTriangularRhs);
    }

    /** The backward mirror of {@link #forwardRec}: bottom half first, then terms p = i1-1 down to im on the top. */
    private void backwardRec(double[] l, int n, double[] x, int ld, int i0, int i1, int c0, int c1) {
        if (i1 - i0 <= base) {
            inBlock(false, l, n, x, ld, i0, i1, c0, c1);
            return;
        }
        int im = i0 + (i1 - i0) / 2;
        backwardRec(l, n, x, ld, im, i1, c0, c1);
        gemm.update(im - i0, c1 - c0, i1 - im, true, false,
                l, (i1 - 1) * n + i0, 1, -n,
                x, (i1 - 1) * ld + c0, -ld, 1,
                x, i0 * ld + c0, ld);
        backwardRec(l, n, x, ld, i0, im, c0, c1);
    }

    private void inBlock(boolean forward, double[] l, int n, double[] x, int ld, int i0, int i1, int c0, int c1) {
        int groups = (c1 - c0 + COL_GROUP - 1) / COL_GROUP;
        int threads = pool.threads();
        long work = (long) (i1 - i0) * (i1 - i0) * (c1 - c0) / 2;
        if (threads == 1 || groups < 2 || work < PARALLEL_WORK) { // a dispatch costs more than small blocks
            if (forward) {
                forwardBlock(l, n, x, ld, i0, i1, c0, c1);
            } else {
                backwardBlock(l, n, x, ld, i0, i1, c0, c1);
            }
            return;
        }
        int tasks = Math.min(groups, 4 * threads);
        jGroupsPerTask = (groups + tasks - 1) / tasks;
        tasks = (groups + jGroupsPerTask - 1) / jGroupsPerTask;
        jl = l;
        jx = x;
        jn = n;
        jld = ld;
        ji0 = i0;
        ji1 = i1;
        jc0 = c0;
        jc1 = c1;
        pool.run(tasks, forward ? forwardTask : backwardTask);
        jl = null;
        jx = null;
    }

    /** Rows [i0, i1), columns [c0, c1): s = X[i][c]; for p in [i0, i): s = fma(-L[i][p], X[p][c], s); X[i][c] = s / L[i][i]. */
    static void forwardBlock(double[] l, int n, double[] x, int ld, int i0, int i1, int c0, int c1) {
        int c = c0;
        for (; c + 4 * V <= c1; c += 4 * V) {
            int i = i0;
            for (; i + 1 < i1; i += 2) {
                forwardPair(l, n, x, ld, i0, i, c);
            }
            for (; i < i1; i++) {
                int li = i * n;
                int xi = i * ld + c;
                DoubleVector a0 = (DoubleVector) V256.cast(DoubleVector.fromArray(S, x, xi));
                DoubleVector a1 = (DoubleVector) V256.cast(DoubleVector.fromArray(S, x, xi + V));
                DoubleVector a2 = (DoubleVector) V256.cast(DoubleVector.fromArray(S, x, xi + 2 * V));
                DoubleVector a3 = (DoubleVector) V256.cast(DoubleVector.fromArray(S, x, xi + 3 * V));
                for (int p = i0; p < i; p++) {
                    DoubleVector b = (DoubleVector) V256.cast(DoubleVector.broadcast(S, -l[li + p]));
                    int xp = p * ld + c;
                    a0 = b.fma(DoubleVector.fromArray(S, x, xp), a0);
                    a1 = b.fma(DoubleVector.fromArray(S, x, xp + V), a1);
                    a2 = b.fma(DoubleVector.fromArray(S, x, xp + 2 * V), a2);
                    a3 = b.fma(DoubleVector.fromArray(S, x, xp + 3 * V), a3);
                }
                DoubleVector d = (DoubleVector) V256.cast(DoubleVector.broadcast(S, l[li + i]));
                ((DoubleVector) V256.cast(((DoubleVector) V256.cast(a0)).div(d))).intoArray(x, xi);
                ((DoubleVector) V256.cast(((DoubleVector) V256.cast(a1)).div(d))).intoArray(x, xi + V);
                ((DoubleVector) V256.cast(((DoubleVector) V256.cast(a2)).div(d))).intoArray(x, xi + 2 * V);
                ((DoubleVector) V256.cast(((DoubleVector) V256.cast(a3)).div(d))).intoArray(x, xi + 3 * V);
            }
        }
        for (; c + V <= c1; c += V) {
            for (int i = i0; i < i1; i++) {
                int li = i * n;
                int xi = i * ld + c;
                DoubleVector a0 = (DoubleVector) V256.cast(DoubleVector.fromArray(S, x, xi));
                for (int p = i0; p < i; p++) {
                    a0 = ((DoubleVector) V256.cast(DoubleVector.broadcast(S, -l[li + p]))).fma(DoubleVector.fromArray(S, x, p * ld + c), a0);
                }
                ((DoubleVector) V256.cast(((DoubleVector) V256.cast(a0)).div(DoubleVector.broadcast(S, l[li + i])))).intoArray(x, xi);
            }
        }
        for (; c < c1; c++) {
            for (int i = i0; i < i1; i++) {
                int li = i * n;
                double s = x[i * ld + c];
                for (int p = i0; p < i; p++) {
                    s = Math.fma(-l[li + p], x[p * ld + c], s);
                }
                x[i * ld + c] = s / l[li + i];
            }
        }
    }

    /** Rows i1-1 down to i0, columns [c0, c1): s = X[i][c]; for p = i1-1 down to i+1: s = fma(-L[p][i], X[p][c], s); X[i][c] = s / L[i][i]. */
    static void backwardBlock(double[] l, int n, double[] x, int ld, int i0, int i1, int c0, int c1) {
        int c = c0;
        for (; c + 4 * V <= c1; c += 4 * V) {
            int i = i1 - 1;
            for (; i - 1 >= i0; i -= 2) {
                backwardPair(l, n, x, ld, i1, i, c);
            }
            for (; i >= i0; i--) {
                int xi = i * ld + c;
                DoubleVector a0 = (DoubleVector) V256.cast(DoubleVector.fromArray(S, x, xi));
                DoubleVector a1 = (DoubleVector) V256.cast(DoubleVector.fromArray(S, x, xi + V));
                DoubleVector a2 = (DoubleVector) V256.cast(DoubleVector.fromArray(S, x, xi + 2 * V));
                DoubleVector a3 = (DoubleVector) V256.cast(DoubleVector.fromArray(S, x, xi + 3 * V));
                for (int p = i1 - 1; p > i; p--) {
                    DoubleVector b = (DoubleVector) V256.cast(DoubleVector.broadcast(S, -l[p * n + i]));
                    int xp = p * ld + c;
                    a0 = b.fma(DoubleVector.fromArray(S, x, xp), a0);
                    a1 = b.fma(DoubleVector.fromArray(S, x, xp + V), a1);
                    a2 = b.fma(DoubleVector.fromArray(S, x, xp + 2 * V), a2);
                    a3 = b.fma(DoubleVector.fromArray(S, x, xp + 3 * V), a3);
                }
                DoubleVector d = (DoubleVector) V256.cast(DoubleVector.broadcast(S, l[i * n + i]));
                ((DoubleVector) V256.cast(((DoubleVector) V256.cast(a0)).div(d))).intoArray(x, xi);
                ((DoubleVector) V256.cast(((DoubleVector) V256.cast(a1)).div(d))).intoArray(x, xi + V);
                ((DoubleVector) V256.cast(((DoubleVector) V256.cast(a2)).div(d))).intoArray(x, xi + 2 * V);
                ((DoubleVector) V256.cast(((DoubleVector) V256.cast(a3)).div(d))).intoArray(x, xi + 3 * V);
            }
        }
        for (; c + V <= c1; c += V) {
            for (int i = i1 - 1; i >= i0; i--) {
                int xi = i * ld + c;
                DoubleVector a0 = (DoubleVector) V256.cast(DoubleVector.fromArray(S, x, xi));
                for (int p = i1 - 1; p > i; p--) {
                    a0 = ((DoubleVector) V256.cast(DoubleVector.broadcast(S, -l[p * n + i]))).fma(DoubleVector.fromArray(S, x, p * ld + c), a0);
                }
                ((DoubleVector) V256.cast(((DoubleVector) V256.cast(a0)).div(DoubleVector.broadcast(S, l[i * n + i])))).intoArray(x, xi);
            }
        }
        for (; c < c1; c++) {
            for (int i = i1 - 1; i >= i0; i--) {
                double s = x[i * ld + c];
                for (int p = i1 - 1; p > i; p--) {
                    s = Math.fma(-l[p * n + i], x[p * ld + c], s);
                }
                x[i * ld + c] = s / l[i * n + i];
            }
        }
    }

    /**
     * Rows i and i+1, columns [c, c+16): both chains run together over p in [i0, i) (two fmas per load of
     * X[p]); row i is finished, then row i+1 takes its p = i term from the new X[i] and is finished.
     */
    private static void forwardPair(double[] l, int n, double[] x, int ld, int i0, int i, int c) {
        int li = i * n;
        int lj = li + n;
        int xi = i * ld + c;
        int xj = xi + ld;
        DoubleVector a0 = (DoubleVector) V256.cast(DoubleVector.fromArray(S, x, xi));
        DoubleVector a1 = (DoubleVector) V256.cast(DoubleVector.fromArray(S, x, xi + V));
        DoubleVector a2 = (DoubleVector) V256.cast(DoubleVector.fromArray(S, x, xi + 2 * V));
        DoubleVector a3 = (DoubleVector) V256.cast(DoubleVector.fromArray(S, x, xi + 3 * V));
        DoubleVector b0 = (DoubleVector) V256.cast(DoubleVector.fromArray(S, x, xj));
        DoubleVector b1 = (DoubleVector) V256.cast(DoubleVector.fromArray(S, x, xj + V));
        DoubleVector b2 = (DoubleVector) V256.cast(DoubleVector.fromArray(S, x, xj + 2 * V));
        DoubleVector b3 = (DoubleVector) V256.cast(DoubleVector.fromArray(S, x, xj + 3 * V));
        for (int p = i0; p < i; p++) {
            DoubleVector u = (DoubleVector) V256.cast(DoubleVector.broadcast(S, -l[li + p]));
            DoubleVector v = (DoubleVector) V256.cast(DoubleVector.broadcast(S, -l[lj + p]));
            int xp = p * ld + c;
            DoubleVector x0 = (DoubleVector) V256.cast(DoubleVector.fromArray(S, x, xp));
            DoubleVector x1 = (DoubleVector) V256.cast(DoubleVector.fromArray(S, x, xp + V));
            DoubleVector x2 = (DoubleVector) V256.cast(DoubleVector.fromArray(S, x, xp + 2 * V));
            DoubleVector x3 = (DoubleVector) V256.cast(DoubleVector.fromArray(S, x, xp + 3 * V));
            a0 = u.fma(x0, a0);
            a1 = u.fma(x1, a1);
            a2 = u.fma(x2, a2);
            a3 = u.fma(x3, a3);
            b0 = v.fma(x0, b0);
            b1 = v.fma(x1, b1);
            b2 = v.fma(x2, b2);
            b3 = v.fma(x3, b3);
        }
        DoubleVector d = (DoubleVector) V256.cast(DoubleVector.broadcast(S, l[li + i]));
        a0 = (DoubleVector) V256.cast(((DoubleVector) V256.cast(a0)).div(d));
        a1 = (DoubleVector) V256.cast(((DoubleVector) V256.cast(a1)).div(d));
        a2 = (DoubleVector) V256.cast(((DoubleVector) V256.cast(a2)).div(d));
        a3 = (DoubleVector) V256.cast(((DoubleVector) V256.cast(a3)).div(d));
        ((DoubleVector) V256.cast(a0)).intoArray(x, xi);
        ((DoubleVector) V256.cast(a1)).intoArray(x, xi + V);
        ((DoubleVector) V256.cast(a2)).intoArray(x, xi + 2 * V);
        ((DoubleVector) V256.cast(a3)).intoArray(x, xi + 3 * V);
        DoubleVector v = (DoubleVector) V256.cast(DoubleVector.broadcast(S, -l[lj + i]));
        DoubleVector e = (DoubleVector) V256.cast(DoubleVector.broadcast(S, l[lj + i + 1]));
        ((DoubleVector) V256.cast(((DoubleVector) V256.cast(v.fma(a0, b0))).div(e))).intoArray(x, xj);
        ((DoubleVector) V256.cast(((DoubleVector) V256.cast(v.fma(a1, b1))).div(e))).intoArray(x, xj + V);
        ((DoubleVector) V256.cast(((DoubleVector) V256.cast(v.fma(a2, b2))).div(e))).intoArray(x, xj + 2 * V);
        ((DoubleVector) V256.cast(((DoubleVector) V256.cast(v.fma(a3, b3))).div(e))).intoArray(x, xj + 3 * V);
    }

    /**
     * Rows i and i-1 (backward), columns [c, c+16): both chains run together over p = i1-1 down to i+1, row
     * i is finished, then row i-1 takes its p = i term from the new X[i] and is finished.
     */
    private static void backwardPair(double[] l, int n, double[] x, int ld, int i1, int i, int c) {
        int xi = i * ld + c;
        int xj = xi - ld;
        DoubleVector a0 = (DoubleVector) V256.cast(DoubleVector.fromArray(S, x, xi));
        DoubleVector a1 = (DoubleVector) V256.cast(DoubleVector.fromArray(S, x, xi + V));
        DoubleVector a2 = (DoubleVector) V256.cast(DoubleVector.fromArray(S, x, xi + 2 * V));
        DoubleVector a3 = (DoubleVector) V256.cast(DoubleVector.fromArray(S, x, xi + 3 * V));
        DoubleVector b0 = (DoubleVector) V256.cast(DoubleVector.fromArray(S, x, xj));
        DoubleVector b1 = (DoubleVector) V256.cast(DoubleVector.fromArray(S, x, xj + V));
        DoubleVector b2 = (DoubleVector) V256.cast(DoubleVector.fromArray(S, x, xj + 2 * V));
        DoubleVector b3 = (DoubleVector) V256.cast(DoubleVector.fromArray(S, x, xj + 3 * V));
        for (int p = i1 - 1; p > i; p--) {
            int lp = p * n + i;
            DoubleVector u = (DoubleVector) V256.cast(DoubleVector.broadcast(S, -l[lp]));
            DoubleVector v = (DoubleVector) V256.cast(DoubleVector.broadcast(S, -l[lp - 1]));
            int xp = p * ld + c;
            DoubleVector x0 = (DoubleVector) V256.cast(DoubleVector.fromArray(S, x, xp));
            DoubleVector x1 = (DoubleVector) V256.cast(DoubleVector.fromArray(S, x, xp + V));
            DoubleVector x2 = (DoubleVector) V256.cast(DoubleVector.fromArray(S, x, xp + 2 * V));
            DoubleVector x3 = (DoubleVector) V256.cast(DoubleVector.fromArray(S, x, xp + 3 * V));
            a0 = u.fma(x0, a0);
            a1 = u.fma(x1, a1);
            a2 = u.fma(x2, a2);
            a3 = u.fma(x3, a3);
            b0 = v.fma(x0, b0);
            b1 = v.fma(x1, b1);
            b2 = v.fma(x2, b2);
            b3 = v.fma(x3, b3);
        }
        DoubleVector d = (DoubleVector) V256.cast(DoubleVector.broadcast(S, l[i * n + i]));
        a0 = (DoubleVector) V256.cast(((DoubleVector) V256.cast(a0)).div(d));
        a1 = (DoubleVector) V256.cast(((DoubleVector) V256.cast(a1)).div(d));
        a2 = (DoubleVector) V256.cast(((DoubleVector) V256.cast(a2)).div(d));
        a3 = (DoubleVector) V256.cast(((DoubleVector) V256.cast(a3)).div(d));
        ((DoubleVector) V256.cast(a0)).intoArray(x, xi);
        ((DoubleVector) V256.cast(a1)).intoArray(x, xi + V);
        ((DoubleVector) V256.cast(a2)).intoArray(x, xi + 2 * V);
        ((DoubleVector) V256.cast(a3)).intoArray(x, xi + 3 * V);
        DoubleVector v = (DoubleVector) V256.cast(DoubleVector.broadcast(S, -l[i * n + i - 1]));
        DoubleVector e = (DoubleVector) V256.cast(DoubleVector.broadcast(S, l[(i - 1) * n + i - 1]));
        ((DoubleVector) V256.cast(((DoubleVector) V256.cast(v.fma(a0, b0))).div(e))).intoArray(x, xj);
        ((DoubleVector) V256.cast(((DoubleVector) V256.cast(v.fma(a1, b1))).div(e))).intoArray(x, xj + V);
        ((DoubleVector) V256.cast(((DoubleVector) V256.cast(v.fma(a2, b2))).div(e))).intoArray(x, xj + 2 * V);
        ((DoubleVector) V256.cast(((DoubleVector) V256.cast(v.fma(a3, b3))).div(e))).intoArray(x, xj + 3 * V);
    }
}
