package dev.zeroloss.harness.data;

import dev.zeroloss.engine.Mat;
import dev.zeroloss.engine.SparseRows;

/**
 * X as sparse rows: x_r = e_a + e_b, or ONE pair (a, 2.0) when a = b, held in the engine's {@link SparseRows}
 * (pairs in increasing column order). Canonical orders (SparseRowsReference):
 * <ul>
 * <li>gather {@code out = X·E}: out[r][c] = fma chain over the row's pairs in stored order, from +0.0;</li>
 * <li>scatter {@code out = Xᵀ·M}: out[j][c] from +0.0, for rows r ascending, fma(w, M[r][c], out[j][c]).</li>
 * </ul>
 * Both overwrite out, check shapes, and throw NonFiniteInputException on non-finite input or result.
 */
public final class PairRows {
    public final int p;
    private final SparseRows x;

    public PairRows(int p, int[] a, int[] b) {
        this.p = p;
        this.x = SparseRows.ofOneHotSums(p, a, b);
    }

    public int rows() {
        return x.rows;
    }

    /** The engine matrix. */
    public SparseRows sparse() {
        return x;
    }

    /** out (n×d) ← X·E, E (p×d). */
    public void gather(Mat e, Mat out) {
        SparseRows.gatherAdd(x, e, out);
    }

    /** out (p×d) ← Xᵀ·M, M (n×d). */
    public void scatter(Mat m, Mat out) {
        SparseRows.scatterAdd(x, m, out);
    }
}
