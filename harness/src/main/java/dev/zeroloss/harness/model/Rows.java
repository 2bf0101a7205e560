package dev.zeroloss.harness.model;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Row kernels of {@link SmallReluNet}'s step loop, vectorised lane-wise on a fixed 256-bit species with a scalar
 * tail. Every lane does exactly the scalar operation written in each method's comment (no cross-lane work), so
 * the results are the scalar results bit for bit.
 */
final class Rows {
    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_256;
    private static final int L = 4;
    /**
     * The exact vector and mask classes: every vector is cast to them (a checkcast to a final class) so that its
     * methods bind statically on JDK 17 even when 512-bit vectors (the wide GEMM kernel) share the type profile
     * of DoubleVector's methods; otherwise the calls go bimorphic and box (see docs/decisions/wide17.md).
     */
    private static final Class<?> V = S.vectorType();
    private static final Class<?> M = S.maskAll(false).getClass();

    private static DoubleVector v(DoubleVector x) {
        return (DoubleVector) V.cast(x);
    }

    @SuppressWarnings("unchecked")
    private static VectorMask<Double> m(VectorMask<Double> x) {
        return (VectorMask<Double>) M.cast(x);
    }

    private Rows() {
    }

    /**
     * z[o+k] = w[ra+k] + w[rb+k] (one rounding), or 2·w[ra+k] when ra = rb (exact: the input is 2·e_a);
     * h[o+k] = z &gt; 0 ? z : +0.0.
     */
    static void gatherRelu(double[] w, int ra, int rb, double[] z, double[] h, int o, int len) {
        int k = 0;
        DoubleVector zero = v(DoubleVector.zero(S));
        if (ra == rb) {
            DoubleVector two = v(DoubleVector.broadcast(S, 2.0));
            for (; k + L <= len; k += L) {
                DoubleVector zv = v(v(DoubleVector.fromArray(S, w, ra + k)).mul(two));
                zv.intoArray(z, o + k);
                v(zero.blend(zv, m(zv.compare(VectorOperators.GT, zero)))).intoArray(h, o + k);
            }
            for (; k < len; k++) {
                double v = 2.0 * w[ra + k];
                z[o + k] = v;
                h[o + k] = v > 0.0 ? v : 0.0;
            }
        } else {
            for (; k + L <= len; k += L) {
                DoubleVector zv = v(v(DoubleVector.fromArray(S, w, ra + k)).add(v(DoubleVector.fromArray(S, w, rb + k))));
                zv.intoArray(z, o + k);
                v(zero.blend(zv, m(zv.compare(VectorOperators.GT, zero)))).intoArray(h, o + k);
            }
            for (; k < len; k++) {
                double v = w[ra + k] + w[rb + k];
                z[o + k] = v;
                h[o + k] = v > 0.0 ? v : 0.0;
            }
        }
    }

    /** d[i] = z[i] &gt; 0 ? d[i] : +0.0 for i in [0, len). */
    static void maskPositive(double[] z, double[] d, int len) {
        int i = 0;
        DoubleVector zero = v(DoubleVector.zero(S));
        for (; i + L <= len; i += L) {
            VectorMask<Double> pos = m(v(DoubleVector.fromArray(S, z, i)).compare(VectorOperators.GT, zero));
            v(zero.blend(v(DoubleVector.fromArray(S, d, i)), pos)).intoArray(d, i);
        }
        for (; i < len; i++) {
            d[i] = z[i] > 0.0 ? d[i] : 0.0;
        }
    }

    /**
     * The contribution of one input x = e_a + e_b to Xᵀ·D: g[ra+k] = fma(2, d[o+k], g[ra+k]) when ra = rb, else
     * g[ra+k] += d[o+k] and g[rb+k] += d[o+k] (distinct rows, so the order between them is immaterial).
     */
    static void scatterAdd(double[] d, int o, double[] g, int ra, int rb, int len) {
        int k = 0;
        if (ra == rb) {
            DoubleVector two = v(DoubleVector.broadcast(S, 2.0));
            for (; k + L <= len; k += L) {
                v(two.fma(v(DoubleVector.fromArray(S, d, o + k)), v(DoubleVector.fromArray(S, g, ra + k))))
                        .intoArray(g, ra + k);
            }
            for (; k < len; k++) {
                g[ra + k] = Math.fma(2.0, d[o + k], g[ra + k]);
            }
        } else {
            for (; k + L <= len; k += L) {
                DoubleVector dv = v(DoubleVector.fromArray(S, d, o + k));
                v(v(DoubleVector.fromArray(S, g, ra + k)).add(dv)).intoArray(g, ra + k);
                v(v(DoubleVector.fromArray(S, g, rb + k)).add(dv)).intoArray(g, rb + k);
            }
            for (; k < len; k++) {
                g[ra + k] += d[o + k];
                g[rb + k] += d[o + k];
            }
        }
    }
}
