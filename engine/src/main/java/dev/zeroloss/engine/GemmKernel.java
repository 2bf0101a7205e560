package dev.zeroloss.engine;

/**
 * The strided block update every level-3 operation of the engine is built on.
 *
 * <p>{@code update} computes, for i in [0, m) and j in [0, n) (only j ≤ i when {@code lowerOnly}):
 * <pre>  s = C(i,j);  for p = 0 .. k-1:  s = fma(±A(i,p), B(p,j), s);  C(i,j) = s</pre>
 * with A(i,p) = a[aOff + i*aRs + p*aCs], B(p,j) = b[bOff + p*bRs + j*bCs], C(i,j) = c[cOff + i*ldc + j], and the
 * sign minus when {@code negate}. Strides may be negative (a reversed k order is a negative k stride).
 * This is exactly the chain of {@link GemmReference}, so every caller that keeps its chains in this form
 * equals its scalar reference bit for bit.
 *
 * <p>THIS VERSION IS THE SCALAR DEFINITION, kept as the baseline the packed SIMD kernel replaces.
 */
public final class GemmKernel {
    private final WorkerPool pool;

    public GemmKernel(WorkerPool pool) {
        this.pool = pool;
    }

    public WorkerPool pool() {
        return pool;
    }

    public void update(int m, int n, int k, boolean negate, boolean lowerOnly,
                       double[] a, int aOff, int aRs, int aCs,
                       double[] b, int bOff, int bRs, int bCs,
                       double[] c, int cOff, int ldc) {
        for (int i = 0; i < m; i++) {
            int jEnd = lowerOnly ? Math.min(n, i + 1) : n;
            for (int j = 0; j < jEnd; j++) {
                int ci = cOff + i * ldc + j;
                double s = c[ci];
                for (int p = 0; p < k; p++) {
                    double x = a[aOff + i * aRs + p * aCs];
                    s = Math.fma(negate ? -x : x, b[bOff + p * bRs + j * bCs], s);
                }
                c[ci] = s;
            }
        }
    }
}
