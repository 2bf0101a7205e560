package dev.zeroloss.harness.scaling;

import dev.zeroloss.engine.Mat;
import java.util.List;

/**
 * The optimisers of the scaling study, element by element in row-major order (no reductions, so the
 * bits do not depend on anything but the inputs).
 *
 * <p>AdamW, PyTorch semantics (torch.optim.AdamW, single-tensor loop, no amsgrad), step t = 1, 2, …:
 * <pre>
 *   θ ← θ·(1 − η·λ)                       (decoupled decay; the gradient g was taken before it)
 *   m ← m + (1 − β1)·(g − m)              (exp_avg.lerp_(g, 1 − β1))
 *   v ← v·β2 + (1 − β2)·g·g               (exp_avg_sq.mul_(β2).addcmul_(g, g, 1 − β2))
 *   denom = √v / √(1 − β2^t) + ε
 *   θ ← θ − (η / (1 − β1^t))·(m / denom)
 * </pre>
 * SGD with coupled decay (torch.optim.SGD weight_decay, no momentum): g ← g + λ·θ; θ ← θ − η·g.
 */
public final class Optimizer {
    private final String kind;
    private final double beta1;
    private final double beta2;
    private final double eps;
    private final List<Mat> params;
    private final List<Mat> grads;
    private final double[][] m;
    private final double[][] v;
    private int t;

    public Optimizer(String kind, double beta1, double beta2, double eps, List<Mat> params, List<Mat> grads) {
        if (!kind.equals("adamw") && !kind.equals("sgd")) {
            throw new IllegalArgumentException("unknown optimizer " + kind);
        }
        this.kind = kind;
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        this.params = params;
        this.grads = grads;
        this.m = new double[params.size()][];
        this.v = new double[params.size()][];
        for (int i = 0; i < params.size(); i++) {
            m[i] = new double[params.get(i).data.length];
            v[i] = new double[params.get(i).data.length];
        }
    }

    /** Steps taken so far. */
    public int steps() {
        return t;
    }

    /** One update with learning rate eta and decay lambda, using the gradients now in grads. */
    public void step(double eta, double lambda) {
        t++;
        if (kind.equals("sgd")) {
            for (int i = 0; i < params.size(); i++) {
                double[] th = params.get(i).data;
                double[] g = grads.get(i).data;
                for (int j = 0; j < th.length; j++) {
                    double gj = g[j] + lambda * th[j];
                    th[j] = th[j] - eta * gj;
                }
            }
            return;
        }
        double decay = 1.0 - eta * lambda;
        double bc1 = 1.0 - StrictMath.pow(beta1, t);
        double bc2 = 1.0 - StrictMath.pow(beta2, t);
        double stepSize = eta / bc1;
        double bc2Sqrt = Math.sqrt(bc2);
        double w1 = 1.0 - beta1;
        double w2 = 1.0 - beta2;
        for (int i = 0; i < params.size(); i++) {
            double[] th = params.get(i).data;
            double[] g = grads.get(i).data;
            double[] mi = m[i];
            double[] vi = v[i];
            for (int j = 0; j < th.length; j++) {
                double gj = g[j];
                double x = th[j] * decay;
                double mj = mi[j] + w1 * (gj - mi[j]);
                double vj = vi[j] * beta2 + w2 * (gj * gj);
                mi[j] = mj;
                vi[j] = vj;
                double denom = Math.sqrt(vj) / bc2Sqrt + eps;
                th[j] = x - stepSize * (mj / denom);
            }
        }
    }
}
