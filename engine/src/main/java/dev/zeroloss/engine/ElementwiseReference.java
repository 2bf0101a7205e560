package dev.zeroloss.engine;

/**
 * The scalar definition of the element-wise operations; {@link Elementwise} must equal it bit for bit.
 *
 * <p>Every output element is ONE IEEE operation on the operand elements at the same index (so no order
 * exists to get wrong):
 * <ul>
 * <li>hadamard: {@code out[i] = a[i] * b[i]}; add: {@code a[i] + b[i]}; sub: {@code a[i] - b[i]};
 *     scale: {@code alpha * a[i]} — each rounded once.</li>
 * <li>axpy: {@code y[i] = fma(alpha, x[i], y[i])} — ONE rounding (not {@code y + alpha*x}, which rounds twice).</li>
 * <li>relu: {@code out[i] = z[i] > 0 ? z[i] : +0.0}; so relu(-0.0) = +0.0 (a select, never a max(), whose
 *     signed-zero handling differs between instructions).</li>
 * <li>reluMask (the ReLU derivative): {@code out[i] = z[i] > 0 ? 1.0 : 0.0}, so σ'(0) = 0.</li>
 * <li>reluBackward: {@code out[i] = g[i] * (z[i] > 0 ? 1.0 : 0.0)} — a true product, so it equals
 *     {@code hadamard(g, reluMask(z))} bit for bit; where z ≤ 0 it is +0.0 for g ≥ +0 and -0.0 for g < 0 or -0.0.</li>
 * </ul>
 *
 * <p>Non-finite values: an arithmetic op (hadamard, add, sub, scale, axpy) writes its result and then throws
 * {@link NonFiniteInputException} if any result element is NaN or infinite; that happens exactly when an
 * operand element is non-finite or the operation overflowed (inf·0, inf−inf and NaN all give NaN), so
 * checking the result costs one pass the fast path fuses into its loop. relu, reluMask and reluBackward check
 * their input z instead (a select hides a NaN in z) and reluBackward also its result (catches g). A scalar
 * alpha must be finite (checked first). On an exception the output's contents are unspecified.
 *
 * <p>All shapes must be equal ({@link ShapeMismatchException} naming the op and the shapes). The output may
 * be the same Mat as an operand (each element is read before it is written at the same index).
 */
public final class ElementwiseReference {
    private ElementwiseReference() {
    }

    public static void hadamard(Mat a, Mat b, Mat out) {
        String op = "ElementwiseReference.hadamard";
        shapes(op, a, b, out);
        for (int i = 0; i < out.data.length; i++) {
            out.data[i] = a.data[i] * b.data[i];
        }
        checkResult(op, out, a, b);
    }

    public static void add(Mat a, Mat b, Mat out) {
        String op = "ElementwiseReference.add";
        shapes(op, a, b, out);
        for (int i = 0; i < out.data.length; i++) {
            out.data[i] = a.data[i] + b.data[i];
        }
        checkResult(op, out, a, b);
    }

    public static void sub(Mat a, Mat b, Mat out) {
        String op = "ElementwiseReference.sub";
        shapes(op, a, b, out);
        for (int i = 0; i < out.data.length; i++) {
            out.data[i] = a.data[i] - b.data[i];
        }
        checkResult(op, out, a, b);
    }

    public static void scale(double alpha, Mat a, Mat out) {
        String op = "ElementwiseReference.scale";
        NonFinite.requireFiniteScalar(op, "alpha", alpha);
        NonFinite.requireSameShape(op, a, "a", out, "out");
        for (int i = 0; i < out.data.length; i++) {
            out.data[i] = alpha * a.data[i];
        }
        checkResult(op, out, a, null);
    }

    /** y ← fma(alpha, x, y) element-wise: one rounding per element. */
    public static void axpy(double alpha, Mat x, Mat y) {
        String op = "ElementwiseReference.axpy";
        NonFinite.requireFiniteScalar(op, "alpha", alpha);
        NonFinite.requireSameShape(op, x, "x", y, "y");
        for (int i = 0; i < y.data.length; i++) {
            y.data[i] = Math.fma(alpha, x.data[i], y.data[i]);
        }
        checkResult(op, y, x, y);
    }

    public static void relu(Mat z, Mat out) {
        String op = "ElementwiseReference.relu";
        NonFinite.requireSameShape(op, z, "z", out, "out");
        Checks.requireFinite(op, "z", z);
        for (int i = 0; i < out.data.length; i++) {
            double v = z.data[i];
            out.data[i] = v > 0.0 ? v : 0.0;
        }
    }

    public static void reluMask(Mat z, Mat out) {
        String op = "ElementwiseReference.reluMask";
        NonFinite.requireSameShape(op, z, "z", out, "out");
        Checks.requireFinite(op, "z", z);
        for (int i = 0; i < out.data.length; i++) {
            out.data[i] = z.data[i] > 0.0 ? 1.0 : 0.0;
        }
    }

    public static void reluBackward(Mat g, Mat z, Mat out) {
        String op = "ElementwiseReference.reluBackward";
        shapesGz(op, g, z, out);
        Checks.requireFinite(op, "z", z);
        for (int i = 0; i < out.data.length; i++) {
            out.data[i] = g.data[i] * (z.data[i] > 0.0 ? 1.0 : 0.0);
        }
        checkResult(op, out, g, null);
    }

    static void shapes(String op, Mat a, Mat b, Mat out) {
        if (!a.sameShape(b) || !a.sameShape(out)) {
            throw new ShapeMismatchException(op + ": a is " + a.shape() + ", b is " + b.shape() + ", out is "
                    + out.shape() + "; shapes must be equal");
        }
    }

    static void shapesGz(String op, Mat g, Mat z, Mat out) {
        if (!g.sameShape(z) || !g.sameShape(out)) {
            throw new ShapeMismatchException(op + ": g is " + g.shape() + ", z is " + z.shape() + ", out is "
                    + out.shape() + "; shapes must be equal");
        }
    }

    private static void checkResult(String op, Mat out, Mat in1, Mat in2) {
        double[] d = out.data;
        for (double v : d) {
            if (v - v != 0.0) {
                throw NonFinite.forResult(op, out, in1 == null ? null : name(op, 1), in1,
                        in2 == null ? null : name(op, 2), in2);
            }
        }
    }

    /** Operand names used in messages (first, second operand) per op. */
    static String name(String op, int which) {
        if (op.endsWith("axpy")) {
            return which == 1 ? "x" : "y";
        }
        if (op.endsWith("reluBackward")) {
            return "g";
        }
        return which == 1 ? "a" : "b";
    }
}
