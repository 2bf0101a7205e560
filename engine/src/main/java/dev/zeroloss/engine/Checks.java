package dev.zeroloss.engine;

/** Argument checks shared by every operation; messages name the operation, the operand and the shapes. */
public final class Checks {
    private Checks() {
    }

    public static void requireShape(String op, String name, Mat m, int rows, int cols) {
        if (m.rows != rows || m.cols != cols) {
            throw new ShapeMismatchException(op + ": " + name + " is " + m.shape() + ", expected " + rows + "x" + cols);
        }
    }

    public static void requireSquare(String op, String name, Mat m) {
        if (m.rows != m.cols) {
            throw new ShapeMismatchException(op + ": " + name + " must be square, is " + m.shape());
        }
    }

    public static void requireDistinct(String op, Mat out, Mat in, String inName) {
        if (out == in || out.data == in.data) {
            throw new IllegalArgumentException(op + ": output must not alias input " + inName);
        }
    }

    /** Throws {@link NonFiniteInputException} naming the first NaN or infinite element of {@code m}. */
    public static void requireFinite(String op, String name, Mat m) {
        double[] d = m.data;
        for (int i = 0; i < d.length; i++) {
            double v = d[i];
            if (v - v != 0.0) { // NaN or +-infinity
                int c = Math.max(m.cols, 1);
                throw new NonFiniteInputException(op + ": " + name + " (" + m.shape() + ") has " + v
                        + " at (" + (i / c) + ", " + (i % c) + "); inputs must be finite");
            }
        }
    }
}
