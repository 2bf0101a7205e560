package dev.zeroloss.harness.model;

import dev.zeroloss.engine.Mat;
import dev.zeroloss.engine.NonFiniteInputException;
import dev.zeroloss.engine.NotPositiveDefiniteException;
import dev.zeroloss.engine.SparseRows;
import dev.zeroloss.harness.data.PairRows;

/**
 * The isolated first-layer dynamics of the paper's Eq. 20 (paper doc §4), integrated with explicit Euler:
 * <pre>
 *   Z = Xtr·E;  H = relu(Z);  K = H·Hᵀ;  L = chol(K);  B = K⁻¹·Ytr = L⁻ᵀ(L⁻¹·Ytr)
 *   G = B·(Bᵀ·H);  ΔE = Xtrᵀ·(G ⊙ [Z &gt; 0]) − E;  E ← E + η·ΔE
 * </pre>
 * ΔE = −∇R/(2λ) for R(E) = λ‖E‖² + λ·Tr(Ytrᵀ(HHᵀ)⁻¹Ytr).
 *
 * <p>Use: {@link #forward()} (Z, H, K, L, B for the current E) → optionally {@link #evaluate(Eval)} (metrics
 * of the current E, reusing H and B) → {@link #direction()} (ΔE into a held buffer) → {@link #applyUpdate(double)}.
 * {@link #step(double)} does forward, direction and update. All buffers are allocated once here; a step
 * allocates nothing (Cholesky and both solves write into held buffers).
 *
 * <p>Element orders: the gather/scatter orders of {@link PairRows}; SYRK, GEMM, Cholesky and solves in the
 * engine's canonical orders; the Euler update is {@code E = fma(η, S − E, E)} per element. Everything is
 * independent of the thread count.
 */
public final class IsolatedDynamics {
    private final Linalg la;
    private final SparseRows.Parallel sparse; // the fused gather/scatter on la's pool
    private final PairRows xtr;
    private final int[] ytrLabel;
    private final PairRows xte;
    private final int[] yteLabel;
    private final int n;
    private final int d;
    private final int p;

    private final Mat e;
    private final Mat h;      // n×d: H = relu(Z), Z = X·E never stored ([Z>0] = [H>0])
    private final Mat k;      // n×n, lower triangle only (the strict upper one stays +0.0)
    private final Mat ytr;    // n×p one-hot
    private final Mat l;      // n×n, chol(K)
    private final Mat b;      // n×p, K⁻¹·Ytr (forward solve in place, then backward solve in place)
    private final Mat t;      // p×d, Bᵀ·H
    private final Mat g;      // n×d, workspace of productWherePositive's fallback (B·T is not stored)
    private final Mat dir;    // p×d, Xᵀ·G − E
    // evaluation buffers
    private final Mat w;      // d×p
    private final Mat yhatTr; // n×p
    private final Mat hte;    // m×d
    private final Mat yhatTe; // m×p

    private int stepCount;
    private boolean forwardValid;
    private boolean directionValid;

    /** Metrics of one evaluation. Losses are sums of squared errors divided by the row count. */
    public static final class Eval {
        public int step;
        public double trainLoss;
        public double trainAcc;
        public double testLoss;
        public double testAcc;
        public double normE;
        public double normW;
    }

    /**
     * @param e0 the initial embedding (p×d), copied.
     */
    public IsolatedDynamics(Linalg la, PairRows xtr, int[] ytrLabel, PairRows xte, int[] yteLabel, Mat e0) {
        this.la = la;
        this.sparse = new SparseRows.Parallel(la.pool());
        this.xtr = xtr;
        this.ytrLabel = ytrLabel.clone();
        this.xte = xte;
        this.yteLabel = yteLabel.clone();
        this.n = xtr.rows();
        this.d = e0.cols;
        this.p = e0.rows;
        if (xtr.p != p || xte.p != p) {
            throw new IllegalArgumentException("IsolatedDynamics: inputs have p = " + xtr.p + "/" + xte.p
                    + ", E has " + p + " rows");
        }
        if (d <= n) {
            throw new IllegalArgumentException("IsolatedDynamics: d_h = " + d + " must exceed n_train = " + n
                    + " (K = H·Hᵀ has rank ≤ d_h)");
        }
        this.e = e0.copy();
        this.h = new Mat(n, d);
        this.k = new Mat(n, n);
        this.l = new Mat(n, n);
        this.b = new Mat(n, p);
        this.ytr = Dense.oneHot(ytrLabel, p);
        this.t = new Mat(p, d);
        this.g = new Mat(n, d);
        this.dir = new Mat(p, d);
        this.w = new Mat(d, p);
        this.yhatTr = new Mat(n, p);
        this.hte = new Mat(xte.rows(), d);
        this.yhatTe = new Mat(xte.rows(), p);
    }

    /** The live embedding E (p×d); do not modify. */
    public Mat embedding() {
        return e;
    }

    /** Steps taken so far. */
    public int stepCount() {
        return stepCount;
    }

