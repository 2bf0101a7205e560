package dev.zeroloss.engine;

/**
 * The scalar definition of the reductions; {@link Reductions} must equal it bit for bit on every machine.
 *
 * <p><b>The order of a sum-like reduction</b> (sum, dot, sum of squares) over n elements, independent of the
 * hardware's vector width:
 * <ol>
 * <li>Let {@code m = n - n % 16}. Sixteen partial accumulators {@code acc[0..15]} start at +0.0; accumulator
 *     r takes the elements {@code i ≡ r (mod 16)}, {@code i < m}, in increasing i:
 *     sum: {@code acc[r] = acc[r] + x[i]}; dot: {@code acc[r] = fma(x[i], y[i], acc[r])};
 *     sum of squares: {@code acc[r] = fma(x[i], x[i], acc[r])}.</li>
 * <li>Combine: {@code w[l] = (acc[l] + acc[4+l]) + (acc[8+l] + acc[12+l])} for l = 0..3, then
 *     {@code s = (w[0] + w[1]) + (w[2] + w[3])}.</li>
 * <li>Tail, increasing i from m to n−1: {@code s = s + x[i]} (sum) or {@code s = fma(x[i], y[i], s)} (dot) or
 *     {@code s = fma(x[i], x[i], s)} (sum of squares).</li>
 * </ol>
 * (Sixteen = four 256-bit vectors of four doubles: enough independent fma chains to hide the fma latency;
 * the fast path keeps accumulator r in lane r%4 of vector r/4.) The Frobenius norm is
 * {@code Math.sqrt(sumOfSquares)} (exactly rounded). A Mat is reduced as its flat row-major data array.
 *
 * <p>maxAbs = the largest |x[i]| (+0.0 when empty); a maximum of non-negative non-NaN values is the same in any
 * order. argmax per row = the lowest index j whose value is numerically the row maximum (a strict
 * {@code >} scan from j = 0; -0.0 and +0.0 tie). columnSums: {@code out[c] = (((+0.0 + a[0][c]) + a[1][c]) + …)}
 * in increasing row. Row-wise variants reduce each row as its own array with the order above.
 *
 * <p>Non-finite values: a non-finite input makes the result non-finite (NaN or ±inf propagate through +, fma
 * and max), and so does an overflow; the result is checked and {@link NonFiniteInputException} names the
 * first non-finite input element, or reports the overflow. argmax checks its input first.
 */
public final class ReductionsReference {
    private ReductionsReference() {
    }

    static final int K = 16;

    /** Kinds of sum-like reduction. */
    private static final int SUM = 0, DOT = 1, SUMSQ = 2;

    private static double reduce(int kind, double[] x, int xo, double[] y, int yo, int n) {
        double[] acc = new double[K];
        int m = n - n % K;
        for (int i = 0; i < m; i++) {
            int r = i % K;
            acc[r] = term(kind, x[xo + i], y == null ? 0.0 : y[yo + i], acc[r]);
        }
        double[] w = new double[4];
        for (int l = 0; l < 4; l++) {
            w[l] = (acc[l] + acc[4 + l]) + (acc[8 + l] + acc[12 + l]);
        }
        double s = (w[0] + w[1]) + (w[2] + w[3]);
        for (int i = m; i < n; i++) {
            s = term(kind, x[xo + i], y == null ? 0.0 : y[yo + i], s);
        }
        return s;
    }

    private static double term(int kind, double xi, double yi, double s) {
        switch (kind) {
            case SUM:
                return s + xi;
            case DOT:
                return Math.fma(xi, yi, s);
            default:
                return Math.fma(xi, xi, s);
        }
    }

    public static double sum(double[] x, int off, int n) {
        return checked("ReductionsReference.sum", reduce(SUM, x, off, null, 0, n), x, off, null, 0, n);
    }

    public static double dot(double[] x, int xOff, double[] y, int yOff, int n) {
        return checked("ReductionsReference.dot", reduce(DOT, x, xOff, y, yOff, n), x, xOff, y, yOff, n);
    }

