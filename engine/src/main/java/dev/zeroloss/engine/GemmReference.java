package dev.zeroloss.engine;

/**
 * The scalar definition of GEMM and SYRK: the canonical order every fast path must equal bit for bit.
 *
 * <p>{@code C[i][j]} is one fused-multiply-add chain in strictly increasing k, started from the old value:
 * <pre>  c = C[i][j];  for k = 0 .. K-1:  c = fma(opA(i,k), opB(k,j), c);  C[i][j] = c</pre>
 * No sum is ever split into partial sums. SYRK is the same chain with {@code opA = H, opB = Hᵀ}, started
 * from +0.0. Because fma rounds once and multiplication commutes exactly, {@code (H·Hᵀ)[i][j]} and
 * {@code [j][i]} are the same bits, so the symmetric fill is a mirror of the lower triangle.
 */
public final class GemmReference {
    private GemmReference() {
    }

    /** C ← C + op(A)·op(B), op(X) = Xᵀ when the flag is set. */
    public static void gemm(boolean transA, boolean transB, Mat a, Mat b, Mat c) {
        int m = transA ? a.cols : a.rows;
        int k = transA ? a.rows : a.cols;
        int kb = transB ? b.cols : b.rows;
        int n = transB ? b.rows : b.cols;
        if (k != kb || c.rows != m || c.cols != n) {
            throw new ShapeMismatchException("GemmReference: op(A) " + m + "x" + k + ", op(B) " + kb + "x" + n
                    + ", C " + c.shape());
        }
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = c.data[i * n + j];
                for (int p = 0; p < k; p++) {
                    double x = transA ? a.data[p * a.cols + i] : a.data[i * a.cols + p];
                    double y = transB ? b.data[j * b.cols + p] : b.data[p * b.cols + j];
                    s = Math.fma(x, y, s);
                }
                c.data[i * n + j] = s;
            }
        }
    }

    /** Lower triangle (j ≤ i) of K ← H·Hᵀ; the strict upper triangle of K is left as it was. */
    public static void syrkLower(Mat h, Mat k) {
        int n = h.rows;
        if (k.rows != n || k.cols != n) {
            throw new ShapeMismatchException("GemmReference.syrk: H " + h.shape() + ", K " + k.shape());
        }
        int d = h.cols;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double s = 0.0;
                for (int p = 0; p < d; p++) {
                    s = Math.fma(h.data[i * d + p], h.data[j * d + p], s);
                }
                k.data[i * n + j] = s;
            }
        }
    }

    /** K ← H·Hᵀ, both triangles. */
    public static void syrk(Mat h, Mat k) {
        syrkLower(h, k);
        mirrorLower(k);
    }

    /** Copies the strict lower triangle onto the upper one. */
    public static void mirrorLower(Mat k) {
        int n = k.rows;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < i; j++) {
                k.data[j * n + i] = k.data[i * n + j];
            }
        }
    }
}
