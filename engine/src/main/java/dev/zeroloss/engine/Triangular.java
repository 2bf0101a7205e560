package dev.zeroloss.engine;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Fast triangular solves with many right-hand sides, equal to {@link CholeskyReference#solveLower} and
 * {@link CholeskyReference#solveLowerTransposed} bit for bit. Only the lower triangle of L is read.
 *
 * <p>Left-looking by row blocks. For the forward solve, block [i0, i1) first receives
 * {@code X_blk -= L[i0:i1, 0:i0]·X[0:i0]} through {@link GemmKernel#update} (one chain in increasing k,
 * continued from B), then the rows of the block are finished one by one, continuing each chain over
 * k in [i0, i) and dividing by L[i][i]; that part is vectorised over right-hand-side columns (one lane =
 * one column's chain). The backward solve is the mirror image: blocks from the bottom, the GEMM update
 * walks the solved rows with negative strides (k = n-1 down to i1), the in-block part continues with
 * k = i1-1 down to i+1.
 *
 * <p>Not thread-safe; the in-block part runs over column chunks on the pool of the {@link GemmKernel}
 * (one column is always computed wholly by one task, so the thread count never changes a bit).
 */
public final class Triangular {
    static final VectorSpecies<Double> S = DoubleVector.SPECIES_256;
    static final int V = 4;
    /** Row block height: the m of every GEMM update and the depth of the vectorised in-block chains. */
    static final int DEFAULT_BLOCK = 64;
    /** Column width of the GEMM updates in the triangular inverse (trims the exact-zero part of L⁻¹). */
    static final int INVERSE_COLUMNS = 128;
    private static final int COL_GROUP = 4 * V;

    private final GemmKernel gemm;
    private final WorkerPool pool;
    private final int block;

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
        this(gemm, DEFAULT_BLOCK);
    }

    /** With an explicit row block height (tests use small ones to get many blocks on small matrices). */
    Triangular(GemmKernel gemm, int block) {
        if (block < 1) {
            throw new IllegalArgumentException("Triangular: block size " + block + " must be >= 1");
        }
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
        for (int i0 = 0; i0 < n; i0 += block) {
            int i1 = Math.min(n, i0 + block);
            if (i0 > 0) {
                gemm.update(i1 - i0, r, i0, true, false,
                        l, i0 * n, n, 1,
                        x, 0, r, 1,
                        x, i0 * r, r);
            }
            inBlock(true, l, n, x, r, i0, i1, 0, r);
        }
    }

    /** In place: x (n×r, row-major) holds B on entry and X with Lᵀ·X = B on exit. */
    void backwardRaw(double[] l, int n, double[] x, int r) {
        if (n == 0) {
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
            inBlock(false, l, n, x, r, i0, i1, 0, r);
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
            inBlock(true, l, n, m, n, i0, i1, 0, i1);
        }
    }

    private void inBlock(boolean forward, double[] l, int n, double[] x, int ld, int i0, int i1, int c0, int c1) {
        int groups = (c1 - c0 + COL_GROUP - 1) / COL_GROUP;
        int threads = pool.threads();
        if (threads == 1 || groups < 2) {
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
            for (int i = i0; i < i1; i++) {
                int li = i * n;
                int xi = i * ld + c;
                DoubleVector a0 = DoubleVector.fromArray(S, x, xi);
                DoubleVector a1 = DoubleVector.fromArray(S, x, xi + V);
                DoubleVector a2 = DoubleVector.fromArray(S, x, xi + 2 * V);
                DoubleVector a3 = DoubleVector.fromArray(S, x, xi + 3 * V);
                for (int p = i0; p < i; p++) {
                    DoubleVector b = DoubleVector.broadcast(S, -l[li + p]);
                    int xp = p * ld + c;
                    a0 = b.fma(DoubleVector.fromArray(S, x, xp), a0);
                    a1 = b.fma(DoubleVector.fromArray(S, x, xp + V), a1);
                    a2 = b.fma(DoubleVector.fromArray(S, x, xp + 2 * V), a2);
                    a3 = b.fma(DoubleVector.fromArray(S, x, xp + 3 * V), a3);
                }
                DoubleVector d = DoubleVector.broadcast(S, l[li + i]);
                a0.div(d).intoArray(x, xi);
                a1.div(d).intoArray(x, xi + V);
                a2.div(d).intoArray(x, xi + 2 * V);
                a3.div(d).intoArray(x, xi + 3 * V);
            }
        }
        for (; c + V <= c1; c += V) {
            for (int i = i0; i < i1; i++) {
                int li = i * n;
                int xi = i * ld + c;
                DoubleVector a0 = DoubleVector.fromArray(S, x, xi);
                for (int p = i0; p < i; p++) {
                    a0 = DoubleVector.broadcast(S, -l[li + p]).fma(DoubleVector.fromArray(S, x, p * ld + c), a0);
                }
                a0.div(DoubleVector.broadcast(S, l[li + i])).intoArray(x, xi);
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
            for (int i = i1 - 1; i >= i0; i--) {
                int xi = i * ld + c;
                DoubleVector a0 = DoubleVector.fromArray(S, x, xi);
                DoubleVector a1 = DoubleVector.fromArray(S, x, xi + V);
                DoubleVector a2 = DoubleVector.fromArray(S, x, xi + 2 * V);
                DoubleVector a3 = DoubleVector.fromArray(S, x, xi + 3 * V);
                for (int p = i1 - 1; p > i; p--) {
                    DoubleVector b = DoubleVector.broadcast(S, -l[p * n + i]);
                    int xp = p * ld + c;
                    a0 = b.fma(DoubleVector.fromArray(S, x, xp), a0);
                    a1 = b.fma(DoubleVector.fromArray(S, x, xp + V), a1);
                    a2 = b.fma(DoubleVector.fromArray(S, x, xp + 2 * V), a2);
                    a3 = b.fma(DoubleVector.fromArray(S, x, xp + 3 * V), a3);
                }
                DoubleVector d = DoubleVector.broadcast(S, l[i * n + i]);
                a0.div(d).intoArray(x, xi);
                a1.div(d).intoArray(x, xi + V);
                a2.div(d).intoArray(x, xi + 2 * V);
                a3.div(d).intoArray(x, xi + 3 * V);
            }
        }
        for (; c + V <= c1; c += V) {
            for (int i = i1 - 1; i >= i0; i--) {
                int xi = i * ld + c;
                DoubleVector a0 = DoubleVector.fromArray(S, x, xi);
                for (int p = i1 - 1; p > i; p--) {
                    a0 = DoubleVector.broadcast(S, -l[p * n + i]).fma(DoubleVector.fromArray(S, x, p * ld + c), a0);
                }
                a0.div(DoubleVector.broadcast(S, l[i * n + i])).intoArray(x, xi);
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
}
