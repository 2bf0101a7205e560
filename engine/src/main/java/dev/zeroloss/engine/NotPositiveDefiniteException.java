package dev.zeroloss.engine;

/** Cholesky met a pivot that is not strictly positive: the matrix is not (numerically) positive definite. */
public class NotPositiveDefiniteException extends ArithmeticException {
    private static final long serialVersionUID = 1L;
    private final int column;
    private final double pivot;

    public NotPositiveDefiniteException(String operation, int n, int column, double pivot) {
        super(operation + ": " + n + "x" + n + " matrix is not positive definite: pivot of column " + column
                + " is " + pivot + " (must be > 0)");
        this.column = column;
        this.pivot = pivot;
    }

    public int column() {
        return column;
    }

    public double pivot() {
        return pivot;
    }
}
