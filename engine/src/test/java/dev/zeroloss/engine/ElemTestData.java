package dev.zeroloss.engine;

import java.util.SplittableRandom;

/** Random test operands for the element-wise / reduction tests, with nasty values mixed in. */
final class ElemTestData {
    private ElemTestData() {
    }

    /** Shapes with 1, primes, non-multiples of 4 and 16, and one ≥ 1000 in size. */
    static final int[][] SHAPES = {{1, 1}, {1, 3}, {3, 1}, {2, 5}, {7, 13}, {5, 16}, {17, 31}, {31, 37},
            {64, 33}, {97, 101}, {492, 512}, {1, 1031}, {0, 5}, {4, 0}};

    /** Gaussian-ish values with about 10% specials: ±0.0, subnormals, ±MIN_NORMAL, integers, big and tiny. */
    static double value(SplittableRandom r) {
        int k = r.nextInt(40);
        switch (k) {
            case 0: return 0.0;
            case 1: return -0.0;
            case 2: return Double.MIN_VALUE * (r.nextBoolean() ? 1 : -1) * (1 + r.nextInt(1000));
            case 3: return Double.MIN_NORMAL * (r.nextDouble() - 0.5);
            case 4: return r.nextInt(-8, 9);
            case 5: return (r.nextDouble() - 0.5) * 1e150;
            case 6: return (r.nextDouble() - 0.5) * 1e-300;
            default: return (r.nextDouble() * 2 - 1) * Math.exp(r.nextDouble() * 6 - 3);
        }
    }

    static Mat mat(int rows, int cols, SplittableRandom r) {
        Mat m = new Mat(rows, cols);
        for (int i = 0; i < m.data.length; i++) {
            m.data[i] = value(r);
        }
        return m;
    }

    static double[] array(int n, SplittableRandom r) {
        double[] a = new double[n];
        for (int i = 0; i < n; i++) {
            a[i] = value(r);
        }
        return a;
    }

    /** Plain moderate values (no overflow possible in products/sums of a few thousand). */
    static Mat plain(int rows, int cols, SplittableRandom r) {
        Mat m = new Mat(rows, cols);
        for (int i = 0; i < m.data.length; i++) {
            m.data[i] = r.nextDouble() * 2 - 1;
        }
        return m;
    }

    static String bits(double v) {
        return Double.toHexString(v) + " (0x" + Long.toHexString(Double.doubleToRawLongBits(v)) + ")";
    }
}
