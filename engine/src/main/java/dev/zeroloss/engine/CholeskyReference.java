package dev.zeroloss.engine;

/**
 * The scalar definition of the Cholesky factorisation, the triangular solves, the SPD solve and the SPD
 * inverse: the canonical order every fast (blocked, SIMD, multithreaded) path must equal bit for bit.
 *
 * <p>Cholesky {@code K = L·Lᵀ} reads only the lower triangle of K. For column j:
 * <pre>
 *   s = K[j][j];  for k = 0 .. j-1:  s = fma(-L[j][k], L[j][k], s)
 *   s must be > 0 (else NotPositiveDefiniteException naming column j and s);  L[j][j] = sqrt(s)
 *   for i > j:  s = K[i][j];  for k = 0 .. j-1:  s = fma(-L[i][k], L[j][k], s);  L[i][j] = s / L[j][j]
 * </pre>
 * Each element is one fma chain in increasing k followed by one correctly rounded sqrt or division, so a
 * right-looking blocked factorisation that applies its trailing updates in increasing k (reloading the
 * partial sums, never adding block results together) produces the same bits.
 *
 * <p>Forward solve {@code L·X = B}, per column c: for i = 0 .. n-1,
 * {@code s = B[i][c]; for k = 0 .. i-1: s = fma(-L[i][k], X[k][c], s); X[i][c] = s / L[i][i]}.
 * <br>Backward solve {@code Lᵀ·X = B}, per column c: for i = n-1 down to 0,
 * {@code s = B[i][c]; for k = n-1 down to i+1: s = fma(-L[k][i], X[k][c], s); X[i][c] = s / L[i][i]}
 * (decreasing k: the order in which the unknowns become known).
 * <br>SPD solve {@code K⁻¹·B} = backward(L, forward(L, B)).
 * <br>SPD inverse: {@code M = forward(L, I)} (that is L⁻¹), then {@code K⁻¹[i][j] = Σ_k M[k][i]·M[k][j]} as one
 * fma chain in increasing k from +0.0. The terms with k &lt; max(i, j) are exact zeros of L⁻¹; a chain that
 * starts at +0.0 is unchanged by them, so a fast path may skip them. The result is exactly symmetric.
 */
public final class CholeskyReference {
    private CholeskyReference() {
    }

    /** Returns L (lower triangular, strict upper triangle +0.0) with K = L·Lᵀ. */
    public static Mat factor(Mat k) {
        Checks.requireSquare("CholeskyReference.factor", "K", k);
        int n = k.rows;
        Mat l = new Mat(n, n);
        double[] L = l.data;
        for (int j = 0; j < n; j++) {
            double s = k.data[j * n + j];
            for (int p = 0; p < j; p++) {
                s = Math.fma(-L[j * n + p], L[j * n + p], s);
            }
            if (!(s > 0.0)) {
                throw new NotPositiveDefiniteException("CholeskyReference.factor", n, j, s);
            }
            double d = Math.sqrt(s);
            L[j * n + j] = d;
            for (int i = j + 1; i < n; i++) {
                double t = k.data[i * n + j];
                for (int p = 0; p < j; p++) {
                    t = Math.fma(-L[i * n + p], L[j * n + p], t);
                }
                L[i * n + j] = t / d;
            }
        }
        return l;
    }

    /** X with L·X = B (L lower triangular). */
    public static Mat solveLower(Mat l, Mat b) {
        int n = l.rows;
        Checks.requireSquare("CholeskyReference.solveLower", "L", l);
        if (b.rows != n) {
            throw new ShapeMismatchException("CholeskyReference.solveLower: L " + l.shape() + ", B " + b.shape());
        }
        int r = b.cols;
        Mat x = new Mat(n, r);
        for (int c = 0; c < r; c++) {
            for (int i = 0; i < n; i++) {
                double s = b.data[i * r + c];
                for (int p = 0; p < i; p++) {
                    s = Math.fma(-l.data[i * n + p], x.data[p * r + c], s);
                }
                x.data[i * r + c] = s / l.data[i * n + i];
            }
        }
        return x;
    }

    /** X with Lᵀ·X = B (L lower triangular). */
    public static Mat solveLowerTransposed(Mat l, Mat b) {
        int n = l.rows;
        Checks.requireSquare("CholeskyReference.solveLowerTransposed", "L", l);
        if (b.rows != n) {
            throw new ShapeMismatchException("CholeskyReference.solveLowerTransposed: L " + l.shape() + ", B "
                    + b.shape());
        }
        int r = b.cols;
        Mat x = new Mat(n, r);
        for (int c = 0; c < r; c++) {
            for (int i = n - 1; i >= 0; i--) {
                double s = b.data[i * r + c];
                for (int p = n - 1; p > i; p--) {
                    s = Math.fma(-l.data[p * n + i], x.data[p * r + c], s);
                }
                x.data[i * r + c] = s / l.data[i * n + i];
            }
        }
        return x;
    }

    /** K⁻¹·B for symmetric positive definite K. */
    public static Mat solveSpd(Mat k, Mat b) {
        Mat l = factor(k);
        return solveLowerTransposed(l, solveLower(l, b));
    }

    /** K⁻¹ for symmetric positive definite K (exactly symmetric). */
    public static Mat inverseSpd(Mat k) {
        Mat l = factor(k);
        Mat m = solveLower(l, Mat.identity(k.rows));
        int n = k.rows;
        Mat inv = new Mat(n, n);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0.0;
                for (int p = 0; p < n; p++) {
                    s = Math.fma(m.data[p * n + i], m.data[p * n + j], s);
                }
                inv.data[i * n + j] = s;
            }
        }
        return inv;
    }
}
