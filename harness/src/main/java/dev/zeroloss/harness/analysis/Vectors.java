package dev.zeroloss.harness.analysis;

/** Plain-array dot, norm and cosine in one written-down order (a single fma chain in increasing index). */
public final class Vectors {
    private Vectors() {
    }

    /** Σ a_i·b_i as one fma chain in increasing i. */
    public static double dot(double[] a, double[] b) {
        double s = 0.0;
        for (int i = 0; i < a.length; i++) {
            s = Math.fma(a[i], b[i], s);
        }
        return s;
    }

    public static double norm(double[] a) {
        return Math.sqrt(dot(a, a));
    }

    /** cos(a, b); NaN when either is the zero vector (undefined). */
    public static double cosine(double[] a, double[] b) {
        double na = norm(a);
        double nb = norm(b);
        if (na == 0.0 || nb == 0.0) {
            return Double.NaN;
        }
        return dot(a, b) / (na * nb);
    }
}
