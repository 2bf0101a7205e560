package dev.zeroloss.engine;

import java.util.Arrays;

/**
 * A dense float64 matrix stored row-major in one array: element (i, j) is {@code data[i * cols + j]}.
 * No views, no offsets: every kernel of the engine reads and writes whole matrices of this form.
 */
public final class Mat {
    public final int rows;
    public final int cols;
    public final double[] data;

    public Mat(int rows, int cols) {
        this(rows, cols, new double[checkedSize(rows, cols)]);
    }

    /** Wraps {@code data} (not copied); its length must be exactly rows * cols. */
    public Mat(int rows, int cols, double[] data) {
        int size = checkedSize(rows, cols);
        if (data.length != size) {
            throw new IllegalArgumentException("Mat: data length " + data.length + " does not match shape "
                    + rows + "x" + cols + " (needs " + size + ")");
        }
        this.rows = rows;
        this.cols = cols;
        this.data = data;
    }

    private static int checkedSize(int rows, int cols) {
        if (rows < 0 || cols < 0) {
            throw new IllegalArgumentException("Mat: negative shape " + rows + "x" + cols);
        }
        long size = (long) rows * cols;
        if (size > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("Mat: shape " + rows + "x" + cols + " exceeds the array limit");
        }
        return (int) size;
    }

    public static Mat identity(int n) {
        Mat m = new Mat(n, n);
        for (int i = 0; i < n; i++) {
            m.data[i * n + i] = 1.0;
        }
        return m;
    }

    /** Builds a matrix from rows given as arrays (copied); all rows must have one length. */
    public static Mat of(double[]... rowArrays) {
        int r = rowArrays.length;
        int c = r == 0 ? 0 : rowArrays[0].length;
        Mat m = new Mat(r, c);
        for (int i = 0; i < r; i++) {
            if (rowArrays[i].length != c) {
                throw new IllegalArgumentException("Mat.of: row " + i + " has length " + rowArrays[i].length
                        + ", row 0 has " + c);
            }
            System.arraycopy(rowArrays[i], 0, m.data, i * c, c);
        }
        return m;
    }

    public double get(int i, int j) {
        return data[i * cols + j];
    }

    public void set(int i, int j, double v) {
        data[i * cols + j] = v;
    }

    public Mat copy() {
        return new Mat(rows, cols, data.clone());
    }

    public void copyFrom(Mat src) {
        if (src.rows != rows || src.cols != cols) {
            throw new ShapeMismatchException("Mat.copyFrom: source " + src.shape() + " into " + shape());
        }
        System.arraycopy(src.data, 0, data, 0, data.length);
    }

    public void fill(double v) {
        Arrays.fill(data, v);
    }

    public Mat transpose() {
        Mat t = new Mat(cols, rows);
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                t.data[j * rows + i] = data[i * cols + j];
            }
        }
        return t;
    }

    public boolean sameShape(Mat o) {
        return rows == o.rows && cols == o.cols;
    }

    /** True when both have one shape and every element has the same IEEE bits (so -0.0 != 0.0, NaN == NaN). */
    public boolean bitEquals(Mat o) {
        if (!sameShape(o)) {
            return false;
        }
        for (int i = 0; i < data.length; i++) {
            if (Double.doubleToRawLongBits(data[i]) != Double.doubleToRawLongBits(o.data[i])) {
                return false;
            }
        }
        return true;
    }

    /** "rows x cols", as used in every error message. */
    public String shape() {
        return rows + "x" + cols;
    }

    @Override
    public String toString() {
        return "Mat[" + shape() + "]";
    }
}
