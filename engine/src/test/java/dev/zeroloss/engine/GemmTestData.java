package dev.zeroloss.engine;

import java.util.SplittableRandom;

/** Fixed-seed operands for the GEMM tests: mixed magnitudes, signed zeros, exact small integers. */
final class GemmTestData {
    static final long SEED = 0x5EED_6E33L;

    private GemmTestData() {
    }

    /** Values spread over several binades, with some +0.0 and -0.0 (their sign reaches the result). */
    static double value(SplittableRandom rnd) {
        int kind = rnd.nextInt(40);
        if (kind == 0) {
            return 0.0;
        }
        if (kind == 1) {
            return -0.0;
        }
        double v = rnd.nextDouble(-1.0, 1.0);
        return kind < 8 ? Math.scalb(v, rnd.nextInt(-20, 21)) : v;
    }

    static double[] array(SplittableRandom rnd, int length) {
        double[] d = new double[length];
        for (int i = 0; i < length; i++) {
            d[i] = value(rnd);
        }
        return d;
    }

    static Mat random(SplittableRandom rnd, int rows, int cols) {
        return new Mat(rows, cols, array(rnd, rows * cols));
    }

    /** A random operand whose op() is rows×cols: stored cols×rows when it is used transposed. */
    static Mat operand(SplittableRandom rnd, boolean trans, int rows, int cols) {
        return trans ? random(rnd, cols, rows) : random(rnd, rows, cols);
    }

    /** Integers in [-bound, bound]: every product and partial sum below 2^53 is exact. */
    static Mat integers(SplittableRandom rnd, int rows, int cols, int bound) {
        Mat m = new Mat(rows, cols);
        for (int i = 0; i < m.data.length; i++) {
            m.data[i] = rnd.nextInt(-bound, bound + 1);
        }
        return m;
    }

    /** Index of the first differing raw bit pattern, or -1. */
    static int firstDifference(double[] x, double[] y) {
        if (x.length != y.length) {
            return 0;
        }
        for (int i = 0; i < x.length; i++) {
            if (Double.doubleToRawLongBits(x[i]) != Double.doubleToRawLongBits(y[i])) {
                return i;
            }
        }
        return -1;
    }
}