    public static double sumOfSquares(double[] x, int off, int n) {
        return checked("ReductionsReference.sumOfSquares", reduce(SUMSQ, x, off, null, 0, n), x, off, null, 0, n);
    }

    public static double maxAbs(double[] x, int off, int n) {
        double m = 0.0;
        for (int i = 0; i < n; i++) {
            m = Math.max(m, Math.abs(x[off + i]));
        }
        return checked("ReductionsReference.maxAbs", m, x, off, null, 0, n);
    }

    public static double sum(Mat a) {
        return checkedMat("ReductionsReference.sum", reduce(SUM, a.data, 0, null, 0, a.data.length), a, null);
    }

    public static double dot(Mat a, Mat b) {
        NonFinite.requireSameShape("ReductionsReference.dot", a, "a", b, "b");
        return checkedMat("ReductionsReference.dot", reduce(DOT, a.data, 0, b.data, 0, a.data.length), a, b);
    }

    public static double sumOfSquares(Mat a) {
        return checkedMat("ReductionsReference.sumOfSquares", reduce(SUMSQ, a.data, 0, null, 0, a.data.length), a,
                null);
    }

    public static double frobeniusNorm(Mat a) {
        return Math.sqrt(sumOfSquares(a));
    }

    public static double maxAbs(Mat a) {
        double m = 0.0;
        for (double v : a.data) {
            m = Math.max(m, Math.abs(v));
        }
        return checkedMat("ReductionsReference.maxAbs", m, a, null);
    }

    /** out[r] = dot(row r of a, row r of b). */
    public static void rowDots(Mat a, Mat b, double[] out) {
        String op = "ReductionsReference.rowDots";
        NonFinite.requireSameShape(op, a, "a", b, "b");
        Reductions.requireLength(op, out, a.rows, a);
        for (int r = 0; r < a.rows; r++) {
            out[r] = checkedMat(op, reduce(DOT, a.data, r * a.cols, b.data, r * a.cols, a.cols), a, b);
        }
    }

    /** out[r] = sum of squares of row r of a. */
    public static void rowSumsOfSquares(Mat a, double[] out) {
        String op = "ReductionsReference.rowSumsOfSquares";
        Reductions.requireLength(op, out, a.rows, a);
        for (int r = 0; r < a.rows; r++) {
            out[r] = checkedMat(op, reduce(SUMSQ, a.data, r * a.cols, null, 0, a.cols), a, null);
        }
    }

    /** out[c] = sum over rows r (increasing) of a[r][c], from +0.0. */
    public static void columnSums(Mat a, double[] out) {
        String op = "ReductionsReference.columnSums";
        Reductions.requireLength(op, out, a.cols, a);
        for (int c = 0; c < a.cols; c++) {
            double s = 0.0;
            for (int r = 0; r < a.rows; r++) {
                s = s + a.data[r * a.cols + c];
            }
            out[c] = checkedMat(op, s, a, null);
        }
    }

    /** out[r] = the lowest column index holding row r's maximum. */
    public static void argmaxRows(Mat a, int[] out) {
        String op = "ReductionsReference.argmaxRows";
        Reductions.requireArgmaxShape(op, a, out);
        Checks.requireFinite(op, "a", a);
        for (int r = 0; r < a.rows; r++) {
            int base = r * a.cols, best = 0;
            double bv = a.data[base];
            for (int j = 1; j < a.cols; j++) {
                if (a.data[base + j] > bv) {
                    bv = a.data[base + j];
                    best = j;
                }
            }
            out[r] = best;
        }
    }

    private static double checked(String op, double s, double[] x, int xo, double[] y, int yo, int n) {
        if (s - s != 0.0) {
            throw NonFinite.forScalar(op, s, x, xo, y, yo, n);
        }
        return s;
    }

    private static double checkedMat(String op, double s, Mat a, Mat b) {
        if (s - s != 0.0) {
            throw Reductions.matFailure(op, s, a, b);
        }
        return s;
    }
}
