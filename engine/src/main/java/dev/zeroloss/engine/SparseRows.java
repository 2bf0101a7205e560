package dev.zeroloss.engine;

import jdk.incubator.vector.DoubleVector;
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
 * </ul>
 * Both OVERWRITE out ("add" = the rows are added up, not accumulated into old contents).
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

    /** out = X·W (overwritten): out is X.rows × W.cols, W is X.cols × d. */
    public static void gatherAdd(SparseRows x, Mat w, Mat out) {
        String op = "SparseRows.gatherAdd";
        SparseRowsReference.gatherShapes(op, x, w, out);
        Checks.requireDistinct(op, out, w, "W");
        Checks.requireFinite(op, "W", w);
        int d = w.cols, vd = d & -L;
        double[] wd = w.data, od = out.data;
        boolean ok = true;
        for (int r = 0; r < x.rows; r++) {
            // Per-row vectors: a vector carried across the nested loops and branches got boxed by JDK 17's C2.
            DoubleVector zero = DoubleVector.zero(S), bad = zero;
            int n = x.count[r], ob = r * d;
            int i0 = x.index[2 * r], i1 = x.index[2 * r + 1];
            double w0 = x.weight[2 * r], w1 = x.weight[2 * r + 1];
            int b0 = i0 * d, b1 = i1 * d;
            if (n == 2) {
                DoubleVector vw0 = DoubleVector.broadcast(S, w0), vw1 = DoubleVector.broadcast(S, w1);
                int c = 0;
                for (; c < vd; c += L) {
                    DoubleVector s = DoubleVector.fromArray(S, wd, b0 + c).fma(vw0, zero);
                    s = DoubleVector.fromArray(S, wd, b1 + c).fma(vw1, s);
                    s.intoArray(od, ob + c);
                    bad = s.fma(zero, bad);
                }
                for (; c < d; c++) {
                    double s = Math.fma(w1, wd[b1 + c], Math.fma(w0, wd[b0 + c], 0.0));
                    od[ob + c] = s;
                    ok &= s - s == 0.0;
                }
            } else if (n == 1) {
                DoubleVector vw0 = DoubleVector.broadcast(S, w0);
                int c = 0;
                for (; c < vd; c += L) {
                    DoubleVector s = DoubleVector.fromArray(S, wd, b0 + c).fma(vw0, zero);
                    s.intoArray(od, ob + c);
                    bad = s.fma(zero, bad);
                }
                for (; c < d; c++) {
                    double s = Math.fma(w0, wd[b0 + c], 0.0);
                    od[ob + c] = s;
                    ok &= s - s == 0.0;
                }
            } else {
                java.util.Arrays.fill(od, ob, ob + d, 0.0);
            }
            ok &= !bad.compare(VectorOperators.NE, bad).anyTrue();
        }
        if (!ok) {
            throw NonFinite.forResult(op, out, "W", w, null, null);
        }
    }

    /** out = Xᵀ·G (overwritten): out is X.cols × G.cols, G is X.rows × d. */
    public static void scatterAdd(SparseRows x, Mat g, Mat out) {
        String op = "SparseRows.scatterAdd";
        SparseRowsReference.scatterShapes(op, x, g, out);
        Checks.requireDistinct(op, out, g, "G");
        int d = g.cols, vd = d & -L;
        double[] gd = g.data, od = out.data;
        java.util.Arrays.fill(od, 0.0);
        for (int r = 0; r < x.rows; r++) {
            int gb = r * d;
            for (int k = 0; k < x.count[r]; k++) {
                double w = x.weight[2 * r + k];
                int ob = x.index[2 * r + k] * d;
                DoubleVector vw = DoubleVector.broadcast(S, w);
                int c = 0;
                for (; c < vd; c += L) {
                    DoubleVector.fromArray(S, gd, gb + c).fma(vw, DoubleVector.fromArray(S, od, ob + c))
                            .intoArray(od, ob + c);
                }
                for (; c < d; c++) {
                    od[ob + c] = Math.fma(w, gd[gb + c], od[ob + c]);
                }
            }
        }
        // Result check: one vector pass over the (small, vocabulary-sized) output.
        int n = od.length, vn = n & -L, i = 0;
        DoubleVector zero = DoubleVector.zero(S), bad = zero;
        for (; i < vn; i += L) {
            bad = DoubleVector.fromArray(S, od, i).fma(zero, bad);
        }
        boolean ok = !bad.compare(VectorOperators.NE, bad).anyTrue();
        for (; i < n; i++) {
            ok &= od[i] - od[i] == 0.0;
        }
        if (!ok) {
            throw NonFinite.forResult(op, out, "G", g, null, null);
        }
    }
}
