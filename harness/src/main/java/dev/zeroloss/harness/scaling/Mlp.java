package dev.zeroloss.harness.scaling;

import dev.zeroloss.engine.Elementwise;
import dev.zeroloss.engine.Mat;
import dev.zeroloss.engine.Rng;
import dev.zeroloss.engine.SparseRows;
import dev.zeroloss.harness.model.Linalg;
import java.util.Arrays;
import java.util.List;

/**
 * A bias-free MLP on sparse one-hot inputs with a cross-entropy or squared-error loss:
 * <pre>
 *   two layers:   O = σ(X·W1)·W2
 *   three layers: O = σ(σ(X·W1)·Wm)·W2
 * </pre>
 * σ = ReLU (σ'(0) = 0) or GeLU in its tanh form 0.5·z·(1 + tanh(√(2/π)(z + 0.044715 z³))) with
 * StrictMath.tanh (a written-down, reproducible function; it differs from the erf form by &lt; 1e-3).
 * X·W1 is a sparse gather, Xᵀ·G a sparse scatter (engine SparseRows); every dense product goes
 * through {@link Linalg} (canonical order, any thread count). All buffers are allocated up front per
 * row count ({@link Buffers}); a training step allocates nothing.
 *
 * <p>Losses, on the logits O (rows r, classes j, label c):
 * <ul>
 * <li>ce: mean over rows of −log softmax(O_r)_c with the row-max-subtracted log-softmax
 *     (StrictMath exp/log); gradient (softmax − e_c)/rows.</li>
 * <li>mse_sum: Σ (O − Y)² over all entries (Y one-hot); gradient 2(O − Y).</li>
 * <li>mse_mean: the same divided by rows·classes.</li>
 * </ul>
 * A sample's softmax has "collapsed" when 1 + Σ_{j≠c} exp(O_j − O_c) == 1 exactly in float64 (its
 * loss and gradient are then exactly 0).
 */
public final class Mlp {
    public static final double GELU_C = 0.7978845608028654; // √(2/π)
    public static final double GELU_A = 0.044715;

    public final int inDim;
    public final int width;
    public final int classes;
    public final boolean gelu;
    public final boolean deep;
    public final String loss;
    public final Mat w1;
    public final Mat wm;   // null unless deep
    public final Mat w2;
    public final Mat g1;
    public final Mat gm;
    public final Mat g2;
    private final Linalg la;

    /** Activations and gradients for a fixed number of rows. */
    public final class Buffers {
        final int rows;
        final Mat z1;
        final Mat a1;
        final Mat t1;   // GeLU: tanh values for the backward pass
        final Mat z2;
        final Mat a2;
        final Mat t2;
        final Mat out;
        final Mat gOut;
        final Mat ga;   // dL/d(last hidden activation)
        final Mat ga1;  // deep: dL/d a1

        Buffers(int rows) {
            this.rows = rows;
            z1 = new Mat(rows, width);
            a1 = new Mat(rows, width);
            t1 = gelu ? new Mat(rows, width) : null;
            z2 = deep ? new Mat(rows, width) : null;
            a2 = deep ? new Mat(rows, width) : null;
            t2 = deep && gelu ? new Mat(rows, width) : null;
            out = new Mat(rows, classes);
            gOut = new Mat(rows, classes);
            ga = new Mat(rows, width);
            ga1 = deep ? new Mat(rows, width) : null;
        }

        public Mat logits() {
            return out;
        }
    }

    public Mlp(Linalg la, int inDim, int width, int classes, String model, String loss) {
        this.la = la;
        this.inDim = inDim;
        this.width = width;
        this.classes = classes;
        this.gelu = model.startsWith("gelu");
        this.deep = model.endsWith("3");
        this.loss = loss;
        w1 = new Mat(inDim, width);
        wm = deep ? new Mat(width, width) : null;
        w2 = new Mat(width, classes);
        g1 = new Mat(inDim, width);
        gm = deep ? new Mat(width, width) : null;
        g2 = new Mat(width, classes);
    }

    /** Every layer ~ scale·N(0,1)/√p, from the named streams "scaling-init-W1", "-Wm", "-W2". */
    public void init(long seed, double scale, int p) {
        double std = scale / StrictMath.sqrt(p);
        Rng.stream(seed, "scaling-init-W1").fillGaussian(w1, 0.0, std);
        if (deep) {
            Rng.stream(seed, "scaling-init-Wm").fillGaussian(wm, 0.0, std);
        }
        Rng.stream(seed, "scaling-init-W2").fillGaussian(w2, 0.0, std);
    }

    public List<Mat> params() {
        return deep ? List.of(w1, wm, w2) : List.of(w1, w2);
    }

    public List<Mat> grads() {
        return deep ? List.of(g1, gm, g2) : List.of(g1, g2);
    }

    public Buffers buffers(int rows) {
        return new Buffers(rows);
    }

    /** V = ‖θ‖², summed layer by layer in row-major order. */
    public double squaredNorm() {
        double s = 0.0;
        for (Mat m : params()) {
            for (double v : m.data) {
                s = Math.fma(v, v, s);
            }
        }
        return s;
    }

    /** Logits for the rows of x into b.out. */
    public void forward(SparseRows x, Buffers b) {
        SparseRows.gatherAdd(x, w1, b.z1);
        activate(b.z1, b.a1, b.t1);
        Mat last = b.a1;
        if (deep) {
            Arrays.fill(b.z2.data, 0.0);
            la.gemm(false, false, b.a1, wm, b.z2);
            activate(b.z2, b.a2, b.t2);
            last = b.a2;
        }
        Arrays.fill(b.out.data, 0.0);
        la.gemm(false, false, last, w2, b.out);
    }

