package dev.zeroloss.harness.model;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

import dev.zeroloss.engine.Mat;

/**
 * Small deterministic helpers for the experiments' elementwise work and reductions. Every reduction is ONE
 * fma chain in increasing index from +0.0 (single-threaded: these are O(n·d) next to the O(n²·d) level-3
 * work, so their cost does not matter and their order is fixed by construction).
 */
public final class Dense {
    private Dense() {
    }

    /** Σ x² as one fma chain. */
    public static double sumSquares(double[] x) {
        double s = 0.0;
        for (double v : x) {
            s = Math.fma(v, v, s);
        }
        return s;
    }

    public static double frobenius(Mat m) {
        return Math.sqrt(sumSquares(m.data));
    }

    /** Σ_i ‖ŷ_i − e_{label_i}‖², one fma chain over the row-major elements. */
    public static double sumSquaredError(Mat yhat, int[] label) {
        int p = yhat.cols;
        double s = 0.0;
        for (int i = 0; i < yhat.rows; i++) {
            for (int c = 0; c < p; c++) {
                double r = yhat.data[i * p + c] - (c == label[i] ? 1.0 : 0.0);
                s = Math.fma(r, r, s);
            }
        }
        return s;
    }

    /** Fraction of rows whose argmax (lowest index on ties; NaN never wins) is the label. */
    public static double accuracy(Mat yhat, int[] label) {
        int p = yhat.cols;
        int hits = 0;
        for (int i = 0; i < yhat.rows; i++) {
            int best = 0;
            double bv = yhat.data[i * p];
            for (int c = 1; c < p; c++) {
                double v = yhat.data[i * p + c];
                if (v > bv || (bv != bv && v == v)) {
                    bv = v;
                    best = c;
                }
            }
            if (best == label[i]) {
                hits++;
            }
        }
        return yhat.rows == 0 ? Double.NaN : (double) hits / yhat.rows;
    }

    /** In place: x ← max(x, 0) with −0.0 and NaN mapped as (x &gt; 0 ? x : +0.0). */
    public static void relu(Mat m) {
        // The engine's select (z > 0 ? z : +0.0), vectorised: a scalar branch on random signs mispredicts
        // half the time (≈0.7 ms per 492×512 call, measured) where the select costs ≈0.05 ms.
        dev.zeroloss.engine.Elementwise.reluInPlace(m);
    }

    /** In place: g ← g ⊙ [h &gt; 0]. */
    public static void maskPositive(Mat g, Mat h) {
        if (g.rows != h.rows || g.cols != h.cols) {
            throw new dev.zeroloss.engine.ShapeMismatchException("maskPositive: g " + g.shape() + ", h " + h.shape());
        }
        double[] gd = g.data;
        double[] hd = h.data;
        // Same result as the scalar rule (g where h > 0, else +0.0), as a branch-free blend.
        int n = gd.length;
        int i = 0;
        int bound = S.loopBound(n);
        DoubleVector zero = v(DoubleVector.broadcast(S, 0.0));
        for (; i < bound; i += S.length()) {
            DoubleVector hv = v(DoubleVector.fromArray(S, hd, i));
            DoubleVector gv = v(DoubleVector.fromArray(S, gd, i));
            v(zero.blend(gv, m(hv.compare(VectorOperators.GT, zero)))).intoArray(gd, i);
        }
        for (; i < n; i++) {
            if (!(hd[i] > 0.0)) {
                gd[i] = 0.0;
            }
        }
    }

    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_256;
    private static final int L = 4; // S.length()
    /**
     * The exact vector and mask classes: every vector is cast to them (a checkcast to a final class) so that its
     * methods bind statically on JDK 17 even when 512-bit vectors (the wide GEMM kernel) share the type profile
     * of DoubleVector's methods; otherwise the calls go bimorphic and box (see docs/decisions/wide17.md).
     */
    private static final Class<?> V = S.vectorType();
    private static final Class<?> M = S.maskAll(false).getClass();

    private static DoubleVector v(DoubleVector x) {
        return (DoubleVector) V.cast(x);
    }

    @SuppressWarnings("unchecked")
    private static VectorMask<Double> m(VectorMask<Double> x) {
        return (VectorMask<Double>) M.cast(x);
    }

    /** In place: a ← a − b, element-wise (one rounding each; no finiteness check). */
    public static void subtractInPlace(Mat a, Mat b) {
        sameShape("subtractInPlace", a, b);
        double[] x = a.data, y = b.data;
        int n = x.length, bound = S.loopBound(n), i = 0;
        for (; i < bound; i += L) {
            v(v(DoubleVector.fromArray(S, x, i)).sub(v(DoubleVector.fromArray(S, y, i)))).intoArray(x, i);
        }
        for (; i < n; i++) {
            x[i] = x[i] - y[i];
        }
    }

    /** In place: y ← fma(alpha, x, y), element-wise (one rounding each; no finiteness check). */
    public static void fmaInPlace(double alpha, Mat x, Mat y) {
        sameShape("fmaInPlace", x, y);
        double[] xs = x.data, ys = y.data;
        int n = ys.length, bound = S.loopBound(n), i = 0;
        DoubleVector va = v(DoubleVector.broadcast(S, alpha));
        for (; i < bound; i += L) {
            v(va.fma(v(DoubleVector.fromArray(S, xs, i)), v(DoubleVector.fromArray(S, ys, i)))).intoArray(ys, i);
        }
        for (; i < n; i++) {
            ys[i] = Math.fma(alpha, xs[i], ys[i]);
        }
    }

    private static void sameShape(String op, Mat a, Mat b) {
        if (a.rows != b.rows || a.cols != b.cols) {
            throw new dev.zeroloss.engine.ShapeMismatchException(op + ": " + a.shape() + " vs " + b.shape());
        }
    }

    /** True when row r of m is all zeros. */
    public static boolean zeroRow(Mat m, int r) {
        for (int c = 0; c < m.cols; c++) {
            if (m.data[r * m.cols + c] != 0.0) {
                return false;
            }
        }
        return true;
    }

    /** One-hot rows (n×p). */
    public static Mat oneHot(int[] label, int p) {
        Mat y = new Mat(label.length, p);
        for (int i = 0; i < label.length; i++) {
            y.data[i * p + label[i]] = 1.0;
        }
        return y;
    }
}
