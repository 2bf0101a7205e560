package dev.zeroloss.harness.model;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * C = A·B for the small products of {@link SmallReluNet}'s step loop (11 × 128 × 59 and the like), where the
 * engine's packed GEMM would spend more time packing than multiplying. Every C(i, j) is ONE fma chain in
 * increasing p started from +0.0 — exactly {@link #reference} — and the vector path only runs independent
 * chains side by side in the lanes of a fixed 256-bit species (no lane ever sums with another), so both give
 * the same bits on every CPU, vector width and JDK. Register tile: 4 rows × 8 columns (8 accumulators).
 *
 * <p>A(i, p) = a[aOff + i·aRs + p·aCs] (any strides, so Aᵀ needs no copy); B is row-major with leading dimension
 * ldb; C is row-major with leading dimension ldc and is overwritten.
 */
public final class SmallGemm {
    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_256;
    private static final int L = 4; // lanes of S
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

    private SmallGemm() {
    }

    /** The definition: C(i,j) = chain over p of A(i,p)·B(p,j) from +0.0. */
    public static void reference(int m, int n, int k, double[] a, int aOff, int aRs, int aCs, double[] b, int ldb,
                                 double[] c, int ldc) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0.0;
                for (int p = 0; p < k; p++) {
                    s = Math.fma(a[aOff + i * aRs + p * aCs], b[p * ldb + j], s);
                }
                c[i * ldc + j] = s;
            }
        }
    }

    /** The fast path, same bits as {@link #reference}. */
    public static void multiply(int m, int n, int k, double[] a, int aOff, int aRs, int aCs, double[] b, int ldb,
                                double[] c, int ldc) {
        int j = 0;
        for (; j + 2 * L <= n; j += 2 * L) {
            int i = 0;
            for (; i + 4 <= m; i += 4) {
                tile4x8(i, j, k, a, aOff, aRs, aCs, b, ldb, c, ldc);
            }
            for (; i < m; i++) {
                DoubleVector c0 = v(DoubleVector.zero(S));
                DoubleVector c1 = v(DoubleVector.zero(S));
                int ai = aOff + i * aRs;
                for (int p = 0; p < k; p++) {
                    DoubleVector x = v(DoubleVector.broadcast(S, a[ai + p * aCs]));
                    int bp = p * ldb + j;
                    c0 = v(x.fma(v(DoubleVector.fromArray(S, b, bp)), c0));
                    c1 = v(x.fma(v(DoubleVector.fromArray(S, b, bp + L)), c1));
                }
                c0.intoArray(c, i * ldc + j);
                c1.intoArray(c, i * ldc + j + L);
            }
        }
        for (; j + L <= n; j += L) {
            int i0 = 0;
            for (; i0 + 8 <= m; i0 += 8) {
                tile8x4(i0, j, k, a, aOff, aRs, aCs, b, ldb, c, ldc);
            }
            for (int i = i0; i < m; i++) {
                DoubleVector c0 = v(DoubleVector.zero(S));
                int ai = aOff + i * aRs;
                for (int p = 0; p < k; p++) {
                    c0 = v(v(DoubleVector.broadcast(S, a[ai + p * aCs])).fma(v(DoubleVector.fromArray(S, b, p * ldb + j)), c0));
                }
                c0.intoArray(c, i * ldc + j);
            }
        }
        for (; j < n; j++) {
            for (int i = 0; i < m; i++) {
                double s = 0.0;
                int ai = aOff + i * aRs;
                for (int p = 0; p < k; p++) {
                    s = Math.fma(a[ai + p * aCs], b[p * ldb + j], s);
                }
                c[i * ldc + j] = s;
            }
        }
    }

    private static void tile4x8(int i, int j, int k, double[] a, int aOff, int aRs, int aCs, double[] b, int ldb,
                                double[] c, int ldc) {
        DoubleVector c00 = v(DoubleVector.zero(S));
        DoubleVector c01 = v(DoubleVector.zero(S));
        DoubleVector c10 = v(DoubleVector.zero(S));
        DoubleVector c11 = v(DoubleVector.zero(S));
        DoubleVector c20 = v(DoubleVector.zero(S));
        DoubleVector c21 = v(DoubleVector.zero(S));
        DoubleVector c30 = v(DoubleVector.zero(S));
        DoubleVector c31 = v(DoubleVector.zero(S));
        int a0 = aOff + i * aRs;
        int a1 = a0 + aRs;
        int a2 = a1 + aRs;
        int a3 = a2 + aRs;
        for (int p = 0; p < k; p++) {
            int bp = p * ldb + j;
            DoubleVector b0 = v(DoubleVector.fromArray(S, b, bp));
            DoubleVector b1 = v(DoubleVector.fromArray(S, b, bp + L));
            int ap = p * aCs;
            DoubleVector x0 = v(DoubleVector.broadcast(S, a[a0 + ap]));
            c00 = v(x0.fma(b0, c00));
            c01 = v(x0.fma(b1, c01));
            DoubleVector x1 = v(DoubleVector.broadcast(S, a[a1 + ap]));
            c10 = v(x1.fma(b0, c10));
            c11 = v(x1.fma(b1, c11));
            DoubleVector x2 = v(DoubleVector.broadcast(S, a[a2 + ap]));
            c20 = v(x2.fma(b0, c20));
            c21 = v(x2.fma(b1, c21));
            DoubleVector x3 = v(DoubleVector.broadcast(S, a[a3 + ap]));
            c30 = v(x3.fma(b0, c30));
            c31 = v(x3.fma(b1, c31));
        }
        int r = i * ldc + j;
        c00.intoArray(c, r);
        c01.intoArray(c, r + L);
        r += ldc;
        c10.intoArray(c, r);
        c11.intoArray(c, r + L);
        r += ldc;
        c20.intoArray(c, r);
        c21.intoArray(c, r + L);
        r += ldc;
        c30.intoArray(c, r);
        c31.intoArray(c, r + L);
    }

    private static void tile8x4(int i, int j, int k, double[] a, int aOff, int aRs, int aCs, double[] b, int ldb,
                                double[] c, int ldc) {
        DoubleVector c0 = v(DoubleVector.zero(S));
        DoubleVector c1 = v(DoubleVector.zero(S));
        DoubleVector c2 = v(DoubleVector.zero(S));
        DoubleVector c3 = v(DoubleVector.zero(S));
        DoubleVector c4 = v(DoubleVector.zero(S));
        DoubleVector c5 = v(DoubleVector.zero(S));
        DoubleVector c6 = v(DoubleVector.zero(S));
        DoubleVector c7 = v(DoubleVector.zero(S));
        int a0 = aOff + i * aRs;
        for (int p = 0; p < k; p++) {
            DoubleVector bv = v(DoubleVector.fromArray(S, b, p * ldb + j));
            int ap = a0 + p * aCs;
            c0 = v(v(DoubleVector.broadcast(S, a[ap])).fma(bv, c0));
            c1 = v(v(DoubleVector.broadcast(S, a[ap + aRs])).fma(bv, c1));
            c2 = v(v(DoubleVector.broadcast(S, a[ap + 2 * aRs])).fma(bv, c2));
            c3 = v(v(DoubleVector.broadcast(S, a[ap + 3 * aRs])).fma(bv, c3));
            c4 = v(v(DoubleVector.broadcast(S, a[ap + 4 * aRs])).fma(bv, c4));
            c5 = v(v(DoubleVector.broadcast(S, a[ap + 5 * aRs])).fma(bv, c5));
            c6 = v(v(DoubleVector.broadcast(S, a[ap + 6 * aRs])).fma(bv, c6));
            c7 = v(v(DoubleVector.broadcast(S, a[ap + 7 * aRs])).fma(bv, c7));
        }
        int r = i * ldc + j;
        c0.intoArray(c, r);
        c1.intoArray(c, r + ldc);
        c2.intoArray(c, r + 2 * ldc);
        c3.intoArray(c, r + 3 * ldc);
        c4.intoArray(c, r + 4 * ldc);
        c5.intoArray(c, r + 5 * ldc);
        c6.intoArray(c, r + 6 * ldc);
        c7.intoArray(c, r + 7 * ldc);
    }
}
