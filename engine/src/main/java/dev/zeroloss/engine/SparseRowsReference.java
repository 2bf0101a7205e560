package dev.zeroloss.engine;

/**
 * The scalar definition of the {@link SparseRows} products; the fast paths equal it bit for bit.
 *
 * <pre>
 * gatherAdd  (out = X·W):  for r, c:  s = +0.0;  for each pair (i, w) of row r in stored order: s = fma(w, W[i][c], s);
 *                           out[r][c] = s
 * scatterAdd (out = Xᵀ·G): out = +0.0;  for r ascending, for each pair (v, w) of row r in stored order, for c:
 *                           out[v][c] = fma(w, G[r][c], out[v][c])
 * gatherAddRelu (out = relu(X·W)): as gatherAdd, then out[r][c] = s &gt; 0 ? s : +0.0 (the {@link ElementwiseReference#relu}
 *                           select); the check is on s, before the select.
 * scatterAddWherePositive (out = Xᵀ·(G ⊙ [Z &gt; 0])): as scatterAdd with G[r][c] replaced by the select
 *                           Z[r][c] &gt; 0 ? G[r][c] : +0.0; Z must be finite (checked first), then the result is checked.
 * </pre>
 * Stored order is increasing column. Checks: shapes; gatherAdd requires W finite; both then check the result
 * (non-finite → {@link NonFiniteInputException} naming the first non-finite W/G element, else the overflow).
 * See {@link SparseRows} for when these equal the dense {@link GemmReference} (always up to the sign of a zero;
 * exactly when all weights are ±2^k, k ≥ 0).
 */
public final class SparseRowsReference {
    private SparseRowsReference() {
    }

    public static void gatherAdd(SparseRows x, Mat w, Mat out) {
        String op = "SparseRowsReference.gatherAdd";
        gatherShapes(op, x, w, out);
        Checks.requireDistinct(op, out, w, "W");
        Checks.requireFinite(op, "W", w);
        int d = w.cols;
        for (int r = 0; r < x.rows; r++) {
            for (int c = 0; c < d; c++) {
                double s = 0.0;
                for (int k = 0; k < x.rawCount(r); k++) {
                    s = Math.fma(x.rawWeight(r, k), w.data[x.rawIndex(r, k) * d + c], s);
                }
                out.data[r * d + c] = s;
            }
        }
        checkResult(op, out, "W", w);
    }

    public static void scatterAdd(SparseRows x, Mat g, Mat out) {
        String op = "SparseRowsReference.scatterAdd";
        scatterShapes(op, x, g, out);
        Checks.requireDistinct(op, out, g, "G");
        int d = g.cols;
        java.util.Arrays.fill(out.data, 0.0);
        for (int r = 0; r < x.rows; r++) {
            for (int k = 0; k < x.rawCount(r); k++) {
                int v = x.rawIndex(r, k);
                double w = x.rawWeight(r, k);
                for (int c = 0; c < d; c++) {
                    out.data[v * d + c] = Math.fma(w, g.data[r * d + c], out.data[v * d + c]);
                }
            }
        }
        checkResult(op, out, "G", g);
    }

    public static void gatherAddRelu(SparseRows x, Mat w, Mat out) {
        String op = "SparseRowsReference.gatherAddRelu";
        gatherShapes(op, x, w, out);
        Checks.requireDistinct(op, out, w, "W");
        Checks.requireFinite(op, "W", w);
        if (!gatherChains(x, w, out, true)) {
            gatherChains(x, w, out, false); // the select may hide the overflow (-inf): name it from the chains
            throw NonFinite.forResult(op, out, "W", w, null, null);
        }
    }

    /** The gatherAdd chains, optionally through the ReLU select; false when a chain result is not finite. */
    private static boolean gatherChains(SparseRows x, Mat w, Mat out, boolean relu) {
        int d = w.cols;
        boolean ok = true;
        for (int r = 0; r < x.rows; r++) {
            for (int c = 0; c < d; c++) {
                double s = 0.0;
                for (int k = 0; k < x.rawCount(r); k++) {
                    s = Math.fma(x.rawWeight(r, k), w.data[x.rawIndex(r, k) * d + c], s);
                }
                ok &= s - s == 0.0;
                out.data[r * d + c] = relu ? (s > 0.0 ? s : 0.0) : s;
            }
        }
        return ok;
    }

    public static void scatterAddWherePositive(SparseRows x, Mat g, Mat z, Mat out) {
        String op = "SparseRowsReference.scatterAddWherePositive";
        SparseRows.scatterMaskedShapes(op, x, g, z, out);
        Checks.requireFinite(op, "Z", z);
        int d = g.cols;
        java.util.Arrays.fill(out.data, 0.0);
        for (int r = 0; r < x.rows; r++) {
            for (int k = 0; k < x.rawCount(r); k++) {
                int v = x.rawIndex(r, k);
                double w = x.rawWeight(r, k);
                for (int c = 0; c < d; c++) {
                    double gm = z.data[r * d + c] > 0.0 ? g.data[r * d + c] : 0.0;
                    out.data[v * d + c] = Math.fma(w, gm, out.data[v * d + c]);
                }
            }
        }
        checkResult(op, out, "G", g);
    }

    private static void checkResult(String op, Mat out, String name, Mat in) {
        for (double v : out.data) {
            if (v - v != 0.0) {
                throw NonFinite.forResult(op, out, name, in, null, null);
            }
        }
    }

    static void gatherShapes(String op, SparseRows x, Mat w, Mat out) {
        if (w.rows != x.cols || out.rows != x.rows || out.cols != w.cols) {
            throw new ShapeMismatchException(op + ": X is " + x.shape() + ", W is " + w.shape() + ", out is "
                    + out.shape() + "; need W " + x.cols + "xd and out " + x.rows + "xd");
        }
    }

    static void scatterShapes(String op, SparseRows x, Mat g, Mat out) {
        if (g.rows != x.rows || out.rows != x.cols || out.cols != g.cols) {
            throw new ShapeMismatchException(op + ": X is " + x.shape() + ", G is " + g.shape() + ", out is "
                    + out.shape() + "; need G " + x.rows + "xd and out " + x.cols + "xd");
        }
    }
}
