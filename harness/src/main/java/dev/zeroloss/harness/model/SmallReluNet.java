package dev.zeroloss.harness.model;

import dev.zeroloss.engine.Mat;

/**
 * The two-layer ReLU network without biases, f(x) = relu(x·W1)·W2, for inputs that are sums of two one-hots
 * (x = e_a + e_b, or 2·e_a when a = b), with squared error mean-reduced over all n·d_out entries. Sized for the
 * small Fig. 5/7 net (11 → 128 → 11), trained for hundreds of thousands of full-batch steps, so the hot
 * methods never allocate: they write into a {@link Workspace} sized once for a batch.
 *
 * <p>Parameters live in one flat vector θ: first W1 (d_in × d_h, row-major: θ[a·d_h + k]), then W2
 * (d_h × d_out, row-major: θ[d_in·d_h + k·d_out + o]). Jacobian columns follow the same order; Jacobian rows
 * are (sample i, output o), i-major: row i·d_out + o.
 *
 * <p>Canonical operation order (what every number here is, bit for bit). Each matrix product is the dense
 * product's fma chain in increasing summation index started from +0.0 ({@link SmallGemm}, vectorised across
 * independent chains only). Products with the input X are written as gathers and scatters; they equal the dense
 * chain because a term with an exact-zero factor leaves a chain unchanged (fma(0, y, s) = s for finite y, and a
 * chain started at +0.0 never holds −0.0). So:
 * <ul>
 * <li>Z[i][k] = W1[a][k] + W1[b][k] (one rounding), or 2·W1[a][k] when a = b (exact); H = (Z &gt; 0 ? Z : +0).</li>
 * <li>out[i][o] = chain over k of H[i][k]·W2[k][o].</li>
 * <li>loss = (chain over (i, o) in order of (out − y)²) / (n·d_out); G = (2 / (n·d_out))·(out − y).</li>
 * <li>vjp (backprop of G): gW2[k][o] = chain over i of H[i][k]·G[i][o]; dZ[i][k] = [Z &gt; 0]·(chain over o of
 * G[i][o]·W2[k][o]); gW1[a][k] = chain over i of x_i[a]·dZ[i][k].</li>
 * </ul>
 * ReLU'(0) = 0.
 */
public final class SmallReluNet {
    public final int dIn;
    public final int dHidden;
    public final int dOut;
    /** d_out rounded up to a whole number of vectors (4 lanes). */
    final int dOutPad;

    public SmallReluNet(int dIn, int dHidden, int dOut) {
        if (dIn < 1 || dHidden < 1 || dOut < 1) {
            throw new IllegalArgumentException("SmallReluNet: sizes must be >= 1, got " + dIn + ", " + dHidden
                    + ", " + dOut);
        }
        this.dIn = dIn;
        this.dHidden = dHidden;
        this.dOut = dOut;
        this.dOutPad = (dOut + 3) / 4 * 4;
    }

    /** Number of parameters d_in·d_h + d_h·d_out. */
    public int paramCount() {
        return dIn * dHidden + dHidden * dOut;
    }

    /** Offset of W2 in θ. */
    public int w2Offset() {
        return dIn * dHidden;
    }

    /** A batch of inputs x_i = e_{a_i} + e_{b_i} with one-hot targets e_{label_i}. Arrays are not copied. */
    public static final class Batch {
        public final int[] a;
        public final int[] b;
        public final int[] label;

        public Batch(int[] a, int[] b, int[] label) {
            if (a.length != b.length || a.length != label.length) {
                throw new IllegalArgumentException("Batch: lengths differ: " + a.length + ", " + b.length + ", "
                        + label.length);
            }
            this.a = a;
            this.b = b;
            this.label = label;
        }

        public int size() {
            return a.length;
        }

        /** x_i · x_j (0, 1, 2 or 4: always a power of two or zero, so scaling by it is exact). */
        public double inputDot(int i, int j) {
            double s = 0.0;
            // x_i = e_a + e_b (a = b allowed): <x_i, x_j> counts index coincidences.
            s += (a[i] == a[j] ? 1 : 0) + (a[i] == b[j] ? 1 : 0) + (b[i] == a[j] ? 1 : 0) + (b[i] == b[j] ? 1 : 0);
            return s;
        }
    }

