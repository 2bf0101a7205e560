package dev.zeroloss.harness.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Closed forms of the toy models (Secs. 3.1–3.4) against the code's GD and gradients. */
class ToyModelsTest {

    @Test
    void twoParamFixedPointIsTwoOverTwoPlusLambda() {
        for (double lambda : new double[] {0.05, 0.1, 0.2, 0.5}) {
            double[] w = {-1.0, 1.0};
            for (int s = 0; s < 20_000; s++) {
                ToyModels.linearStep(w, new double[] {1.0, 1.0}, 2.0, lambda, 0.1);
            }
            double fp = 2.0 / (2.0 + lambda);
            assertEquals(fp, ToyModels.linearFixedPoint(2, 2.0, lambda), 0.0);
            assertEquals(fp, w[0], 1e-12 * fp, "w1, λ=" + lambda);
            assertEquals(fp, w[1], 1e-12 * fp, "w2, λ=" + lambda);
        }
    }

    @Test
    void threeParamFixedPointIsThreeOverThreePlusLambda() {
        double lambda = 0.1;
        double[][] starts = {{2, -1, 0}, {-1, 0.5, 2.5}, {0, 3, 2}, {1.5, -1.5, -1}};
        for (double[] st : starts) {
            double[] w = st.clone();
            for (int s = 0; s < 6000; s++) {
                ToyModels.linearStep(w, new double[] {1, 1, 1}, 3.0, lambda, 0.05);
            }
            double fp = 3.0 / (3.0 + lambda);
            for (double v : w) {
                assertEquals(fp, v, 1e-12 * fp);
            }
        }
    }

    /** The (1,−1) component u = (w1 − w2)/√2 shrinks by exactly 1 − 2ηλ per step (up to rounding of w1 − w2). */
    @Test
    void orthogonalComponentDecaysByOneMinusTwoEtaLambda() {
        double eta = 0.1;
        for (double lambda : new double[] {0.01, 0.1, 0.2}) {
            double q = ToyModels.orthogonalDecay(lambda, eta);
            assertEquals(1.0 - 2.0 * eta * lambda, q, 0.0);
            double[] w = {-1.0, 1.0};
            double u = (w[0] - w[1]) / Math.sqrt(2.0);
            double u0 = u;
            for (int s = 1; s <= 200; s++) {
                ToyModels.linearStep(w, new double[] {1.0, 1.0}, 2.0, lambda, eta);
                double un = (w[0] - w[1]) / Math.sqrt(2.0);
                assertEquals(q, un / u, 1e-12, "step " + s + " λ=" + lambda);
                u = un;
            }
            // And in closed form after 200 steps: u = u0·q^200.
            assertEquals(u0 * StrictMath.pow(q, 200), u, 1e-12 * Math.abs(u0));
        }
    }

    @Test
    void productModelEndsAtDecayedMinNormPoint() {
        double lambda = 0.05;
        double[] w = {2.5, 0.3};
        for (int s = 0; s < 4000; s++) {
            ToyModels.productStep(w, 1.0, lambda, 0.05);
        }
        double a = Math.sqrt(1.0 - lambda);
        assertEquals(a, w[0], 1e-12);
        assertEquals(a, w[1], 1e-12);
    }

    @Test
    void leakyUnitEndsAtTwoOverTwoPlusLambda() {
        double lambda = 0.05;
        double[] w = {-1.5, -1.0};
        for (int s = 0; s < 8000; s++) {
            ToyModels.leakyStep(w, 2.0, 0.1, lambda, 0.05);
        }
        assertEquals(2.0 / (2.0 + lambda), w[0], 1e-12);
        assertEquals(2.0 / (2.0 + lambda), w[1], 1e-12);
    }

    @Test
    void parabolaGradientMatchesCentralDifferences() {
        double h = 1e-6;
        double[][] pts = {{1.0, 1.0}, {0.46, 1.27}, {-0.7, 0.2}, {1.9, 2.5}, {0.0, -0.3}, {1.3, 1.69001}};
        for (double[] p : pts) {
            double[] g = ToyModels.parabolaGradient(p[0], p[1]);
            double gx = (ToyModels.parabolaLoss(p[0] + h, p[1]) - ToyModels.parabolaLoss(p[0] - h, p[1])) / (2 * h);
            double gy = (ToyModels.parabolaLoss(p[0], p[1] + h) - ToyModels.parabolaLoss(p[0], p[1] - h)) / (2 * h);
            double scale = 1.0 + Math.hypot(g[0], g[1]);
            assertEquals(gx, g[0], 1e-7 * scale);
            assertEquals(gy, g[1], 1e-7 * scale);
        }
    }

    @Test
    void projectionOfNormalPointIsTheBasePointAndCosineIsFirstOrderLinear() {
        double x0 = 1.0;
        for (double d : new double[] {1e-3, 0.01, 0.1, 0.6}) {
            Fig4GradientOrthogonality.Probe p = Fig4GradientOrthogonality.probe(x0, 1.0, d);
            assertEquals(x0, p.qx(), 1e-12, "projection, d=" + d);
            assertEquals(d, p.distance(), 1e-12);
            // Closed form |cos| = 4x0·d / (s²·√(1 + 4x²)), x = x0 − 2x0·d/s.
            double s = Math.sqrt(5.0);
            double x = x0 - 2.0 * x0 * d / s;
            assertEquals(4.0 * x0 * d / (s * s * Math.sqrt(1.0 + 4.0 * x * x)), p.absCos(), 1e-12);
        }
        Fig4GradientOrthogonality.Probe small = Fig4GradientOrthogonality.probe(x0, 1.0, 1e-5);
        assertTrue(Math.abs(small.absCos() / 1e-5 - Fig4GradientOrthogonality.limitRatio(x0))
                <= 1e-4 * Fig4GradientOrthogonality.limitRatio(x0));
    }
}
