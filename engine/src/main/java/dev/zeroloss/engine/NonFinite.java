package dev.zeroloss.engine;

/**
 * Builds the exception for a non-finite result, shared by the fast kernels and their references so both
 * throw the same message. Only reached on the failure path, so it may allocate and scan freely.
 *
 * <p>The kernels detect bad input through the RESULT (a NaN or an infinity in any operand makes the result
 * non-finite; so does an overflow from finite operands). This class then names the culprit: the first
 * non-finite element of the first operand that has one, or else the overflowed result element.
 */
final class NonFinite {
    private NonFinite() {
    }

    /** For a Mat-valued result; operands that share the result's array (in-place forms) are not blamed. */
    static NonFiniteInputException forResult(String op, Mat result, String n1, Mat in1, String n2, Mat in2) {
        blameOperand(op, result, n1, in1);
        blameOperand(op, result, n2, in2);
        double[] d = result.data;
        for (int i = 0; i < d.length; i++) {
            double v = d[i];
            if (v - v != 0.0) {
                int c = Math.max(result.cols, 1);
                boolean inPlace = (in1 != null && in1.data == d) || (in2 != null && in2.data == d);
                return new NonFiniteInputException(op + ": result (" + result.shape() + ") has " + v + " at ("
                        + (i / c) + ", " + (i % c) + ")" + (inPlace
                        ? " (in place: a non-finite operand or an overflow)"
                        : " from finite operands (overflow)"));
            }
        }
        return new NonFiniteInputException(op + ": a non-finite operand (" + result.shape()
                + ") was overwritten in place before it could be located");
    }

    private static void blameOperand(String op, Mat result, String name, Mat in) {
        if (in != null && in.data != result.data) {
            Checks.requireFinite(op, name, in);
        }
    }

    /** For a scalar result of a reduction over x[xOff .. xOff+n) (and y[yOff ..) when y is not null). */
    static NonFiniteInputException forScalar(String op, double result, double[] x, int xOff, double[] y, int yOff,
            int n) {
        blameArray(op, "x", x, xOff, n);
        if (y != null) {
            blameArray(op, "y", y, yOff, n);
        }
        return new NonFiniteInputException(op + ": result " + result + " from " + n
                + " finite elements (overflow)");
    }

    private static void blameArray(String op, String name, double[] a, int off, int n) {
        for (int i = 0; i < n; i++) {
            double v = a[off + i];
            if (v - v != 0.0) {
                throw new NonFiniteInputException(op + ": " + name + " has " + v + " at element " + i + " (of " + n
                        + "); inputs must be finite");
            }
        }
    }

    static void requireFiniteScalar(String op, String name, double v) {
        if (v - v != 0.0) {
            throw new NonFiniteInputException(op + ": " + name + " is " + v + "; must be finite");
        }
    }

    static void requireSameShape(String op, Mat a, String an, Mat b, String bn) {
        if (!a.sameShape(b)) {
            throw new ShapeMismatchException(op + ": " + an + " is " + a.shape() + ", " + bn + " is " + b.shape()
                    + "; shapes must be equal");
        }
    }
}
