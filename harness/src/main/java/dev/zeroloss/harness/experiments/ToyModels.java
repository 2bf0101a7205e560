package dev.zeroloss.harness.experiments;

/**
 * The toy models of Secs. 3.1–3.4, one gradient step each, written out scalar by scalar so the operation
 * order (and therefore every bit) is fixed. All objectives use the paper's convention: data term as a sum of
 * squared errors plus λ‖w‖² (gradient 2λw).
 */
public final class ToyModels {
    private ToyModels() {
    }

    /**
     * One GD step on (w·x − y)² + λ‖w‖² for one sample x (Figs. 1 and 2): w ← w − η(2(w·x − y)x + 2λw).
     * Updates w in place and returns the residual w·x − y before the step.
     */
    public static double linearStep(double[] w, double[] x, double y, double lambda, double eta) {
        double r = -y;
        for (int i = 0; i < w.length; i++) {
            r = Math.fma(w[i], x[i], r);
        }
        for (int i = 0; i < w.length; i++) {
            double g = 2.0 * r * x[i] + 2.0 * lambda * w[i];
            w[i] -= eta * g;
        }
        return r;
    }

    /** Fixed point of GD on (w·1 − y)² + λ‖w‖² with x = (1,…,1) of length n: every w_i = y/(n + λ). */
    public static double linearFixedPoint(int n, double y, double lambda) {
        return y / (n + lambda);
    }

    /** Factor by which the component of w orthogonal to x shrinks per GD step: 1 − 2ηλ (exact in ℝ). */
    public static double orthogonalDecay(double lambda, double eta) {
        return 1.0 - 2.0 * eta * lambda;
    }

    /** One GD step on (w2·w1·x − y)² + λ(w1² + w2²) with x = 1 (Fig. 3, left and centre). */
    public static void productStep(double[] w, double y, double lambda, double eta) {
        double r = w[0] * w[1] - y;
        double g0 = 2.0 * r * w[1] + 2.0 * lambda * w[0];
        double g1 = 2.0 * r * w[0] + 2.0 * lambda * w[1];
        w[0] -= eta * g0;
        w[1] -= eta * g1;
    }

    /** Leaky ReLU with the given negative-side slope. */
    public static double leaky(double z, double slope) {
        return z >= 0 ? z : slope * z;
    }

    /** One GD step on (σ(w1 + w2) − y)² + λ‖w‖², σ leaky ReLU (Fig. 3, right; input x = (1,1)). */
    public static void leakyStep(double[] w, double y, double slope, double lambda, double eta) {
        double z = w[0] + w[1];
        double r = leaky(z, slope) - y;
        double d = z >= 0 ? 1.0 : slope;
        double g0 = 2.0 * r * d + 2.0 * lambda * w[0];
        double g1 = 2.0 * r * d + 2.0 * lambda * w[1];
        w[0] -= eta * g0;
        w[1] -= eta * g1;
    }

    /** Fig. 4 loss L(x, y) = (y − x²)². */
    public static double parabolaLoss(double x, double y) {
        double r = y - x * x;
        return r * r;
    }

    /** ∇L = (−4x(y − x²), 2(y − x²)). */
    public static double[] parabolaGradient(double x, double y) {
        double r = y - x * x;
        return new double[] {-4.0 * x * r, 2.0 * r};
    }

    /**
     * Nearest point of the parabola y = x² to (px, py): the root of 2x³ + (1 − 2py)x − px = 0 found by Newton
     * from {@code guess} (the derivative of the squared distance, halved). Returns its x.
     */
    public static double projectOntoParabola(double px, double py, double guess) {
        double x = guess;
        for (int it = 0; it < 100; it++) {
            double f = 2.0 * x * x * x + (1.0 - 2.0 * py) * x - px;
            double df = 6.0 * x * x + (1.0 - 2.0 * py);
            double nx = x - f / df;
            if (nx == x) {
                break;
            }
            x = nx;
        }
        return x;
    }
}
