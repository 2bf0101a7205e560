package dev.zeroloss.harness.data;

import dev.zeroloss.engine.Checks;
import dev.zeroloss.engine.Mat;

/**
 * X as sparse rows of (index, weight) pairs: x_r = e_a + e_b, or ONE pair (a, 2.0) when a = b.
 * Canonical orders (the engine's SparseRows on branch elem implements the same ones; switch to it on merge):
 * <ul>
 * <li>gather {@code out = X·E}: out[r][c] = fma chain over the row's pairs in stored order (a first, then b),
 *     starting from +0.0;</li>
 * <li>scatter {@code out = Xᵀ·M}: out[j][c] = fma chain over rows r in increasing r (and a row's pairs in
 *     stored order) of w·M[r][c], starting from +0.0.</li>
 * </ul>
 */
public final class PairRows {
    public final int p;
    private final int n;
    private final int[] first;
    private final int[] second;     // -1 when the row has one pair
    private final double[] firstWeight;

    public PairRows(int p, int[] a, int[] b) {
        this.p = p;
        this.n = a.length;
        this.first = new int[n];
        this.second = new int[n];
        this.firstWeight = new double[n];
        for (int r = 0; r < n; r++) {
            first[r] = a[r];
            if (a[r] == b[r]) {
                second[r] = -1;
                firstWeight[r] = 2.0;
            } else {
                second[r] = b[r];
                firstWeight[r] = 1.0;
            }
        }
    }

    public int rows() {
        return n;
    }

    /** out (n×d) ← X·E, E (p×d). */
    public void gather(Mat e, Mat out) {
        Checks.requireShape("PairRows.gather", "E", e, p, e.cols);
        Checks.requireShape("PairRows.gather", "out", out, n, e.cols);
        int d = e.cols;
        double[] E = e.data;
        double[] O = out.data;
        for (int r = 0; r < n; r++) {
            int o = r * d;
            int ia = first[r] * d;
            double wa = firstWeight[r];
            int sb = second[r];
            if (sb < 0) {
                for (int c = 0; c < d; c++) {
                    O[o + c] = Math.fma(wa, E[ia + c], 0.0);
                }
            } else {
                int ib = sb * d;
                for (int c = 0; c < d; c++) {
                    O[o + c] = Math.fma(1.0, E[ib + c], Math.fma(wa, E[ia + c], 0.0));
                }
            }
        }
    }

    /** out (p×d) ← Xᵀ·M, M (n×d). */
    public void scatter(Mat m, Mat out) {
        Checks.requireShape("PairRows.scatter", "M", m, n, m.cols);
        Checks.requireShape("PairRows.scatter", "out", out, p, m.cols);
        int d = m.cols;
        double[] M = m.data;
        double[] O = out.data;
        java.util.Arrays.fill(O, 0.0);
        for (int r = 0; r < n; r++) {
            int mr = r * d;
            int ia = first[r] * d;
            double wa = firstWeight[r];
            for (int c = 0; c < d; c++) {
                O[ia + c] = Math.fma(wa, M[mr + c], O[ia + c]);
            }
            int sb = second[r];
            if (sb >= 0) {
                int ib = sb * d;
                for (int c = 0; c < d; c++) {
                    O[ib + c] = Math.fma(1.0, M[mr + c], O[ib + c]);
                }
            }
        }
    }
}
