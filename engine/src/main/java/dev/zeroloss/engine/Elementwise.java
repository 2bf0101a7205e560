package dev.zeroloss.engine;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Element-wise operations on {@link Mat}, vectorised with {@link DoubleVector#SPECIES_256} and a scalar tail.
 * The semantics (and the one IEEE operation behind each element) are defined by {@link ElementwiseReference};
 * every method here equals its reference twin bit for bit, including signed zeros and subnormals, because each
 * element is computed independently by the same single operation (lane-wise vector ops are exactly rounded).
 *
 * <p>Non-finite check (see the reference): fused into the loop as {@code bad = fma(r, 0.0, bad)} over the
 * checked values r; {@code r·0} is ±0 for finite r and NaN for NaN/±inf, so one NaN test on {@code bad} after the
 * loop detects any of them. On failure a scalar rescan names the culprit. No allocation on the normal path.
 *
 * <p>Out-of-place forms accept {@code out} equal to an operand; {@code ...InPlace} forms are shorthands for that.
 * Single-threaded on purpose: these ops are memory-bound (see docs/decisions/elementwise.md).
 */
public final class Elementwise {
    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_256;
    private static final int L = 4; // S.length(), as a constant
    /**
     * The exact vector and mask classes: every vector is cast to them (a checkcast to a final class) so that its
     * methods bind statically on JDK 17 even when 512-bit vectors share DoubleVector's type profile (see
     * GemmKernel.V256 and docs/decisions/wide17.md).
     */
    private static final Class<?> V = S.vectorType();
    private static final Class<?> M = S.maskAll(false).getClass();

    private Elementwise() {
    }

    /** out = a ⊙ b. */
    public static void hadamard(Mat a, Mat b, Mat out) {
        String op = "Elementwise.hadamard";
        ElementwiseReference.shapes(op, a, b, out);
        double[] x = a.data, y = b.data, o = out.data;
        int n = o.length, vn = n & -L, i = 0;
        DoubleVector zero = v(DoubleVector.zero(S)), bad = zero;
        for (; i < vn; i += L) {
            DoubleVector r = v(v(DoubleVector.fromArray(S, x, i)).mul(v(DoubleVector.fromArray(S, y, i))));
            r.intoArray(o, i);
            bad = v(r.fma(zero, bad));
        }
        boolean ok = !m(bad.compare(VectorOperators.NE, bad)).anyTrue(); // inline: a vector argument can box
        for (; i < n; i++) {
            double r = x[i] * y[i];
            o[i] = r;
            ok &= r - r == 0.0;
        }
        if (!ok) {
            throw NonFinite.forResult(op, out, "a", a, "b", b);
        }
    }

    /** out = a + b. */
    public static void add(Mat a, Mat b, Mat out) {
        String op = "Elementwise.add";
        ElementwiseReference.shapes(op, a, b, out);
        double[] x = a.data, y = b.data, o = out.data;
        int n = o.length, vn = n & -L, i = 0;
        DoubleVector zero = v(DoubleVector.zero(S)), bad = zero;
        for (; i < vn; i += L) {
            DoubleVector r = v(v(DoubleVector.fromArray(S, x, i)).add(v(DoubleVector.fromArray(S, y, i))));
            r.intoArray(o, i);
            bad = v(r.fma(zero, bad));
        }
        boolean ok = !m(bad.compare(VectorOperators.NE, bad)).anyTrue(); // inline: a vector argument can box
        for (; i < n; i++) {
            double r = x[i] + y[i];
            o[i] = r;
            ok &= r - r == 0.0;
        }
        if (!ok) {
            throw NonFinite.forResult(op, out, "a", a, "b", b);
        }
    }

    /** out = a − b. */
    public static void sub(Mat a, Mat b, Mat out) {
        String op = "Elementwise.sub";
        ElementwiseReference.shapes(op, a, b, out);
        double[] x = a.data, y = b.data, o = out.data;
        int n = o.length, vn = n & -L, i = 0;
        DoubleVector zero = v(DoubleVector.zero(S)), bad = zero;
        for (; i < vn; i += L) {
            DoubleVector r = v(v(DoubleVector.fromArray(S, x, i)).sub(v(DoubleVector.fromArray(S, y, i))));
            r.intoArray(o, i);
            bad = v(r.fma(zero, bad));
        }
        boolean ok = !m(bad.compare(VectorOperators.NE, bad)).anyTrue(); // inline: a vector argument can box
        for (; i < n; i++) {
            double r = x[i] - y[i];
            o[i] = r;
            ok &= r - r == 0.0;
        }
        if (!ok) {
            throw NonFinite.forResult(op, out, "a", a, "b", b);
        }
    }

    /** out = alpha · a. */
    public static void scale(double alpha, Mat a, Mat out) {
        String op = "Elementwise.scale";
        NonFinite.requireFiniteScalar(op, "alpha", alpha);
        NonFinite.requireSameShape(op, a, "a", out, "out");
        double[] x = a.data, o = out.data;
        int n = o.length, vn = n & -L, i = 0;
        DoubleVector zero = v(DoubleVector.zero(S)), bad = zero, va = v(DoubleVector.broadcast(S, alpha));
        for (; i < vn; i += L) {
            DoubleVector r = v(va.mul(v(DoubleVector.fromArray(S, x, i))));
            r.intoArray(o, i);
            bad = v(r.fma(zero, bad));
        }
        boolean ok = !m(bad.compare(VectorOperators.NE, bad)).anyTrue(); // inline: a vector argument can box
        for (; i < n; i++) {
            double r = alpha * x[i];
            o[i] = r;
            ok &= r - r == 0.0;
        }
        if (!ok) {
            throw NonFinite.forResult(op, out, "a", a, null, null);
        }
    }

    /** y ← fma(alpha, x, y): one rounding per element. */
    public static void axpy(double alpha, Mat x, Mat y) {
        String op = "Elementwise.axpy";
        NonFinite.requireFiniteScalar(op, "alpha", alpha);
        NonFinite.requireSameShape(op, x, "x", y, "y");
        double[] xs = x.data, ys = y.data;
        int n = ys.length, vn = n & -L, i = 0;
        DoubleVector zero = v(DoubleVector.zero(S)), bad = zero, va = v(DoubleVector.broadcast(S, alpha));
        for (; i < vn; i += L) {
            DoubleVector r = v(va.fma(v(DoubleVector.fromArray(S, xs, i)), v(DoubleVector.fromArray(S, ys, i))));
            r.intoArray(ys, i);
            bad = v(r.fma(zero, bad));
        }
        boolean ok = !m(bad.compare(VectorOperators.NE, bad)).anyTrue(); // inline: a vector argument can box
        for (; i < n; i++) {
            double r = Math.fma(alpha, xs[i], ys[i]);
            ys[i] = r;
            ok &= r - r == 0.0;
        }
        if (!ok) {
            throw NonFinite.forResult(op, y, "x", x, "y", y);
        }
    }

    /** out = z &gt; 0 ? z : +0.0 (so relu(-0.0) = +0.0). */
    public static void relu(Mat z, Mat out) {
        String op = "Elementwise.relu";
        NonFinite.requireSameShape(op, z, "z", out, "out");
        double[] x = z.data, o = out.data;
        int n = o.length, vn = n & -L, i = 0;
        DoubleVector zero = v(DoubleVector.zero(S)), bad = zero;
        for (; i < vn; i += L) {
            DoubleVector zv = v(DoubleVector.fromArray(S, x, i));
            VectorMask<Double> pos = m(zv.compare(VectorOperators.GT, zero));
            v(zero.blend(zv, pos)).intoArray(o, i);
            bad = v(zv.fma(zero, bad));
        }
        boolean ok = !m(bad.compare(VectorOperators.NE, bad)).anyTrue(); // inline: a vector argument can box
        for (; i < n; i++) {
            double v = x[i];
            o[i] = v > 0.0 ? v : 0.0;
            ok &= v - v == 0.0;
        }
        if (!ok) {
            throw NonFinite.forResult(op, out, "z", z, null, null);
        }
    }

    /** out = z &gt; 0 ? 1.0 : 0.0 (the ReLU derivative, σ'(0) = 0). */
    public static void reluMask(Mat z, Mat out) {
        String op = "Elementwise.reluMask";
        NonFinite.requireSameShape(op, z, "z", out, "out");
        double[] x = z.data, o = out.data;
        int n = o.length, vn = n & -L, i = 0;
        DoubleVector zero = v(DoubleVector.zero(S)), bad = zero, one = v(DoubleVector.broadcast(S, 1.0));
        for (; i < vn; i += L) {
            DoubleVector zv = v(DoubleVector.fromArray(S, x, i));
            v(zero.blend(one, m(zv.compare(VectorOperators.GT, zero)))).intoArray(o, i);
            bad = v(zv.fma(zero, bad));
        }
        boolean ok = !m(bad.compare(VectorOperators.NE, bad)).anyTrue(); // inline: a vector argument can box
        for (; i < n; i++) {
            double v = x[i];
            o[i] = v > 0.0 ? 1.0 : 0.0;
            ok &= v - v == 0.0;
        }
        if (!ok) {
            throw NonFinite.forResult(op, out, "z", z, null, null);
        }
    }

    /** out = g ⊙ [z &gt; 0], as the product g·(z &gt; 0 ? 1.0 : 0.0): the backward pass through a ReLU. */
    public static void reluBackward(Mat g, Mat z, Mat out) {
        String op = "Elementwise.reluBackward";
        ElementwiseReference.shapesGz(op, g, z, out);
        double[] gs = g.data, zs = z.data, o = out.data;
        int n = o.length, vn = n & -L, i = 0;
        DoubleVector zero = v(DoubleVector.zero(S)), bad = zero, one = v(DoubleVector.broadcast(S, 1.0));
        for (; i < vn; i += L) {
            DoubleVector zv = v(DoubleVector.fromArray(S, zs, i));
            DoubleVector mv = v(zero.blend(one, m(zv.compare(VectorOperators.GT, zero))));
            DoubleVector r = v(v(DoubleVector.fromArray(S, gs, i)).mul(mv));
            r.intoArray(o, i);
            bad = v(r.fma(zero, v(zv.fma(zero, bad))));
        }
        boolean ok = !m(bad.compare(VectorOperators.NE, bad)).anyTrue(); // inline: a vector argument can box
        for (; i < n; i++) {
            double v = zs[i];
            double r = gs[i] * (v > 0.0 ? 1.0 : 0.0);
            o[i] = r;
            ok &= v - v == 0.0 && r - r == 0.0;
        }
        if (!ok) {
            // z first (the reference checks z before computing), then g / overflow via the result.
            if (z.data != o) {
                Checks.requireFinite(op, "z", z);
            }
            throw NonFinite.forResult(op, out, "g", g, null, null);
        }
    }

    public static void hadamardInPlace(Mat a, Mat b) {
        hadamard(a, b, a);
    }

    public static void addInPlace(Mat a, Mat b) {
        add(a, b, a);
    }

    public static void subInPlace(Mat a, Mat b) {
        sub(a, b, a);
    }

    public static void scaleInPlace(double alpha, Mat a) {
        scale(alpha, a, a);
    }

    public static void reluInPlace(Mat z) {
        relu(z, z);
    }

    /** g ← g ⊙ [z &gt; 0]. */
    public static void reluBackwardInPlace(Mat g, Mat z) {
        reluBackward(g, z, g);
    }

    private static DoubleVector v(DoubleVector x) {
        return (DoubleVector) V.cast(x);
    }

    @SuppressWarnings("unchecked")
    private static VectorMask<Double> m(VectorMask<Double> x) {
        return (VectorMask<Double>) M.cast(x);
    }
}