    /**
     * Continues from a saved state (a resumed run): E ← {@code eData} (p·d values, row-major, copied) as the
     * state after {@code steps} steps. E is the whole state: every other buffer is recomputed from it.
     */
    public void restore(double[] eData, int steps) {
        if (eData.length != e.data.length || steps < 0) {
            throw new IllegalArgumentException("IsolatedDynamics.restore: " + eData.length + " values for E ("
                    + p + "x" + d + " needs " + e.data.length + "), step " + steps);
        }
        System.arraycopy(eData, 0, e.data, 0, eData.length);
        stepCount = steps;
        forwardValid = false;
        directionValid = false;
    }

    /** Z, H, K, chol(K), B for the current E; throws DynamicsBreakdownException if K is not SPD. */
    public void forward() {
        try {
            // H = relu(X·E) in one pass: the same chain and select per element as gather, then relu.
            sparse.gatherAddRelu(xtr.sparse(), e, h);
        } catch (NonFiniteInputException ex) {
            throw new DynamicsBreakdownException("isolated dynamics step " + stepCount + ": E is no longer finite ("
                    + ex.getMessage() + "): the run diverged; use a smaller eta", stepCount, -1, ex);
        }
        la.syrkLower(h, k); // Cholesky reads only the lower triangle: no mirror
        try {
            la.cholesky(k, l);
        } catch (NonFiniteInputException ex) {
            // finite E whose K = H·Hᵀ overflows (the fast Cholesky checks its input): the run diverged too
            throw new DynamicsBreakdownException("isolated dynamics step " + stepCount + ": K = H·Hᵀ is no longer"
                    + " finite (" + ex.getMessage() + "): the run diverged; use a smaller eta", stepCount, -1, ex);
        } catch (NotPositiveDefiniteException ex) {
            int col = ex.column();
            String why = Dense.zeroRow(h, col)
                    ? "row " + col + " of H is all zeros (every ReLU of that train pair is dead)"
                    : "row " + col + " of H is numerically dependent on the earlier rows";
            throw new DynamicsBreakdownException("isolated dynamics step " + stepCount + ": K = H·Hᵀ (" + n + "x"
                    + n + ") is not positive definite at column " + col + " (pivot " + ex.pivot() + "): " + why
                    + "; try a smaller eta or a larger d_h", stepCount, col, ex);
        }
        la.solveLower(l, ytr, b);
        la.solveLowerTransposed(l, b, b);
        forwardValid = true;
        directionValid = false;
    }

    /** ΔE = Xtrᵀ·((B·(Bᵀ·H)) ⊙ [Z &gt; 0]) − E for the state of the last forward(); returns the held buffer. */
    public Mat direction() {
        requireForward();
        t.fill(0.0);
        la.gemm(true, false, b, h, t);
        // Xᵀ·((B·T) ⊙ [H > 0]) fused: G = B·T is formed tile by tile and never stored (g is the fallback's
        // workspace); the same bits as g = 0, gemm(B, T, g), then the masked scatter.
        sparse.productWherePositive(xtr.sparse(), b, t, h, g, dir);
        Dense.subtractInPlace(dir, e);
        directionValid = true;
        return dir;
    }

    /** E ← E + η·ΔE (element: fma(η, ΔE, E)) with ΔE from direction(). */
    public void applyUpdate(double eta) {
        if (!directionValid) {
            throw new IllegalStateException("IsolatedDynamics.applyUpdate: call direction() first");
        }
        Dense.fmaInPlace(eta, dir, e);
        stepCount++;
        forwardValid = false;
        directionValid = false;
    }

    /** One Euler step. */
    public void step(double eta) {
        forward();
        direction();
        applyUpdate(eta);
    }

    /** Metrics of the current E (needs forward()): W = Hᵀ·B, train and test predictions. */
    public void evaluate(Eval out) {
        requireForward();
        w.fill(0.0);
        la.gemm(true, false, h, b, w);
        yhatTr.fill(0.0);
        la.gemm(false, false, h, w, yhatTr);
        sparse.gatherAddRelu(xte.sparse(), e, hte);
        yhatTe.fill(0.0);
        la.gemm(false, false, hte, w, yhatTe);
        out.step = stepCount;
        out.trainLoss = Dense.sumSquaredError(yhatTr, ytrLabel) / n;
        out.trainAcc = Dense.accuracy(yhatTr, ytrLabel);
        out.testLoss = Dense.sumSquaredError(yhatTe, yteLabel) / Math.max(1, yteLabel.length);
        out.testAcc = Dense.accuracy(yhatTe, yteLabel);
        out.normE = Dense.frobenius(e);
        out.normW = Dense.frobenius(w);
    }

    /** Second-layer weights W = Hᵀ·B of the last evaluate(). */
    public Mat secondLayer() {
        return w;
    }

    /** Tr(Ytrᵀ·K⁻¹·Ytr) = Σ B ⊙ Ytr for the last forward() (the data term of R, divided by λ). */
    public double traceTerm() {
        requireForward();
        double s = 0.0;
        for (int i = 0; i < n; i++) {
            s += b.data[i * p + ytrLabel[i]];
        }
        return s;
    }

    private void requireForward() {
        if (!forwardValid) {
            throw new IllegalStateException("IsolatedDynamics: call forward() first");
        }
    }
}
