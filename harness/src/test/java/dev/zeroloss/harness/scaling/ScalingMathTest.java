package dev.zeroloss.harness.scaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zeroloss.engine.Mat;
import dev.zeroloss.engine.Rng;
import dev.zeroloss.engine.SparseRows;
import dev.zeroloss.engine.WorkerPool;
import dev.zeroloss.harness.model.Linalg;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScalingMathTest {

    @Test
    void adamwMatchesHandComputedPytorchSteps() {
        Mat th = Mat.of(new double[] {0.5, -1.25});
        Mat g = new Mat(1, 2);
        Optimizer opt = new Optimizer("adamw", 0.9, 0.98, 1e-8, List.of(th), List.of(g));
        double eta = 1e-2, lam = 0.5;
        double[] grads1 = {0.3, -2.0};
        double[] grads2 = {-0.1, 0.7};
        double[] x = {0.5, -1.25};
        double[] m = new double[2];
        double[] v = new double[2];
        for (int t = 1; t <= 2; t++) {
            double[] gr = t == 1 ? grads1 : grads2;
            g.data[0] = gr[0];
            g.data[1] = gr[1];
            opt.step(eta, lam);
            for (int i = 0; i < 2; i++) {
                // PyTorch AdamW (decoupled): p *= 1 - lr*wd; m = b1 m + (1-b1) g; v = b2 v + (1-b2) g^2;
                // p -= lr/(1-b1^t) * m / (sqrt(v)/sqrt(1-b2^t) + eps)
                x[i] *= 1 - eta * lam;
                m[i] = 0.9 * m[i] + 0.1 * gr[i];
                v[i] = 0.98 * v[i] + 0.02 * gr[i] * gr[i];
                double mhat = m[i] / (1 - Math.pow(0.9, t));
                double vhat = v[i] / (1 - Math.pow(0.98, t));
                x[i] -= eta * mhat / (Math.sqrt(vhat) + 1e-8 / 1.0 * Math.sqrt(1 - Math.pow(0.98, t))
                        / Math.sqrt(1 - Math.pow(0.98, t)) * 1.0);
                assertEquals(x[i], th.data[i], 1e-12 * Math.max(1, Math.abs(x[i])), "t=" + t + " i=" + i);
            }
        }
        // first step by hand in numbers: θ0 = 0.5, g = 0.3 → decay 0.5·0.995 = 0.4975; m̂ = 0.3, v̂ = 0.09,
        // update 1e-2·0.3/(0.3 + 1e-8) ≈ 0.00999999967
        Mat th1 = Mat.of(new double[] {0.5});
        Mat g1 = Mat.of(new double[] {0.3});
        new Optimizer("adamw", 0.9, 0.98, 1e-8, List.of(th1), List.of(g1)).step(1e-2, 0.5);
        assertEquals(0.4975 - 0.01 * 0.3 / (0.3 + 1e-8), th1.data[0], 1e-15);
    }

    @Test
    void sgdIsCoupledDecay() {
        Mat th = Mat.of(new double[] {2.0});
        Mat g = Mat.of(new double[] {0.5});
        new Optimizer("sgd", 0, 0, 0, List.of(th), List.of(g)).step(0.1, 0.25);
        assertEquals(2.0 - 0.1 * (0.5 + 0.25 * 2.0), th.data[0], 0.0);
    }

    @Test
    void crossEntropyGradientMatchesFiniteDifferences() {
        Rng rng = new Rng(3);
        Mat o = new Mat(4, 5);
        rng.fillGaussian(o, 0, 2);
        int[] y = {0, 3, 4, 1};
        for (String loss : new String[] {"ce", "mse_mean", "mse_sum"}) {
            Mat g = new Mat(4, 5);
            Mlp.lossGrad(o, y, g, loss, true);
            for (int i = 0; i < o.data.length; i++) {
                double h = 1e-6, keep = o.data[i];
                o.data[i] = keep + h;
                double lp = Mlp.lossGrad(o, y, null, loss, false);
                o.data[i] = keep - h;
                double lm = Mlp.lossGrad(o, y, null, loss, false);
                o.data[i] = keep;
                assertEquals((lp - lm) / (2 * h), g.data[i], 1e-7, loss + " entry " + i);
            }
        }
    }

    @Test
    void logSoftmaxIsStableWithHugeLogits() {
        Mat o = Mat.of(new double[] {1e300, -1e300, 0.0}, new double[] {1000.0, 999.0, -1000.0});
        int[] y = {1, 0};
        Mat g = new Mat(2, 3);
        double l = Mlp.lossGrad(o, y, g, "ce", true);
        // row 0: −log softmax_1 = 2e300 (finite); row 1: log(1 + e^−1 + e^−2000)
        assertTrue(Double.isFinite(l), "loss " + l);
        assertEquals((2e300 + StrictMath.log1p(StrictMath.exp(-1.0))) / 2, l, 1e286);
        for (double v : g.data) {
            assertTrue(Double.isFinite(v));
        }
        Mat o2 = Mat.of(new double[] {1000.0, 999.0, -1000.0});
        assertEquals(StrictMath.log1p(StrictMath.exp(-1.0)), Mlp.lossGrad(o2, new int[] {0}, null, "ce", false), 1e-15);
    }

    @Test
    void collapseFractionCountsExactlyRoundedRows() {
        // 1 + e^−40 == 1 in float64 (e^−40 ≈ 4e−18 < 2^−53); 1 + e^−30 ≈ 1 + 9e−14 != 1
        Mat o = Mat.of(new double[] {40, 0, 0}, new double[] {30, 0, 0}, new double[] {0, 50, 0},
                new double[] {0, 0, 100});
        int[] y = {0, 0, 1, 0};
        assertEquals(2, Mlp.collapsedRows(o, y));
        assertEquals(3, Mlp.correctRows(o, new int[] {0, 0, 1, 1}));
        // a collapsed row has exactly zero cross-entropy gradient
        Mat g = new Mat(1, 3);
        Mlp.lossGrad(Mat.of(new double[] {800, 0, 0}), new int[] {0}, g, "ce", true);
        assertEquals(0.0, g.data[0]);
    }

    @Test
    void geluDerivativeMatchesFiniteDifferences() {
        for (double z = -6; z <= 6; z += 0.37) {
            double h = 1e-6;
            double fd = (Mlp.gelu(z + h) - Mlp.gelu(z - h)) / (2 * h);
            double th = StrictMath.tanh(Mlp.GELU_C * (z + Mlp.GELU_A * z * z * z));
            assertEquals(fd, Mlp.geluDerivative(z, th), 1e-8, "z=" + z);
        }
        assertEquals(0.0, Mlp.gelu(0.0));
        assertEquals(0.8411919906082768, Mlp.gelu(1.0), 1e-12); // tanh form at 1
    }

    @Test
    void networkGradientsMatchFiniteDifferences() {
        for (String model : new String[] {"relu2", "gelu2", "relu3", "gelu3"}) {
            for (String loss : new String[] {"ce", "mse_mean"}) {
                checkGradients(model, loss);
            }
        }
    }

    private static void checkGradients(String model, String loss) {
        int p = 5, width = 7;
        Linalg la = new Linalg(new WorkerPool(1));
        Mlp net = new Mlp(la, 2 * p, width, p, model, loss);
        net.init(11, 3.0, p);
        int[] a = {0, 1, 4, 2, 3, 3};
        int[] b = {1, 4, 2, 2, 0, 3};
        SparseRows x = new SparseRows(a.length, 2 * p);
        int[] y = new int[a.length];
        for (int r = 0; r < a.length; r++) {
            x.setPairs(r, a[r], 1.0, p + b[r], 1.0);
            y[r] = (a[r] + b[r]) % p;
        }
        Mlp.Buffers buf = net.buffers(a.length);
        net.lossAndGradients(x, y, buf);
        List<Mat> ps = net.params();
        List<Mat> gs = net.grads();
        double[][] analytic = new double[ps.size()][];
        for (int k = 0; k < ps.size(); k++) {
            analytic[k] = gs.get(k).data.clone();
        }
        double h = 1e-6;
        for (int k = 0; k < ps.size(); k++) {
            double[] w = ps.get(k).data;
            for (int i = 0; i < w.length; i++) {
                double keep = w[i];
                w[i] = keep + h;
                net.forward(x, buf);
                double lp = Mlp.lossGrad(buf.logits(), y, null, loss, false);
                w[i] = keep - h;
                net.forward(x, buf);
                double lm = Mlp.lossGrad(buf.logits(), y, null, loss, false);
                w[i] = keep;
                double fd = (lp - lm) / (2 * h);
                assertEquals(fd, analytic[k][i], 1e-6 * Math.max(1, Math.abs(fd)),
                        model + "/" + loss + " layer " + k + " entry " + i);
            }
        }
    }
}
