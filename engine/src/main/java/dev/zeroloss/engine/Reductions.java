package dev.zeroloss.engine;

import java.util.Objects;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Fixed-order reductions, vectorised; each equals {@link ReductionsReference} bit for bit (the order is
 * written down there: 16 accumulators in four {@link DoubleVector#SPECIES_256} vectors, a fixed combining
 * tree, a scalar tail in increasing index). Never uses a floating-point {@code reduceLanes}: lanes are read
 * one by one with {@code lane(i)} and combined in the documented order. No allocation.
 *
 * <p>Bad input: a NaN/±inf input or an overflow makes the result non-finite; the result is checked (free) and
 * {@link NonFiniteInputException} names the first non-finite input element or the overflow.
 */
public final class Reductions {
    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_256;
    private static final int L = 4;
    private static final int K = 16; // accumulators = 4 vectors x 4 lanes
    private static final VectorSpecies<Long> LS = LongVector.SPECIES_256;
    private static final long ABS_MASK = 0x7FFF_FFFF_FFFF_FFFFL;
    /**
     * The exact vector and mask classes: every vector is cast to them (a checkcast to a final class) so that its
     * methods bind statically on JDK 17 even when 512-bit vectors share the type profile of DoubleVector's
     * methods (see GemmKernel.V256 and docs/decisions/wide17.md).
     */
    private static final Class<?> V = S.vectorType();
    private static final Class<?> LV = LS.vectorType();
    private static final Class<?> M = S.maskAll(false).getClass();

    private Reductions() {
    }

    // ---- cores: unchecked, exactly the reference order -------------------------------------------------

    // The combining step is written out in each core (not a helper taking vectors): a helper is too big for
    // C2 to inline at its cold call site, and passing vectors to a non-inlined method boxes the accumulators
    // in every loop iteration (measured: 2.2 MB/op allocation, 10x slower).

    /**
     * Lane i of v. JDK 17's C2 does not intrinsify {@code DoubleVector.lane} (extract of a double fails to
     * inline), which boxes the accumulators in every loop iteration; the long extract is intrinsified.
     */
    static double lane(DoubleVector v, int i) {
        return Double.longBitsToDouble(lv(v(v).reinterpretAsLongs()).lane(i));
    }

    static double sumCore(double[] x, int off, int n) {
        int m = n - n % K, i = 0;
        DoubleVector a0 = v(DoubleVector.zero(S)), a1 = a0, a2 = a0, a3 = a0;
        for (; i < m; i += K) {
            int p = off + i;
            a0 = v(a0.add(v(DoubleVector.fromArray(S, x, p))));
            a1 = v(a1.add(v(DoubleVector.fromArray(S, x, p + L))));
            a2 = v(a2.add(v(DoubleVector.fromArray(S, x, p + 2 * L))));
            a3 = v(a3.add(v(DoubleVector.fromArray(S, x, p + 3 * L))));
        }
        DoubleVector w = v(v(a0.add(a1)).add(v(a2.add(a3)))); // lane l: (acc[l]+acc[4+l]) + (acc[8+l]+acc[12+l])
        double s = (lane(w, 0) + lane(w, 1)) + (lane(w, 2) + lane(w, 3));
        for (; i < n; i++) {
            s = s + x[off + i];
        }
        return s;
    }

    static double dotCore(double[] x, int xo, double[] y, int yo, int n) {
        int m = n - n % K, i = 0;
        DoubleVector a0 = v(DoubleVector.zero(S)), a1 = a0, a2 = a0, a3 = a0;
        for (; i < m; i += K) {
            int p = xo + i, q = yo + i;
            a0 = v(v(DoubleVector.fromArray(S, x, p)).fma(v(DoubleVector.fromArray(S, y, q)), a0));
            a1 = v(v(DoubleVector.fromArray(S, x, p + L)).fma(v(DoubleVector.fromArray(S, y, q + L)), a1));
            a2 = v(v(DoubleVector.fromArray(S, x, p + 2 * L)).fma(v(DoubleVector.fromArray(S, y, q + 2 * L)), a2));
            a3 = v(v(DoubleVector.fromArray(S, x, p + 3 * L)).fma(v(DoubleVector.fromArray(S, y, q + 3 * L)), a3));
        }
        DoubleVector w = v(v(a0.add(a1)).add(v(a2.add(a3)))); // lane l: (acc[l]+acc[4+l]) + (acc[8+l]+acc[12+l])
        double s = (lane(w, 0) + lane(w, 1)) + (lane(w, 2) + lane(w, 3));
        for (; i < n; i++) {
            s = Math.fma(x[xo + i], y[yo + i], s);
        }
        return s;
    }

    static double sumSqCore(double[] x, int off, int n) {
        int m = n - n % K, i = 0;
        DoubleVector a0 = v(DoubleVector.zero(S)), a1 = a0, a2 = a0, a3 = a0;
        for (; i < m; i += K) {
            int p = off + i;
            DoubleVector v0 = v(DoubleVector.fromArray(S, x, p));
            DoubleVector v1 = v(DoubleVector.fromArray(S, x, p + L));
            DoubleVector v2 = v(DoubleVector.fromArray(S, x, p + 2 * L));
            DoubleVector v3 = v(DoubleVector.fromArray(S, x, p + 3 * L));
            a0 = v(v0.fma(v0, a0));
            a1 = v(v1.fma(v1, a1));
            a2 = v(v2.fma(v2, a2));
            a3 = v(v3.fma(v3, a3));
        }
        DoubleVector w = v(v(a0.add(a1)).add(v(a2.add(a3)))); // lane l: (acc[l]+acc[4+l]) + (acc[8+l]+acc[12+l])
        double s = (lane(w, 0) + lane(w, 1)) + (lane(w, 2) + lane(w, 3));
        for (; i < n; i++) {
            double v = x[off + i];
            s = Math.fma(v, v, s);
        }
        return s;
    }

    /**
     * max |x[i]| computed on the bit patterns: for doubles with the sign bit cleared, the signed-long order of
     * the bits is the numeric order, with +inf above every finite value and every NaN above +inf. So the
     * result is NaN or +inf exactly when an input is non-finite (then checked by the caller), and the value is
     * order-free. Integer max avoids the NaN/-0.0 fix-up sequence of a floating-point vector max (measured
     * 5x slower here).
     */
    static double maxAbsCore(double[] x, int off, int n) {
        int m = n & -L, i = 0;
        LongVector mx = lv(LongVector.zero(LS));
        for (; i < m; i += L) {
            LongVector b = lv(lv(v(DoubleVector.fromArray(S, x, off + i)).reinterpretAsLongs()).and(ABS_MASK));
            mx = lv(mx.max(b));
        }
        long r = Math.max(Math.max(mx.lane(0), mx.lane(1)), Math.max(mx.lane(2), mx.lane(3)));
        for (; i < n; i++) {
            r = Math.max(r, Double.doubleToRawLongBits(x[off + i]) & ABS_MASK);
        }
        return Double.longBitsToDouble(r);
    }

    // ---- public API --------------------------------------------------------------------------------------

    public static double sum(double[] x, int off, int n) {
        Objects.checkFromIndexSize(off, n, x.length);
        return checked("Reductions.sum", sumCore(x, off, n), x, off, null, 0, n);
    }

    public static double dot(double[] x, int xOff, double[] y, int yOff, int n) {
        Objects.checkFromIndexSize(xOff, n, x.length);
        Objects.checkFromIndexSize(yOff, n, y.length);
        return checked("Reductions.dot", dotCore(x, xOff, y, yOff, n), x, xOff, y, yOff, n);
    }

    public static double sumOfSquares(double[] x, int off, int n) {
        Objects.checkFromIndexSize(off, n, x.length);
        return checked("Reductions.sumOfSquares", sumSqCore(x, off, n), x, off, null, 0, n);
    }

    public static double maxAbs(double[] x, int off, int n) {
        Objects.checkFromIndexSize(off, n, x.length);
        return checked("Reductions.maxAbs", maxAbsCore(x, off, n), x, off, null, 0, n);
    }

    /** Sum of all elements of a (flat row-major order). */
    public static double sum(Mat a) {
        return checkedMat("Reductions.sum", sumCore(a.data, 0, a.data.length), a, null);
    }

    /** Σ a[i]·b[i] over the flat data (the Frobenius inner product); shapes must be equal. */
    public static double dot(Mat a, Mat b) {
        NonFinite.requireSameShape("Reductions.dot", a, "a", b, "b");
        return checkedMat("Reductions.dot", dotCore(a.data, 0, b.data, 0, a.data.length), a, b);
    }

    public static double sumOfSquares(Mat a) {
        return checkedMat("Reductions.sumOfSquares", sumSqCore(a.data, 0, a.data.length), a, null);
    }

    /** Math.sqrt of {@link #sumOfSquares(Mat)}. */
    public static double frobeniusNorm(Mat a) {
        return Math.sqrt(sumOfSquares(a));
    }

    public static double maxAbs(Mat a) {
        return checkedMat("Reductions.maxAbs", maxAbsCore(a.data, 0, a.data.length), a, null);
    }

    /** out[r] = dot(row r of a, row r of b); out.length must be a.rows. */
    public static void rowDots(Mat a, Mat b, double[] out) {
        String op = "Reductions.rowDots";
        NonFinite.requireSameShape(op, a, "a", b, "b");
        requireLength(op, out, a.rows, a);
        int c = a.cols;
        for (int r = 0; r < a.rows; r++) {
            out[r] = checkedMat(op, dotCore(a.data, r * c, b.data, r * c, c), a, b);
        }
    }

    /** out[r] = sum of squares of row r (its sqrt is the row's Euclidean norm); out.length must be a.rows. */
    public static void rowSumsOfSquares(Mat a, double[] out) {
        String op = "Reductions.rowSumsOfSquares";
        requireLength(op, out, a.rows, a);
        int c = a.cols;
        for (int r = 0; r < a.rows; r++) {
            out[r] = checkedMat(op, sumSqCore(a.data, r * c, c), a, null);
        }
    }

    /** out[c] = Σ_r a[r][c] in increasing r from +0.0 (one chain per column; vectorised across columns). */
    public static void columnSums(Mat a, double[] out) {
        String op = "Reductions.columnSums";
        requireLength(op, out, a.cols, a);
        int cols = a.cols, rows = a.rows, vc = cols & -L;
        double[] d = a.data;
        DoubleVector zero = v(DoubleVector.zero(S)), bad = zero;
        int c = 0;
        for (; c < vc; c += L) {
            DoubleVector s = zero;
            for (int r = 0; r < rows; r++) {
                s = v(s.add(v(DoubleVector.fromArray(S, d, r * cols + c))));
            }
            s.intoArray(out, c);
            bad = v(s.fma(zero, bad));
        }
        boolean ok = !m(bad.compare(VectorOperators.NE, bad)).anyTrue();
        for (; c < cols; c++) {
            double s = 0.0;
            for (int r = 0; r < rows; r++) {
                s = s + d[r * cols + c];
            }
            out[c] = s;
            ok &= s - s == 0.0;
        }
        if (!ok) {
            for (double s : out) {
                checkedMat(op, s, a, null);
            }
        }
    }

    /** out[r] = the lowest column index holding row r's maximum (-0.0 and +0.0 tie); a must have ≥ 1 column. */
    public static void argmaxRows(Mat a, int[] out) {
        String op = "Reductions.argmaxRows";
        requireArgmaxShape(op, a, out);
        Checks.requireFinite(op, "a", a);
        int cols = a.cols, vc = cols & -L;
        double[] d = a.data;
        for (int r = 0; r < a.rows; r++) {
            int base = r * cols, j = 0;
            // Pass 1: the maximum value (order-free: max of non-NaN values; ±0 resolved by pass 2's ==).
            double m = d[base];
            if (vc > 0) {
                DoubleVector mv = v(DoubleVector.fromArray(S, d, base));
                for (j = L; j < vc; j += L) {
                    mv = v(mv.max(v(DoubleVector.fromArray(S, d, base + j))));
                }
                m = Math.max(Math.max(lane(mv, 0), lane(mv, 1)), Math.max(lane(mv, 2), lane(mv, 3)));
            }
            for (; j < cols; j++) {
                m = Math.max(m, d[base + j]);
            }
            // Pass 2: the first index equal to it.
            int k = 0;
            while (d[base + k] != m) {
                k++;
            }
            out[r] = k;
        }
    }

    // ---- checks shared with the reference ----------------------------------------------------------------

    static void requireLength(String op, double[] out, int n, Mat a) {
        if (out.length != n) {
            throw new ShapeMismatchException(op + ": out has length " + out.length + ", expected " + n + " for a "
                    + a.shape());
        }
    }

    static void requireArgmaxShape(String op, Mat a, int[] out) {
        if (out.length != a.rows) {
            throw new ShapeMismatchException(op + ": out has length " + out.length + ", expected " + a.rows
                    + " for a " + a.shape());
        }
        if (a.cols == 0 && a.rows > 0) {
            throw new ShapeMismatchException(op + ": a is " + a.shape() + "; rows need at least one column");
        }
    }

    static NonFiniteInputException matFailure(String op, double s, Mat a, Mat b) {
        Checks.requireFinite(op, "a", a);
        if (b != null) {
            Checks.requireFinite(op, "b", b);
        }
        return new NonFiniteInputException(op + ": result " + s + " from finite operands a " + a.shape()
                + (b == null ? "" : ", b " + b.shape()) + " (overflow)");
    }

    private static double checked(String op, double s, double[] x, int xo, double[] y, int yo, int n) {
        if (s - s != 0.0) {
            throw NonFinite.forScalar(op, s, x, xo, y, yo, n);
        }
        return s;
    }

    private static double checkedMat(String op, double s, Mat a, Mat b) {
        if (s - s != 0.0) {
            throw matFailure(op, s, a, b);
        }
        return s;
    }

    private static DoubleVector v(DoubleVector x) {
        return (DoubleVector) V.cast(x);
    }

    private static LongVector lv(LongVector x) {
        return (LongVector) LV.cast(x);
    }

    @SuppressWarnings("unchecked")
    private static VectorMask<Double> m(VectorMask<Double> x) {
        return (VectorMask<Double>) M.cast(x);
    }
}
