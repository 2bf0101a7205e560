package dev.zeroloss.harness.analysis;

import dev.zeroloss.engine.Mat;
import dev.zeroloss.engine.NotPositiveDefiniteException;
import dev.zeroloss.harness.model.Linalg;
import dev.zeroloss.harness.model.SmallReluNet;

/**
 * Projection onto the null space of the training-output Jacobian J at a point θ' (an estimate of the tangent
 * space of the zero-loss manifold there): P·v = v − Jᵀ(J·Jᵀ)⁻¹J·v, i.e. (I − J⁺J)·v with J⁺ = Jᵀ(JJᵀ)⁻¹ for a
 * wide J of full row rank. JJᵀ is factored once by Cholesky ({@link Linalg#cholesky}); its failure means J is
 * rank deficient (reported as {@link NotPositiveDefiniteException}). J is never formed: J·v and Jᵀ·w are the
 * network's JVP and backprop, JJᵀ comes from {@link SmallReluNet#gram}.
 */
public final class TangentProjection {
    private final SmallReluNet net;
    private final SmallReluNet.Batch batch;
    private final SmallReluNet.Workspace ws;
    private final double[] thetaPrime;
    private final Linalg la;
    private final Mat chol;
    private final double minPivot;
    private final double maxPivot;

    /** Factors J·Jᵀ at θ' (copied). Throws NotPositiveDefiniteException when J is rank deficient. */
    public TangentProjection(SmallReluNet net, SmallReluNet.Batch batch, double[] thetaPrime, Linalg la) {
        this.net = net;
        this.batch = batch;
        this.la = la;
        this.thetaPrime = thetaPrime.clone();
        this.ws = net.workspace(batch.size());
        net.forward(this.thetaPrime, batch, ws);
        Mat k = net.gram(this.thetaPrime, batch, ws, la);
        this.chol = la.cholesky(k);
        int m = chol.rows;
        double lo = Double.POSITIVE_INFINITY;
        double hi = 0.0;
        for (int j = 0; j < m; j++) {
            double d = chol.data[j * m + j];
            double pivot = d * d;
            lo = Math.min(lo, pivot);
            hi = Math.max(hi, pivot);
        }
        this.minPivot = lo;
        this.maxPivot = hi;
    }

    /** Number of rows of J (n_train·d_out), i.e. the rank J has when the factorisation succeeded. */
    public int rows() {
        return chol.rows;
    }

    /** Smallest Cholesky pivot L[j][j]² of J·Jᵀ (&gt; 0: J has full row rank). */
    public double minPivot() {
        return minPivot;
    }

    /** Largest Cholesky pivot L[j][j]². */
    public double maxPivot() {
        return maxPivot;
    }

    /** J·v at θ' (n·d_out entries). */
    public double[] apply(double[] v) {
        double[] u = new double[batch.size() * net.dOut];
        net.jvp(thetaPrime, batch, ws, v, u);
        return u;
    }

    /** (I − Jᵀ(JJᵀ)⁻¹J)·v, a new vector. */
    public double[] project(double[] v) {
        double[] u = apply(v);
        Mat w = la.solveLowerTransposed(chol, la.solveLower(chol, new Mat(u.length, 1, u)));
        double[] jtw = new double[v.length];
        net.backward(thetaPrime, batch, ws, w.data, jtw);
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i] - jtw[i];
        }
        return out;
    }

    /** See {@link Vectors#dot}. */
    public static double dot(double[] a, double[] b) {
        return Vectors.dot(a, b);
    }

    public static double norm(double[] a) {
        return Vectors.norm(a);
    }

    /** cos(a, b); NaN when either is the zero vector (undefined). */
    public static double cosine(double[] a, double[] b) {
        return Vectors.cosine(a, b);
    }
}