    /**
     * Every buffer the hot methods need for a batch of n samples. Outputs and output gradients are n × d_outPad
     * (d_out rounded up to the 4 lanes of the vector species; the padding columns stay exact zeros), so the
     * small products run on whole vectors; a zero-padded copy of W2 (d_h × d_outPad) and W2ᵀ (d_out × d_h) are
     * refreshed from θ on every call.
     */
    public final class Workspace {
        final int n;
        final double[] z;
        final double[] h;
        final double[] out;
        final double[] g;
        final double[] dz;
        final double[] w2p;
        final double[] w2T;
        final double[] gw2p;
        /** Loss and number of correct argmax predictions of the last forward pass. */
        public double loss;
        public int correct;

        public Workspace(int n) {
            this.n = n;
            this.z = new double[n * dHidden];
            this.h = new double[n * dHidden];
            this.out = new double[n * dOutPad];
            this.g = new double[n * dOutPad];
            this.dz = new double[n * dHidden];
            this.w2p = new double[dHidden * dOutPad];
            this.w2T = new double[dOut * dHidden];
            this.gw2p = new double[dHidden * dOutPad];
        }

        public int batchSize() {
            return n;
        }

        /** Output (i, o) of the last forward pass. */
        public double output(int i, int o) {
            return out[i * dOutPad + o];
        }
    }

    public Workspace workspace(int n) {
        return new Workspace(n);
    }

    private void requireSizes(Batch x, Workspace ws, double[] theta) {
        if (ws.n != x.size()) {
            throw new IllegalArgumentException("SmallReluNet: workspace for " + ws.n + " samples, batch has "
                    + x.size());
        }
        if (theta.length != paramCount()) {
            throw new IllegalArgumentException("SmallReluNet: theta has " + theta.length + " entries, expected "
                    + paramCount());
        }
    }

    /** Z, H and outputs at θ; sets ws.loss and ws.correct. Allocation-free. */
    public void forward(double[] theta, Batch x, Workspace ws) {
        requireSizes(x, ws, theta);
        final int n = ws.n;
        final int dh = dHidden;
        final int dout = dOut;
        final int dp = dOutPad;
        final int w2 = w2Offset();
        final double[] z = ws.z;
        final double[] h = ws.h;
        final double[] out = ws.out;
        for (int i = 0; i < n; i++) {
            Rows.gatherRelu(theta, x.a[i] * dh, x.b[i] * dh, z, h, i * dh, dh);
        }
        final double[] w2p = ws.w2p;
        for (int k = 0; k < dh; k++) {
            System.arraycopy(theta, w2 + k * dout, w2p, k * dp, dout);
        }
        // out = H·W2: out[i][o] = chain over k of H[i][k]·W2[k][o].
        SmallGemm.multiply(n, dp, dh, h, 0, dh, 1, w2p, dp, out, dp);
        double s = 0.0;
        int correct = 0;
        for (int i = 0; i < n; i++) {
            int best = 0;
            int oi = i * dp;
            for (int o = 0; o < dout; o++) {
                double v = out[oi + o];
                double d = v - (o == x.label[i] ? 1.0 : 0.0);
                s = Math.fma(d, d, s);
                if (v > out[oi + best]) {
                    best = o;
                }
            }
            if (best == x.label[i]) {
                correct++;
            }
        }
        ws.loss = s / ((double) n * dout);
        ws.correct = correct;
    }

    /**
     * Mean squared error loss and its gradient at θ (written into {@code grad}); returns the loss. Also sets
     * ws.loss and ws.correct (the accuracy at θ, before any update). Allocation-free.
     */
    public double lossAndGradient(double[] theta, Batch x, Workspace ws, double[] grad) {
        forward(theta, x, ws);
        final int n = ws.n;
        final int dout = dOut;
        final int dp = dOutPad;
        final double scale = 2.0 / ((double) n * dout);
        for (int i = 0; i < n; i++) {
            for (int o = 0; o < dout; o++) {
                ws.g[i * dp + o] = scale * (ws.out[i * dp + o] - (o == x.label[i] ? 1.0 : 0.0));
            }
        }
        backwardPadded(theta, x, ws, grad);
        return ws.loss;
    }