    /** Forward, loss and gradients (into g1, gm, g2) for the rows of x with labels y; returns the loss. */
    public double lossAndGradients(SparseRows x, int[] y, Buffers b) {
        forward(x, b);
        double l = lossGrad(b.out, y, b.gOut, loss, true);
        Mat last = deep ? b.a2 : b.a1;
        Arrays.fill(g2.data, 0.0);
        la.gemm(true, false, last, b.gOut, g2);
        Arrays.fill(b.ga.data, 0.0);
        la.gemm(false, true, b.gOut, w2, b.ga);
        if (deep) {
            backAct(b.ga, b.z2, b.t2);          // ga := dL/dz2
            Arrays.fill(gm.data, 0.0);
            la.gemm(true, false, b.a1, b.ga, gm);
            Arrays.fill(b.ga1.data, 0.0);
            la.gemm(false, true, b.ga, wm, b.ga1);
            backAct(b.ga1, b.z1, b.t1);
            SparseRows.scatterAdd(x, b.ga1, g1);
        } else {
            backAct(b.ga, b.z1, b.t1);
            SparseRows.scatterAdd(x, b.ga, g1);
        }
        return l;
    }

    private void activate(Mat z, Mat a, Mat t) {
        if (!gelu) {
            Elementwise.relu(z, a);
            return;
        }
        double[] zd = z.data, ad = a.data, td = t.data;
        for (int i = 0; i < zd.length; i++) {
            double v = zd[i];
            double th = StrictMath.tanh(GELU_C * (v + GELU_A * v * v * v));
            td[i] = th;
            ad[i] = 0.5 * v * (1.0 + th);
        }
    }

    /** g := g ⊙ σ'(z) in place. */
    private void backAct(Mat g, Mat z, Mat t) {
        if (!gelu) {
            Elementwise.reluBackward(g, z, g);
            return;
        }
        double[] gd = g.data, zd = z.data, td = t.data;
        for (int i = 0; i < gd.length; i++) {
            gd[i] *= geluDerivative(zd[i], td[i]);
        }
    }

    /** GeLU (tanh form) at z. */
    public static double gelu(double z) {
        return 0.5 * z * (1.0 + StrictMath.tanh(GELU_C * (z + GELU_A * z * z * z)));
    }

    /** d/dz of the tanh-form GeLU, given th = tanh(√(2/π)(z + 0.044715 z³)). */
    public static double geluDerivative(double z, double th) {
        return 0.5 * (1.0 + th) + 0.5 * z * (1.0 - th * th) * GELU_C * (1.0 + 3.0 * GELU_A * z * z);
    }

    /**
     * The loss of logits o (rows × classes) against labels y, and (if wantGrad) its gradient into g.
     */
    public static double lossGrad(Mat o, int[] y, Mat g, String loss, boolean wantGrad) {
        int n = o.rows;
        int k = o.cols;
        double[] od = o.data;
        double[] gd = wantGrad ? g.data : null;
        double total = 0.0;
        switch (loss) {
            case "ce": {
                double inv = 1.0 / n;
                for (int r = 0; r < n; r++) {
                    int base = r * k;
                    double m = od[base];
                    for (int j = 1; j < k; j++) {
                        m = Math.max(m, od[base + j]);
                    }
                    double s = 0.0;
                    for (int j = 0; j < k; j++) {
                        s += StrictMath.exp(od[base + j] - m);
                    }
                    double logS = StrictMath.log(s);
                    total += -(od[base + y[r]] - m - logS);
                    if (wantGrad) {
                        for (int j = 0; j < k; j++) {
                            double pj = StrictMath.exp(od[base + j] - m - logS);
                            gd[base + j] = (pj - (j == y[r] ? 1.0 : 0.0)) * inv;
                        }
                    }
                }
                return total / n;
            }
            case "mse_sum":
            case "mse_mean": {
                double scale = loss.equals("mse_sum") ? 1.0 : 1.0 / ((double) n * k);
                for (int r = 0; r < n; r++) {
                    int base = r * k;
                    for (int j = 0; j < k; j++) {
                        double e = od[base + j] - (j == y[r] ? 1.0 : 0.0);
                        total = Math.fma(e, e, total);
                        if (wantGrad) {
                            gd[base + j] = 2.0 * e * scale;
                        }
                    }
                }
                return total * scale;
            }
            default:
                throw new IllegalArgumentException("unknown loss " + loss);
        }
    }

    /** Rows whose softmax has collapsed: 1 + Σ_{j≠c} exp(o_j − o_c) == 1 exactly. */
    public static int collapsedRows(Mat o, int[] y) {
        int k = o.cols;
        int count = 0;
        for (int r = 0; r < o.rows; r++) {
            int base = r * k;
            double zc = o.data[base + y[r]];
            double s = 0.0;
            for (int j = 0; j < k; j++) {
                if (j != y[r]) {
                    s += StrictMath.exp(o.data[base + j] - zc);
                }
            }
            if (1.0 + s == 1.0) {
                count++;
            }
        }
        return count;
    }

    /** Rows whose argmax (first maximum) equals the label. */
    public static int correctRows(Mat o, int[] y) {
        int k = o.cols;
        int count = 0;
        for (int r = 0; r < o.rows; r++) {
            int base = r * k;
            int best = 0;
            for (int j = 1; j < k; j++) {
                if (o.data[base + j] > o.data[base + best]) {
                    best = j;
                }
            }
            if (best == y[r]) {
                count++;
            }
        }
        return count;
    }
}
