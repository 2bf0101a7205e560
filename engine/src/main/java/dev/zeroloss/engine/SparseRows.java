package dev.zeroloss.engine;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * A {@code rows × cols} matrix whose every row holds at most two (column index, weight) pairs, stored in
 * strictly increasing column order: the modular-addition inputs {@code x = e_a + e_b}
 * ({@link #setOneHotSum}: pairs (min, 1.0), (max, 1.0), or the single pair (a, 2.0) when a = b).
 * Indexes are validated when set (0 ≤ index &lt; cols, distinct within a row), weights must be finite.
 *
 * <p>The products (definitions in {@link SparseRowsReference}, which these static fast paths equal bit for bit;
 * vectorised across the output columns c, where each element is its own chain):
 * <ul>
 * <li>{@link #gatherAdd}: out = X·W, {@code out[r][c]} = fma chain over row r's pairs in stored order from +0.0.</li>
 * <li>{@link #scatterAdd}: out = Xᵀ·G, {@code out[v][c]} from +0.0, for r ascending, for each pair (v, w) of
 *     row r: {@code out[v][c] = fma(w, G[r][c], out[v][c])}.</li>
 * <li>{@link #gatherAddRelu}: relu(X·W) in one pass (the gatherAdd chain, then the select {@code s > 0 ? s : +0.0}).</li>
 * <li>{@link #scatterAddWherePositive}: Xᵀ·(G ⊙ [Z &gt; 0]) in one pass (the select {@code Z > 0 ? G : +0.0}, then the
 *     scatterAdd chains).</li>
 * </ul>
 * All OVERWRITE out ("add" = the rows are added up, not accumulated into old contents). {@link Parallel} runs the
 * two fused ops on a worker pool with the same bits.
 *
 * <p><b>Relation to the dense GEMM</b> ({@link GemmReference#gemm} with X dense, C starting at +0.0): the dense
 * chain visits the same non-zero terms in the same order (pairs are stored in increasing column; in Xᵀ·G each
 * chain runs over rows ascending) and adds exact zeros {@code fma(+0.0, W, c) = c + (±0.0)} in between. Adding
 * a signed zero leaves c unchanged unless c is -0.0 (then -0.0 + +0.0 = +0.0). Hence:
 * <ul>
 * <li>for ANY finite weights the results differ at most in the sign of a zero element;</li>
 * <li>when every weight is ±2^k with k ≥ 0 (in particular the one-hot weights 1.0 and 2.0) they are identical
 *     bit for bit: each product w·W is then exact, so every partial sum is a rounded sum of two doubles, which
 *     is never -0.0 when it starts from +0.0 (an exact-zero sum of non-(-0.0) operands is +0.0, and a non-zero
 *     exact sum of two doubles never rounds to zero).</li>
 * </ul>
 * A counterexample for general weights: w = 1e-200, W = -1e-200 gives the sparse -0.0 (the product underflows),
 * the dense +0.0 after a later zero term with a positive W.
 *
 * <p>Bad input: shapes are checked ({@link ShapeMismatchException}); gatherAdd requires W finite (checked up
 * front, W is the small table); both check their result (fused / one pass over the small output of scatter),
 * which catches a non-finite G element that is read and any overflow ({@link NonFiniteInputException}).
 */
public final class SparseRows {
    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_256;
    private static final int L = 4;
    /**
     * The exact vector and mask classes. On JDK 17, DoubleVector's methods (fma, intoArray, ...) bind through a
     * type profile shared by the whole JVM; once 512-bit vectors also run (the wide GEMM kernel) a call on a
     * receiver of unknown exact class is bimorphic and every vector is boxed. Casting each vector to the constant
     * final class (a checkcast) gives C2 the exact type, so the calls bind statically (see GemmKernel.V256).
     */
    private static final Class<?> V = S.vectorType();
    private static final Class<?> M = S.maskAll(false).getClass();

    public final int rows;
    public final int cols;
    private final byte[] count;
    private final int[] index;   // 2 per row
    private final double[] weight;

    /** An all-zero {@code rows × cols} matrix (every row empty). */
    public SparseRows(int rows, int cols) {
        if (rows < 0 || cols < 0) {
            throw new IllegalArgumentException("SparseRows: negative shape " + rows + "x" + cols);
        }
        this.rows = rows;
        this.cols = cols;
        this.count = new byte[rows];
        this.index = new int[2 * rows];
        this.weight = new double[2 * rows];
    }

    /** Rows {@code e_a[r] + e_b[r]}; a.length must equal b.length. */
    public static SparseRows ofOneHotSums(int cols, int[] a, int[] b) {
        if (a.length != b.length) {
            throw new ShapeMismatchException("SparseRows.ofOneHotSums: a has " + a.length + " rows, b has " + b.length);
        }
        SparseRows x = new SparseRows(a.length, cols);
        for (int r = 0; r < a.length; r++) {
            x.setOneHotSum(r, a[r], b[r]);
        }
        return x;
    }

    /** Row r = e_a + e_b: pairs (min(a,b), 1.0), (max(a,b), 1.0), or the one pair (a, 2.0) when a = b. */
    public void setOneHotSum(int r, int a, int b) {
        checkRow(r);
        checkIndex(r, a);
        checkIndex(r, b);
        if (a == b) {
            put(r, 1, a, 2.0, 0, 0.0);
        } else {
            put(r, 2, Math.min(a, b), 1.0, Math.max(a, b), 1.0);
        }
    }

    /** Row r = w0·e_i0 + w1·e_i1 with i0 ≠ i1 (stored in increasing column order). */
    public void setPairs(int r, int i0, double w0, int i1, double w1) {
        checkRow(r);
        checkIndex(r, i0);
        checkIndex(r, i1);
        checkWeight(r, w0);
        checkWeight(r, w1);
        if (i0 == i1) {
            throw new IllegalArgumentException("SparseRows.setPairs: row " + r + " repeats column " + i0
                    + "; give one pair with the summed weight");
        }
        if (i0 < i1) {
            put(r, 2, i0, w0, i1, w1);
        } else {
            put(r, 2, i1, w1, i0, w0);
        }
    }

    /** Row r = w·e_i. */
    public void setSingle(int r, int i, double w) {
        checkRow(r);
        checkIndex(r, i);
        checkWeight(r, w);
        put(r, 1, i, w, 0, 0.0);
    }

    /** Row r = 0. */
    public void clearRow(int r) {
        checkRow(r);
        put(r, 0, 0, 0.0, 0, 0.0);
    }

    /** Number of stored pairs of row r (0, 1 or 2). */
    public int count(int r) {
        checkRow(r);
        return count[r];
    }

    /** Column of pair k (0 or 1) of row r, in stored (increasing) order. */
    public int index(int r, int k) {
        checkPair(r, k);
        return index[2 * r + k];
    }

    public double weight(int r, int k) {
        checkPair(r, k);
        return weight[2 * r + k];
    }

    /** The dense {@code rows × cols} matrix (+0.0 off the pairs). */
    public Mat toDense() {
        Mat m = new Mat(rows, cols);
        for (int r = 0; r < rows; r++) {
            for (int k = 0; k < count[r]; k++) {
                m.data[r * cols + index[2 * r + k]] = weight[2 * r + k];
            }
        }
        return m;
    }

    public String shape() {
        return rows + "x" + cols;
    }

    private void put(int r, int n, int i0, double w0, int i1, double w1) {
        count[r] = (byte) n;
        index[2 * r] = i0;
        weight[2 * r] = w0;
        index[2 * r + 1] = i1;
        weight[2 * r + 1] = w1;
    }

    private void checkRow(int r) {
        if (r < 0 || r >= rows) {
            throw new IndexOutOfBoundsException("SparseRows: row " + r + " out of 0.." + (rows - 1));
        }
    }

    private void checkPair(int r, int k) {
        checkRow(r);
        if (k < 0 || k >= count[r]) {
            throw new IndexOutOfBoundsException("SparseRows: row " + r + " has " + count[r] + " pairs, asked " + k);
        }
    }

    private void checkIndex(int r, int i) {
        if (i < 0 || i >= cols) {
            throw new IndexOutOfBoundsException("SparseRows: row " + r + " column index " + i + " out of 0.."
                    + (cols - 1) + " (" + shape() + ")");
        }
    }

    private static void checkWeight(int r, double w) {
        if (w - w != 0.0) {
            throw new NonFiniteInputException("SparseRows: row " + r + " weight " + w + "; weights must be finite");
        }
    }

    // package-private raw access for the kernels and the reference
    int rawCount(int r) {
        return count[r];
    }

    int rawIndex(int r, int k) {
        return index[2 * r + k];
    }

    double rawWeight(int r, int k) {
        return weight[2 * r + k];
    }

    // ---- kernels -----------------------------------------------------------------------------------------

    /**
     * The fused products {@link #gatherAddRelu} and {@link #scatterAddWherePositive} on a {@link WorkerPool}:
     * gather splits the output rows into one task per thread (scatter: see its note). Every output element
     * is still one chain computed wholly by one task in the reference order, so the bits do not depend on the
     * thread count (same results, checks and exceptions as the static forms). Allocates nothing per call.
     * Like the engine's other pool-bound kernels, one instance serves one caller thread at a time.
     */
    public static final class Parallel {
        /** Below this many output elements one task runs on the caller (a dispatch costs more than it saves). */
        static final int MIN_PARALLEL = 1 << 14;
        /** Tasks of the scatter (columns split): 1, see {@link #scatterAddWherePositive}; tests raise it. */
        static int SCATTER_TASKS = 1;

        private final WorkerPool pool;
        private final boolean[] ok;
        private final WorkerPool.Task gatherTask;
        private final WorkerPool.Task scatterTask;
        // Per-call operands, written before each dispatch (published by WorkerPool.run's handoff).
        private SparseRows x;
        private double[] a;
        private double[] z;
        private double[] o;
        private int d;
        private int tasks;
        // The fused product (productWherePositive): B padded to whole 8-row panels, per-worker accumulators and tiles.
        private int fk;
        private int fn;
        private int fChunk;
        private double[] bPad = new double[0];
        private final double[][] acc;
        private final double[][] tiles;
        private final WorkerPool.Task productTask;
        private Gemm fallbackGemm;

        public Parallel(WorkerPool pool) {
            this.pool = pool;
            this.ok = new boolean[pool.threads()];
            this.gatherTask = (t, worker) -> {
                int rows = x.rows;
                ok[t] = gatherRows(x, a, o, d, (int) ((long) rows * t / tasks), (int) ((long) rows * (t + 1) / tasks),
                        true);
            };
            this.acc = new double[pool.threads()][0];
            this.tiles = new double[pool.threads()][GemmKernel.MR * GemmKernel.NR];
            this.productTask = (t, worker) -> ok[t] = productStrip(t, worker);
            this.scatterTask = (t, worker) -> {
                int chunk = ((d + tasks - 1) / tasks + L - 1) & -L;
                int c0 = Math.min(d, t * chunk), c1 = Math.min(d, c0 + chunk);
                ok[t] = scatterCols(x, a, z, o, d, c0, c1);
            };
        }

        public WorkerPool pool() {
            return pool;
        }

        /** {@link SparseRows#gatherAddRelu}, rows split across the pool. */
        public void gatherAddRelu(SparseRows x, Mat w, Mat out) {
            String op = "SparseRows.gatherAddRelu";
            SparseRowsReference.gatherShapes(op, x, w, out);
            Checks.requireDistinct(op, out, w, "W");
            requireFinite(op, "W", w);
            if (!dispatch(gatherTask, x, w.data, null, out.data, w.cols, out.data.length, x.rows)) {
                gatherRows(x, w.data, out.data, w.cols, 0, x.rows, false); // name the overflow (see gather)
                throw NonFinite.forResult(op, out, "W", w, null, null);
            }
        }

        /**
         * {@link SparseRows#scatterAddWherePositive}; runs as ONE task on the caller for now. Splitting the output
         * columns across 2 threads was slower (JMH 492×512, 2 threads: 233–338 µs vs 153–160 µs on one): the
         * tasks' column ranges meet inside a cache line of every output row, which both threads then write for
         * every input row (false sharing; the array base alignment is not under our control). A split by output
         * rows would avoid it (see docs/decisions/wide17.md); {@link #SCATTER_TASKS} caps the task count.
         */
        public void scatterAddWherePositive(SparseRows x, Mat g, Mat z, Mat out) {
            String op = "SparseRows.scatterAddWherePositive";
            scatterMaskedShapes(op, x, g, z, out);
            int maxTasks = Math.min(SCATTER_TASKS, (g.cols + L - 1) / L);
            if (!dispatch(scatterTask, x, g.data, z.data, out.data, g.cols, g.data.length, maxTasks)) {
                throw scatterMaskedFailure(op, g, z, out);
            }
        }

        /**
         * out = Xᵀ·((B·T) ⊙ [H &gt; 0]) without storing B·T: bit for bit what {@code g = 0; gemm(B, T, g)} followed by
         * {@link #scatterAddWherePositive}{@code (x, g, h, out)} gives. Each G element is the same fma chain over
         * k from +0.0 (the GEMM's direct kernel on an 8-row tile, in a per-worker scratch), it is selected by
         * H &gt; 0 and scattered at once; every out element is still one chain over the rows r in increasing order
         * (tasks own column strips, each walking the rows in order, into a private accumulator copied out at the
         * end). Saves G's zero fill and two passes over it. B is n×k, T k×d, H n×d, out X.cols×d. {@code g} (n×d)
         * is only a workspace for the fallback (the engine GEMM, then the masked scatter): when d is not a multiple
         * of the GEMM's vector length, and on a non-finite H or result, where the separate path runs and throws
         * exactly its exceptions. B and T are checked finite up front (small; a NaN there could else be masked away).
         */
        public void productWherePositive(SparseRows x, Mat b, Mat t, Mat h, Mat g, Mat out) {
            String op = "SparseRows.productWherePositive";
            if (b.cols != t.rows || b.rows != h.rows || t.cols != h.cols) {
                throw new ShapeMismatchException(op + ": B is " + b.shape() + ", T is " + t.shape() + ", H is "
                        + h.shape() + "; need B n×k, T k×d, H n×d");
            }
            scatterMaskedShapes(op, x, g, h, out);
            Checks.requireDistinct(op, out, b, "B");
            Checks.requireDistinct(op, out, t, "T");
            Checks.requireFinite(op, "B", b);
            Checks.requireFinite(op, "T", t);
            int n = h.rows;
            int d = h.cols;
            int k = b.cols;
            int vl = GemmKernel.VL;
            if (d % vl != 0 || n == 0 || k == 0) {
                separate(x, b, t, h, g, out);
                return;
            }
            int mr = GemmKernel.MR;
            int padded = (n + mr - 1) / mr * mr;
            if (bPad.length < padded * k) {
                bPad = new double[padded * k];
            }
            System.arraycopy(b.data, 0, bPad, 0, n * k);
            java.util.Arrays.fill(bPad, n * k, padded * k, 0.0);
            int tasks = (long) n * d < MIN_PARALLEL ? 1 : Math.max(1, Math.min(pool.threads(), d / vl));
            int nr = GemmKernel.NR;
            int chunk = ((d + tasks - 1) / tasks + nr - 1) / nr * nr;
            tasks = (d + chunk - 1) / chunk;
            for (int w = 0; w < acc.length; w++) {
                if (acc[w].length < x.cols * chunk) {
                    acc[w] = new double[x.cols * chunk];
                }
            }
            this.fk = k;
            this.fn = n;
            this.fChunk = chunk;
            boolean all = run(productTask, x, t.data, h.data, out.data, d, tasks);
            if (!all) {
                separate(x, b, t, h, g, out); // names the non-finite value as the separate path does
            }
        }

        /** The unfused path: G = B·T from +0.0 by the engine's GEMM (made on first use), then the masked scatter. */
        private void separate(SparseRows x, Mat b, Mat t, Mat h, Mat g, Mat out) {
            if (fallbackGemm == null) {
                fallbackGemm = new Gemm(pool);
            }
            g.fill(0.0);
            fallbackGemm.gemm(false, false, b, t, g);
            scatterAddWherePositive(x, g, h, out);
        }

        /** Task t: output columns [t·chunk, (t+1)·chunk) ∩ [0, d), every row panel in order. */
        private boolean productStrip(int task, int worker) {
            SparseRows xs = x;
            double[] td = a;
            double[] hd = z;
            double[] od = o;
            int dd = d;
            int k = fk;
            int n = fn;
            int mr = GemmKernel.MR;
            int nr = GemmKernel.NR;
            int vl = GemmKernel.VL;
            int c0 = task * fChunk;
            int c1 = Math.min(dd, c0 + fChunk);
            int sw = c1 - c0;
            double[] ac = acc[worker];
            double[] tile = tiles[worker];
            int outRows = xs.cols;
            java.util.Arrays.fill(ac, 0, outRows * sw, 0.0);
            boolean fine = true;
            for (int i0 = 0; i0 < n; i0 += mr) {
                int rows = Math.min(mr, n - i0);
                for (int cs = c0; cs < c1; cs += nr) {
                    int cw = Math.min(nr, c1 - cs);
                    java.util.Arrays.fill(tile, 0.0);
                    GemmKernel.directKernel(cw / vl, k, bPad, i0 * k, k, 1, td, cs, dd, tile, 0, nr);
                    for (int r = 0; r < rows; r++) {
                        int i = i0 + r;
                        int cnt = xs.count[i];
                        if (cnt == 0) {
                            fine &= finite(hd, i * dd + cs, i * dd + cs + cw);
                            continue;
                        }
                        double w0 = xs.weight[2 * i];
                        double w1 = cnt == 2 ? xs.weight[2 * i + 1] : 0.0;
                        int o0 = xs.index[2 * i] * sw + (cs - c0);
                        int o1 = xs.index[2 * i + 1] * sw + (cs - c0);
                        fine &= scatterRowMasked(cnt, tile, r * nr, hd, i * dd + cs, ac, o0, w0, o1, w1, 0, cw);
                    }
                }
            }
            for (int v = 0; v < outRows; v++) {
                System.arraycopy(ac, v * sw, od, v * dd + c0, sw);
                fine &= finite(od, v * dd + c0, v * dd + c1);
            }
            return fine;
        }

        private boolean dispatch(WorkerPool.Task task, SparseRows x, double[] a, double[] z, double[] o, int d,
                                 int work, int maxTasks) {
            return run(task, x, a, z, o, d, work < MIN_PARALLEL ? 1 : Math.max(1, Math.min(pool.threads(), maxTasks)));
        }

        /** Publishes the operands, runs {@code t} tasks on the pool, clears them; true when every task said ok. */
        private boolean run(WorkerPool.Task task, SparseRows x, double[] a, double[] z, double[] o, int d, int t) {
            this.x = x;
            this.a = a;
            this.z = z;
            this.o = o;
            this.d = d;
            this.tasks = t;
            try {
                pool.run(t, task);
            } finally {
                this.x = null;
                this.a = null;
                this.z = null;
                this.o = null;
            }
            boolean all = true;
            for (int i = 0; i < t; i++) {
                all &= ok[i];
            }
            return all;
        }
    }

    /** out = X·W (overwritten): out is X.rows × W.cols, W is X.cols × d. */
    public static void gatherAdd(SparseRows x, Mat w, Mat out) {
        gather("SparseRows.gatherAdd", x, w, out, false);
    }

    /**
     * out = relu(X·W) (overwritten), fused: {@code out[r][c] = s > 0 ? s : +0.0} with s the {@link #gatherAdd}
     * chain, i.e. exactly gatherAdd followed by {@link Elementwise#relu} (definition:
     * {@link SparseRowsReference#gatherAddRelu}). Checks as gatherAdd: W finite up front, then every s (before
     * the select, so an overflow to -inf is not hidden).
     */
    public static void gatherAddRelu(SparseRows x, Mat w, Mat out) {
        gather("SparseRows.gatherAddRelu", x, w, out, true);
    }

    private static void gather(String op, SparseRows x, Mat w, Mat out, boolean relu) {
        SparseRowsReference.gatherShapes(op, x, w, out);
        Checks.requireDistinct(op, out, w, "W");
        requireFinite(op, "W", w);
        if (!gatherRows(x, w.data, out.data, w.cols, 0, x.rows, relu)) {
            if (relu) { // the select may have hidden the overflow: recompute the chains to name it
                gatherRows(x, w.data, out.data, w.cols, 0, x.rows, false);
            }
            throw NonFinite.forResult(op, out, "W", w, null, null);
        }
    }

    /**
     * Rows [r0, r1) of X·W (optionally through the ReLU select) into od; false when a chain result is not
     * finite. Every vector is cast to the exact class {@link #V} (see there).
     */
    static boolean gatherRows(SparseRows x, double[] wd, double[] od, int d, int r0, int r1, boolean relu) {
        int vd = d & -L;
        boolean ok = true;
        for (int r = r0; r < r1; r++) {
            // Per-row vectors: a vector carried across the nested loops and branches got boxed by JDK 17's C2.
            DoubleVector zero = v(DoubleVector.zero(S)), bad = zero;
            int n = x.count[r], ob = r * d;
            int i0 = x.index[2 * r], i1 = x.index[2 * r + 1];
            double w0 = x.weight[2 * r], w1 = x.weight[2 * r + 1];
            int b0 = i0 * d, b1 = i1 * d;
            if (n == 2) {
                DoubleVector vw0 = v(DoubleVector.broadcast(S, w0)), vw1 = v(DoubleVector.broadcast(S, w1));
                int c = 0;
                for (; c < vd; c += L) {
                    DoubleVector s = v(v(DoubleVector.fromArray(S, wd, b0 + c)).fma(vw0, zero));
                    s = v(v(DoubleVector.fromArray(S, wd, b1 + c)).fma(vw1, s));
                    bad = v(s.fma(zero, bad));
                    if (relu) {
                        s = v(zero.blend(s, m(s.compare(VectorOperators.GT, zero))));
                    }
                    s.intoArray(od, ob + c);
                }
                for (; c < d; c++) {
                    double s = Math.fma(w1, wd[b1 + c], Math.fma(w0, wd[b0 + c], 0.0));
                    ok &= s - s == 0.0;
                    od[ob + c] = relu && !(s > 0.0) ? 0.0 : s;
                }
            } else if (n == 1) {
                DoubleVector vw0 = v(DoubleVector.broadcast(S, w0));
                int c = 0;
                for (; c < vd; c += L) {
                    DoubleVector s = v(v(DoubleVector.fromArray(S, wd, b0 + c)).fma(vw0, zero));
                    bad = v(s.fma(zero, bad));
                    if (relu) {
                        s = v(zero.blend(s, m(s.compare(VectorOperators.GT, zero))));
                    }
                    s.intoArray(od, ob + c);
                }
                for (; c < d; c++) {
                    double s = Math.fma(w0, wd[b0 + c], 0.0);
                    ok &= s - s == 0.0;
                    od[ob + c] = relu && !(s > 0.0) ? 0.0 : s;
                }
            } else {
                java.util.Arrays.fill(od, ob, ob + d, 0.0);
            }
            ok &= !m(bad.compare(VectorOperators.NE, bad)).anyTrue();
        }
        return ok;
    }

    /** out = Xᵀ·G (overwritten): out is X.cols × G.cols, G is X.rows × d. */
    public static void scatterAdd(SparseRows x, Mat g, Mat out) {
        String op = "SparseRows.scatterAdd";
        SparseRowsReference.scatterShapes(op, x, g, out);
        Checks.requireDistinct(op, out, g, "G");
        if (!scatterCols(x, g.data, null, out.data, g.cols, 0, g.cols)) {
            throw NonFinite.forResult(op, out, "G", g, null, null);
        }
    }

    /**
     * out = Xᵀ·(G ⊙ [Z &gt; 0]) (overwritten), fused: the masked element is the select
     * {@code Z[r][c] > 0 ? G[r][c] : +0.0} and the chains are those of {@link #scatterAdd} on the masked G
     * (definition: {@link SparseRowsReference#scatterAddWherePositive}); G and Z are not modified. Checks: Z
     * finite (a select would hide a NaN), then the result (catches a non-finite G element that is selected, and
     * overflow); the failure message names the first non-finite element of Z, else of G, else the overflow.
     */
    public static void scatterAddWherePositive(SparseRows x, Mat g, Mat z, Mat out) {
        String op = "SparseRows.scatterAddWherePositive";
        scatterMaskedShapes(op, x, g, z, out);
        if (!scatterCols(x, g.data, z.data, out.data, g.cols, 0, g.cols)) {
            throw scatterMaskedFailure(op, g, z, out);
        }
    }

    static void scatterMaskedShapes(String op, SparseRows x, Mat g, Mat z, Mat out) {
        SparseRowsReference.scatterShapes(op, x, g, out);
        if (!z.sameShape(g)) {
            throw new ShapeMismatchException(op + ": G is " + g.shape() + ", Z is " + z.shape()
                    + "; shapes must be equal");
        }
        Checks.requireDistinct(op, out, g, "G");
        Checks.requireDistinct(op, out, z, "Z");
    }

    static NonFiniteInputException scatterMaskedFailure(String op, Mat g, Mat z, Mat out) {
        Checks.requireFinite(op, "Z", z);
        return NonFinite.forResult(op, out, "G", g, null, null);
    }

    /**
     * Columns [c0, c1) of Xᵀ·G, or of Xᵀ·(G ⊙ [Z &gt; 0]) when zd is not null, into od (zeroed first); false when
     * a result element in those columns, or (zd) a Z element in them, is not finite. c0 must be a multiple of
     * {@link #L} unless c0 = c1. Every chain out[v][c] runs over r ascending, as in the reference: a row's two
     * pairs go to distinct output rows, so updating both from one loaded G vector keeps every chain's order.
     */
    static boolean scatterCols(SparseRows x, double[] gd, double[] zd, double[] od, int d, int c0, int c1) {
        int outRows = x.cols, vEnd = c0 + ((c1 - c0) & -L);
        for (int v = 0; v < outRows; v++) {
            java.util.Arrays.fill(od, v * d + c0, v * d + c1, 0.0);
        }
        boolean ok = true;
        for (int r = 0; r < x.rows; r++) {
            int n = x.count[r], gb = r * d;
            if (n == 0) {
                if (zd != null) {
                    ok &= finite(zd, gb + c0, gb + c1);
                }
                continue;
            }
            double w0 = x.weight[2 * r], w1 = n == 2 ? x.weight[2 * r + 1] : 0.0;
            int o0 = x.index[2 * r] * d, o1 = x.index[2 * r + 1] * d;
            if (zd == null) {
                scatterRow(n, gd, gb, od, o0, w0, o1, w1, c0, c1);
            } else {
                ok &= scatterRowMasked(n, gd, zd, gb, od, o0, w0, o1, w1, c0, c1);
            }
        }
        // Result check: one pass over the (small, vocabulary-sized) output columns.
        for (int v = 0; v < outRows; v++) {
            ok &= finite(od, v * d + c0, v * d + c1);
        }
        return ok;
    }

    // One row's contribution. Separate loops per case (no vector reassigned in a branch inside the loop, none
    // passed as an argument): that shape compiles without boxing on JDK 17 (measured, NoBoxingTest).

    /** od[o0 + c] = fma(w0, G[c], ...) and, when n = 2, od[o1 + c] = fma(w1, G[c], ...), for c in [c0, c1). */
    private static void scatterRow(int n, double[] gd, int gb, double[] od, int o0, double w0, int o1, double w1,
                                   int c0, int c1) {
        int vEnd = c0 + ((c1 - c0) & -L), c = c0;
        DoubleVector vw0 = v(DoubleVector.broadcast(S, w0));
        if (n == 2) {
            DoubleVector vw1 = v(DoubleVector.broadcast(S, w1));
            for (; c < vEnd; c += L) {
                DoubleVector gv = v(DoubleVector.fromArray(S, gd, gb + c));
                v(vw0.fma(gv, v(DoubleVector.fromArray(S, od, o0 + c)))).intoArray(od, o0 + c);
                v(vw1.fma(gv, v(DoubleVector.fromArray(S, od, o1 + c)))).intoArray(od, o1 + c);
            }
            for (; c < c1; c++) {
                od[o0 + c] = Math.fma(w0, gd[gb + c], od[o0 + c]);
                od[o1 + c] = Math.fma(w1, gd[gb + c], od[o1 + c]);
            }
        } else {
            for (; c < vEnd; c += L) {
                DoubleVector gv = v(DoubleVector.fromArray(S, gd, gb + c));
                v(vw0.fma(gv, v(DoubleVector.fromArray(S, od, o0 + c)))).intoArray(od, o0 + c);
            }
            for (; c < c1; c++) {
                od[o0 + c] = Math.fma(w0, gd[gb + c], od[o0 + c]);
            }
        }
    }

    /** As {@link #scatterRow} with G[c] replaced by Z[c] &gt; 0 ? G[c] : +0.0; false when a Z[c] is not finite. */
    private static boolean scatterRowMasked(int n, double[] gd, double[] zd, int gb, double[] od, int o0, double w0,
                                            int o1, double w1, int c0, int c1) {
        return scatterRowMasked(n, gd, gb, zd, gb, od, o0, w0, o1, w1, c0, c1);
    }

    /** As above with G(c) = gd[gb + c] and Z(c) = zd[zb + c] at their own bases. */
    static boolean scatterRowMasked(int n, double[] gd, int gb, double[] zd, int zb, double[] od, int o0, double w0,
                                    int o1, double w1, int c0, int c1) {
        int vEnd = c0 + ((c1 - c0) & -L), c = c0;
        boolean ok = true;
        DoubleVector zero = v(DoubleVector.zero(S)), bad = zero;
        DoubleVector vw0 = v(DoubleVector.broadcast(S, w0));
        if (n == 2) {
            DoubleVector vw1 = v(DoubleVector.broadcast(S, w1));
            for (; c < vEnd; c += L) {
                DoubleVector zv = v(DoubleVector.fromArray(S, zd, zb + c));
                bad = v(zv.fma(zero, bad));
                DoubleVector gv = v(zero.blend(v(DoubleVector.fromArray(S, gd, gb + c)),
                        m(zv.compare(VectorOperators.GT, zero))));
                v(vw0.fma(gv, v(DoubleVector.fromArray(S, od, o0 + c)))).intoArray(od, o0 + c);
                v(vw1.fma(gv, v(DoubleVector.fromArray(S, od, o1 + c)))).intoArray(od, o1 + c);
            }
            for (; c < c1; c++) {
                double zv = zd[zb + c];
                ok &= zv - zv == 0.0;
                double gv = zv > 0.0 ? gd[gb + c] : 0.0;
                od[o0 + c] = Math.fma(w0, gv, od[o0 + c]);
                od[o1 + c] = Math.fma(w1, gv, od[o1 + c]);
            }
        } else {
            for (; c < vEnd; c += L) {
                DoubleVector zv = v(DoubleVector.fromArray(S, zd, zb + c));
                bad = v(zv.fma(zero, bad));
                DoubleVector gv = v(zero.blend(v(DoubleVector.fromArray(S, gd, gb + c)),
                        m(zv.compare(VectorOperators.GT, zero))));
                v(vw0.fma(gv, v(DoubleVector.fromArray(S, od, o0 + c)))).intoArray(od, o0 + c);
            }
            for (; c < c1; c++) {
                double zv = zd[zb + c];
                ok &= zv - zv == 0.0;
                od[o0 + c] = Math.fma(w0, zv > 0.0 ? gd[gb + c] : 0.0, od[o0 + c]);
            }
        }
        return ok && !m(bad.compare(VectorOperators.NE, bad)).anyTrue();
    }

    /** True when a[from..to) are all finite: bad = fma(a, 0, bad) is NaN exactly when some a is NaN or ±inf. */
    static boolean finite(double[] a, int from, int to) {
        int vEnd = from + ((to - from) & -L), i = from;
        DoubleVector zero = v(DoubleVector.zero(S)), bad = zero;
        for (; i < vEnd; i += L) {
            bad = v(v(DoubleVector.fromArray(S, a, i)).fma(zero, bad));
        }
        boolean ok = !m(bad.compare(VectorOperators.NE, bad)).anyTrue();
        for (; i < to; i++) {
            ok &= a[i] - a[i] == 0.0;
        }
        return ok;
    }

    /** {@link Checks#requireFinite}, with a vector scan on the normal path. */
    static void requireFinite(String op, String name, Mat m) {
        if (!finite(m.data, 0, m.data.length)) {
            Checks.requireFinite(op, name, m);
        }
    }

    private static DoubleVector v(DoubleVector x) {
        return (DoubleVector) V.cast(x);
    }

    @SuppressWarnings("unchecked")
    private static VectorMask<Double> m(VectorMask<Double> x) {
        return (VectorMask<Double>) M.cast(x);
    }
}