    /**
     * grad ← Jᵀ·w at θ (a vector-Jacobian product), with w an n × d_out row-major array. Needs the forward
     * state of θ in {@code ws} (call {@link #forward} first).
     */
    public void backward(double[] theta, Batch x, Workspace ws, double[] w, double[] grad) {
        final int n = ws.n;
        for (int i = 0; i < n; i++) {
            System.arraycopy(w, i * dOut, ws.g, i * dOutPad, dOut);
        }
        backwardPadded(theta, x, ws, grad);
    }

    /** grad ← Jᵀ·G with G = ws.g (n × d_outPad, zero padding). */
    private void backwardPadded(double[] theta, Batch x, Workspace ws, double[] grad) {
        final int n = ws.n;
        final int dh = dHidden;
        final int dout = dOut;
        final int dp = dOutPad;
        final int w2 = w2Offset();
        final double[] g = ws.g;
        final double[] dz = ws.dz;
        final double[] w2T = ws.w2T;
        final double[] gw2p = ws.gw2p;
        // gW2 = Hᵀ·G: gW2[k][o] = chain over i of H[i][k]·G[i][o].
        SmallGemm.multiply(dh, dp, n, ws.h, 0, 1, dh, g, dp, gw2p, dp);
        for (int k = 0; k < dh; k++) {
            System.arraycopy(gw2p, k * dp, grad, w2 + k * dout, dout);
        }
        for (int o = 0; o < dout; o++) {
            for (int k = 0; k < dh; k++) {
                w2T[o * dh + k] = theta[w2 + k * dout + o];
            }
        }
        // dZ = (G·W2ᵀ) masked: dZ[i][k] = [Z > 0]·(chain over o of G[i][o]·W2[k][o]).
        SmallGemm.multiply(n, dh, dout, g, 0, dp, 1, w2T, dh, dz, dh);
        Rows.maskPositive(ws.z, dz, n * dh);
        // gW1[a][k] = chain over i of x_i[a]·dZ[i][k]: a scatter-add of dZ rows (the factor is 1, or 2 when a = b)
        java.util.Arrays.fill(grad, 0, w2, 0.0);
        for (int i = 0; i < n; i++) {
            Rows.scatterAdd(dz, i * dh, grad, x.a[i] * dh, x.b[i] * dh, dh);
        }
    }

    /**
     * u ← J·v at θ (a Jacobian-vector product; u is n × d_out row-major). Needs the forward state of θ in
     * {@code ws}. u[i][o] = (chain over k of H[i][k]·v2[k][o]) continued by (chain over k of dZv[i][k]·W2[k][o])
     * with dZv[i][k] = [Z &gt; 0]·(x_i·v1)[k]. Allocation-free; uses ws.dz as scratch.
     */
    public void jvp(double[] theta, Batch x, Workspace ws, double[] v, double[] u) {
        final int n = ws.n;
        final int dh = dHidden;
        final int dout = dOut;
        final int w2 = w2Offset();
        final double[] h = ws.h;
        final double[] z = ws.z;
        final double[] dz = ws.dz;
        for (int i = 0; i < n; i++) {
            int ra = x.a[i] * dh;
            int rb = x.b[i] * dh;
            int zi = i * dh;
            for (int k = 0; k < dh; k++) {
                if (!(z[zi + k] > 0.0)) {
                    dz[zi + k] = 0.0;
                } else {
                    dz[zi + k] = ra == rb ? 2.0 * v[ra + k] : v[ra + k] + v[rb + k];
                }
            }
            int oi = i * dout;
            for (int o = 0; o < dout; o++) {
                u[oi + o] = 0.0;
            }
            for (int k = 0; k < dh; k++) {
                double hk = h[zi + k];
                if (hk == 0.0) {
                    continue;
                }
                int vk = w2 + k * dout;
                for (int o = 0; o < dout; o++) {
                    u[oi + o] = Math.fma(hk, v[vk + o], u[oi + o]);
                }
            }
            for (int k = 0; k < dh; k++) {
                double dk = dz[zi + k];
                if (dk == 0.0) {
                    continue;
                }
                int wk = w2 + k * dout;
                for (int o = 0; o < dout; o++) {
                    u[oi + o] = Math.fma(dk, theta[wk + o], u[oi + o]);
                }
            }
        }
    }

