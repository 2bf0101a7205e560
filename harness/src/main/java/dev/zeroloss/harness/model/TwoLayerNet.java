package dev.zeroloss.harness.model;

import dev.zeroloss.engine.Mat;
import dev.zeroloss.harness.data.PairRows;

/**
 * The real two-layer net Ŷ = relu(X·W1)·W2 (no biases) trained by full-batch gradient descent on
 * L(θ) = Σ_{i,c} (Ŷ − Y)² + λ(‖W1‖² + ‖W2‖²) (paper doc "Real training beside the simulation"):
 * <pre>
 *   Z = X·W1 (gather);  H = relu(Z);  Ŷ = H·W2;  R = 2(Ŷ − Y)
 *   ∇W2 = 2λ·W2 + Hᵀ·R          (gemm chain started from 2λ·W2)
 *   ∇W1 = Xᵀ·((R·W2ᵀ) ⊙ [Z &gt; 0]) + 2λ·W1   (scatter, then + 2λ·W1 per element as fma(2λ, W1, s))
 *   θ ← θ − lr·∇θ               (per element fma(−lr, g, θ))
 * </pre>
 * All buffers are allocated once; a step allocates nothing.
 */
public final class TwoLayerNet {
    private final Linalg la;
    private final PairRows x;
    private final int[] label;
    private final int n;
    private final int d;
    private final int p;
    private final Mat w1;
    private final Mat w2;
    private final Mat h;
    private final Mat yhat;
    private final Mat r;
    private final Mat dh;
    private final Mat g1;
    private final Mat g2;
    private double lastDataLoss = Double.NaN;

    /** w1 (p×d) and w2 (d×p) are copied. */
    public TwoLayerNet(Linalg la, PairRows x, int[] label, Mat w1, Mat w2) {
        if (w1.rows != x.p || w2.rows != w1.cols || w2.cols != x.p) {
            throw new IllegalArgumentException("TwoLayerNet: W1 " + w1.shape() + ", W2 " + w2.shape() + ", p = " + x.p);
        }
        this.la = la;
        this.x = x;
        this.label = label.clone();
        this.n = x.rows();
        this.p = x.p;
        this.d = w1.cols;
        this.w1 = w1.copy();
        this.w2 = w2.copy();
        this.h = new Mat(n, d);
        this.yhat = new Mat(n, p);
        this.r = new Mat(n, p);
        this.dh = new Mat(n, d);
        this.g1 = new Mat(p, d);
        this.g2 = new Mat(d, p);
    }

    public Mat w1() {
        return w1;
    }

    public Mat w2() {
        return w2;
    }

    /**
     * Continues from saved weights (a resumed run): W1, W2 ← the given row-major values (copied). θ is the
     * whole state of full-batch GD; the other buffers are recomputed each step.
     */
    public void restore(double[] w1Data, double[] w2Data) {
        if (w1Data.length != w1.data.length || w2Data.length != w2.data.length) {
            throw new IllegalArgumentException("TwoLayerNet.restore: " + w1Data.length + " + " + w2Data.length
                    + " values, W1 " + w1.shape() + " and W2 " + w2.shape() + " need " + w1.data.length + " + "
                    + w2.data.length);
        }
        System.arraycopy(w1Data, 0, w1.data, 0, w1Data.length);
        System.arraycopy(w2Data, 0, w2.data, 0, w2Data.length);
        lastDataLoss = Double.NaN;
    }

    /** Gradient of the objective w.r.t. W1 from the last gradients() call. */
    public Mat gradW1() {
        return g1;
    }

    public Mat gradW2() {
        return g2;
    }

    /** Computes ∇W1, ∇W2 at the current θ and returns the objective L(θ) (data term + decay). */
    public double gradients(double lambda) {
        backprop(lambda);
        return objective(lambda);
    }

    /** ∇W1, ∇W2 at the current θ (H, R, the gradients), without the objective. */
    private void backprop(double lambda) {
        x.gather(w1, h);
        Dense.relu(h);
        yhat.fill(0.0);
        la.gemm(false, false, h, w2, yhat);
        for (int i = 0; i < n; i++) {
            int row = i * p;
            int y = label[i];
            for (int c = 0; c < p; c++) {
                double res = yhat.data[row + c] - (c == y ? 1.0 : 0.0);
                r.data[row + c] = 2.0 * res;
            }
        }
        lastDataLoss = Double.NaN;
        double twoLambda = 2.0 * lambda;
        for (int i = 0; i < g2.data.length; i++) {
            g2.data[i] = twoLambda * w2.data[i];
        }
        la.gemm(true, false, h, r, g2);
        dh.fill(0.0);
        la.gemm(false, true, r, w2, dh);
        Dense.maskPositive(dh, h);
        x.scatter(dh, g1);
        for (int i = 0; i < g1.data.length; i++) {
            g1.data[i] = Math.fma(twoLambda, w1.data[i], g1.data[i]);
        }
    }

    /**
     * L(θ) at the θ of the last backprop: Σ (Ŷ − Y)² as one fma chain over (i, c) in row-major order, plus
     * λ(‖W1‖² + ‖W2‖²). The residual Ŷ − Y is R/2, exactly (R = 2·res is an exact doubling).
     */
    private double objective(double lambda) {
        double sse = 0.0;
        for (double v : r.data) {
            double res = 0.5 * v;
            sse = Math.fma(res, res, sse);
        }
        lastDataLoss = sse;
        return sse + lambda * (Dense.sumSquares(w1.data) + Dense.sumSquares(w2.data));
    }

    /** Σ (Ŷ − Y)² at the θ of the last gradients() or step() call. */
    public double lastDataLoss() {
        return lastDataLoss;
    }

    /** One GD step: gradients, then θ ← θ − lr·∇θ. Returns the objective before the step. */
    public double step(double lr, double lambda) {
        backprop(lambda);
        double obj = objective(lambda);
        update(lr);
        return obj;
    }

    /**
     * The same GD step as {@link #step} (the same θ bits) without computing the objective: the training loop
     * discards it, and its three serial chains (≈ 56 k dependent fmas) are a measurable part of a step.
     */
    public void descend(double lr, double lambda) {
        backprop(lambda);
        update(lr);
    }

    private void update(double lr) {
        double neg = -lr;
        for (int i = 0; i < w1.data.length; i++) {
            w1.data[i] = Math.fma(neg, g1.data[i], w1.data[i]);
        }
        for (int i = 0; i < w2.data.length; i++) {
            w2.data[i] = Math.fma(neg, g2.data[i], w2.data[i]);
        }
    }

    /** Predictions relu(X'·W1)·W2 for other inputs, into a new matrix. */
    public Mat predict(PairRows xs) {
        Mat hs = new Mat(xs.rows(), d);
        xs.gather(w1, hs);
        Dense.relu(hs);
        Mat out = new Mat(xs.rows(), p);
        la.gemm(false, false, hs, w2, out);
        return out;
    }
}