    /**
     * The dense Jacobian of all outputs w.r.t. θ, (n·d_out) × P, row i·d_out + o. Built analytically:
     * ∂f_o(x_i)/∂W2[k][o'] = δ_{oo'}·H[i][k]; ∂f_o(x_i)/∂W1[a][k] = x_i[a]·[Z[i][k] &gt; 0]·W2[k][o]. Needs the
     * forward state of θ in {@code ws}. Allocates (n·d_out·P doubles): for tests and cross-checks.
     */
    public Mat jacobian(double[] theta, Batch x, Workspace ws) {
        final int n = ws.n;
        final int dh = dHidden;
        final int dout = dOut;
        final int w2 = w2Offset();
        final int pc = paramCount();
        Mat j = new Mat(n * dout, pc);
        for (int i = 0; i < n; i++) {
            int zi = i * dh;
            for (int o = 0; o < dout; o++) {
                int row = (i * dout + o) * pc;
                for (int k = 0; k < dh; k++) {
                    j.data[row + w2 + k * dout + o] = ws.h[zi + k];
                    if (ws.z[zi + k] > 0.0) {
                        double wko = theta[w2 + k * dout + o];
                        j.data[row + x.a[i] * dh + k] += wko;
                        j.data[row + x.b[i] * dh + k] += wko;
                    }
                }
            }
        }
        return j;
    }

    /**
     * K = J·Jᵀ ((n·d_out) square) from the network's structure instead of a SYRK of the 649 × 2816 Jacobian:
     * K[(i,o),(j,o')] = δ_{oo'}·(H·Hᵀ)[i][j] + (x_i·x_j)·(A·Aᵀ)[(i,o),(j,o')] with A[(i,o)][k] = [Z[i][k] &gt; 0]·W2[k][o]
     * ((n·d_out) × d_h). Both Gram matrices go through {@link Linalg#syrk}; x_i·x_j ∈ {0, 1, 2, 4} scales
     * exactly, and the δ term is one final rounded addition. Cost: a SYRK with inner size d_h (128) instead of
     * P (2816), 22× fewer flops. Needs the forward state of θ in {@code ws}.
     */
    public Mat gram(double[] theta, Batch x, Workspace ws, Linalg la) {
        final int n = ws.n;
        final int dh = dHidden;
        final int dout = dOut;
        final int w2 = w2Offset();
        final int m = n * dout;
        Mat a = new Mat(m, dh);
        for (int i = 0; i < n; i++) {
            int zi = i * dh;
            for (int o = 0; o < dout; o++) {
                int row = (i * dout + o) * dh;
                for (int k = 0; k < dh; k++) {
                    if (ws.z[zi + k] > 0.0) {
                        a.data[row + k] = theta[w2 + k * dout + o];
                    }
                }
            }
        }
        Mat k = new Mat(m, m);
        la.syrk(a, k);
        Mat hm = new Mat(n, dh, java.util.Arrays.copyOf(ws.h, n * dh));
        Mat hh = new Mat(n, n);
        la.syrk(hm, hh);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double c = x.inputDot(i, j);
                double hij = hh.data[i * n + j];
                for (int o = 0; o < dout; o++) {
                    int r = (i * dout + o) * m + j * dout;
                    for (int o2 = 0; o2 < dout; o2++) {
                        double v = c * k.data[r + o2];
                        k.data[r + o2] = o == o2 ? v + hij : v;
                    }
                }
            }
        }
        return k;
    }
}
