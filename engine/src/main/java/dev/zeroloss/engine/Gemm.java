package dev.zeroloss.engine;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Fast GEMM and SYRK on {@link GemmKernel}; bit for bit equal to {@link GemmReference} for every shape and
 * thread count.
 *
 * <p>Like its kernel, one {@code Gemm} serves one caller thread at a time; steady-state calls allocate nothing
 * (except {@link #multiply}, which returns a new matrix).
 */
public final class Gemm {
    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_256;
    /** The exact vector class (see GemmKernel's V256: keeps JDK 17's shared type profiles out of these calls). */
    private static final Class<?> V256 = S.vectorType();
    private static final double[] EMPTY = new double[0];
    /** Elements per finiteness-scan task, and the total below which the scan stays on the caller. */
    private static final int SCAN_CHUNK = 1 << 16;
    private static final long PARALLEL_SCAN = 1L << 20;
    /** gemm checks an input through the result when it has this many times the elements of C and the other input. */
    private static final long RESULT_CHECK_RATIO = 4;

    private final GemmKernel kernel;
    private final WorkerPool pool;
    // Finiteness scan of up to three operands, spread over the pool (memory-bound: ≈ 4 % of a 1024³ call).
    private final double[][] scan = {EMPTY, EMPTY, EMPTY};
    private final int[] firstTask = new int[4];
    private final boolean[] bad = new boolean[3];
    private final double[][] laneBuffers;
    private final ScanTask scanTask = new ScanTask();

    public Gemm(WorkerPool pool) {
        this.pool = pool;
        this.kernel = new GemmKernel(pool);
        this.laneBuffers = new double[pool.threads()][S.length()];
    }

    /** The strided kernel underneath (shares this object's workspaces and single-caller rule). */
    public GemmKernel kernel() {
        return kernel;
    }

    /**
     * C ← C + op(A)·op(B), op(X) = Xᵀ when the flag is set; each C(i,j) is one fma chain in increasing k.
     *
     * @throws NonFiniteInputException if A, B or C holds a NaN or ±inf (naming the operand and element). An input
     *     much larger than C and the other input is checked through the result instead of scanned first; when it
     *     is the bad one, C has already been updated (its contents are then unspecified, as for Elementwise).
     */
    public void gemm(boolean transA, boolean transB, Mat a, Mat b, Mat c) {
        String op = "Gemm.gemm";
        int m = transA ? a.cols : a.rows;
        int k = transA ? a.rows : a.cols;
        int kb = transB ? b.cols : b.rows;
        int n = transB ? b.rows : b.cols;
        if (k != kb || c.rows != m || c.cols != n) {
            throw new ShapeMismatchException(op + ": op(A) " + m + "x" + k + " (A " + a.shape()
                    + (transA ? " transposed" : "") + "), op(B) " + kb + "x" + n + " (B " + b.shape()
                    + (transB ? " transposed" : "") + "), C " + c.shape() + "; need C " + m + "x" + n
                    + " and matching inner dimensions");
        }
        Checks.requireDistinct(op, c, a, "A");
        Checks.requireDistinct(op, c, b, "B");
        // A big input beside a small C (the thin shapes: 2 MB of H against 150 KB) is checked through the result:
        // with m, n, k ≥ 1 a NaN/±inf in A(i,p) makes every C(i,j) non-finite (NaN and inf survive every later fma),
        // and likewise for B(p,j). Only when C comes out non-finite is the big input scanned (it is unchanged) to
        // name the element; if it is finite, C overflowed and that is not an input error. C itself is always
        // scanned first (its input values are overwritten).
        Mat big = null;
        if (m > 0 && n > 0 && k > 0) {
            long la = a.data.length;
            long lb = b.data.length;
            long lc = c.data.length;
            if (la >= RESULT_CHECK_RATIO * Math.max(lb, lc)) {
                big = a;
                requireFinite(op, "B", b, "C", c, null, null);
            } else if (lb >= RESULT_CHECK_RATIO * Math.max(la, lc)) {
                big = b;
                requireFinite(op, "A", a, "C", c, null, null);
            }
        }
        if (big == null) {
            requireFinite(op, "A", a, "B", b, "C", c);
        }
        int aRs = transA ? 1 : a.cols;
        int aCs = transA ? a.cols : 1;
        int bRs = transB ? 1 : b.cols;
        int bCs = transB ? b.cols : 1;
        kernel.update(m, n, k, false, false, a.data, 0, aRs, aCs, b.data, 0, bRs, bCs, c.data, 0, n);
        if (big != null) {
            scanFinite(c, null, null);
            if (bad[0]) {
                Checks.requireFinite(op, big == a ? "A" : "B", big); // throws unless C merely overflowed
            }
        }
    }

    /** A new matrix op(A)·op(B) (C started from +0.0). */
    public Mat multiply(boolean transA, boolean transB, Mat a, Mat b) {
        int m = transA ? a.cols : a.rows;
        int n = transB ? b.rows : b.cols;
        Mat c = new Mat(m, n);
        gemm(transA, transB, a, b, c);
        return c;
    }

    /**
     * Lower triangle (j ≤ i) of K ← H·Hᵀ, each element one fma chain from +0.0; the strict upper triangle is untouched.
     *
     * @throws NonFiniteInputException if H holds a NaN or ±inf (naming the element). H is checked through the
     *     diagonal of the result, so K has then already been written (its contents are unspecified).
     */
    public void syrkLower(Mat h, Mat k) {
        syrkLower("Gemm.syrkLower", h, k, false);
    }

    private void syrkLower(String op, Mat h, Mat k, boolean mirror) {
        int n = h.rows;
        int d = h.cols;
        if (k.rows != n || k.cols != n) {
            throw new ShapeMismatchException(op + ": H " + h.shape() + ", K " + k.shape() + "; K must be "
                    + n + "x" + n);
        }
        Checks.requireDistinct(op, k, h, "H");
        // H is checked through the result: K(i,i) is the chain of the exact squares H(i,p)² from +0.0, so it is
        // never -inf and it is non-finite exactly when row i of H holds a NaN or ±inf (inf² = +inf, NaN stays NaN)
        // or when the sum overflowed. Only then is H scanned to name the element (if H is finite, K merely
        // overflowed: no error). As in gemm, K has already been written when this throws.
        kernel.syrkLower(n, d, h.data, 0, d, k.data, 0, n, mirror);
        double[] kd = k.data;
        for (int i = 0; i < n; i++) {
            double x = kd[i * n + i];
            if (x - x != 0.0) { // NaN or ±inf
                Checks.requireFinite(op, "H", h);
                break;
            }
        }
    }

    /** Scans {@code x} (and {@code y}, {@code z} when not null), throwing for the first operand that is not finite. */
    private void requireFinite(String op, String xName, Mat x, String yName, Mat y, String zName, Mat z) {
        scanFinite(x, y, z);
        // The scalar check names the element; it runs only on failure.
        if (bad[0]) {
            Checks.requireFinite(op, xName, x);
        }
        if (bad[1]) {
            Checks.requireFinite(op, yName, y);
        }
        if (bad[2]) {
            Checks.requireFinite(op, zName, z);
        }
    }

    /** Sets bad[s] for each of x, y, z (null: skipped) that holds a NaN or ±inf. */
    private void scanFinite(Mat x, Mat y, Mat z) {
        scan[0] = x.data;
        scan[1] = y == null ? EMPTY : y.data;
        scan[2] = z == null ? EMPTY : z.data;
        int tasks = 0;
        long total = 0;
        for (int s = 0; s < 3; s++) {
            int chunks = (scan[s].length + SCAN_CHUNK - 1) / SCAN_CHUNK;
            firstTask[s] = tasks;
            tasks += chunks;
            total += scan[s].length;
            bad[s] = false;
        }
        firstTask[3] = tasks;
        try {
            if (total >= PARALLEL_SCAN && pool.threads() > 1) {
                pool.run(tasks, scanTask);
            } else {
                for (int t = 0; t < tasks; t++) {
                    scanTask.run(t, 0);
                }
            }
        } finally {
            scan[0] = EMPTY;
            scan[1] = EMPTY;
            scan[2] = EMPTY;
        }
    }

    /**
     * One chunk of the finiteness scan: x·0 is NaN exactly for NaN and ±inf, and NaN survives the sums. The lanes
     * are read back through a per-worker array, so that no mask object is allocated.
     */
    private final class ScanTask implements WorkerPool.Task {
        @Override
        public void run(int task, int worker) {
            int s = task < firstTask[1] ? 0 : task < firstTask[2] ? 1 : 2;
            double[] d = scan[s];
            int from = (task - firstTask[s]) * SCAN_CHUNK;
            int to = Math.min(d.length, from + SCAN_CHUNK);
            int i = from;
            int step = 4 * S.length();
            int bound = from + (to - from) / step * step;
            // Four independent fma chains (one chain was latency-bound: ≈ 1 element per cycle, 12 % of a thin
            // 37×492×512 call). Not DoubleVector.zero(S): that cached constant, merged into the loop, made C2 box the
            // accumulator (64 B/task). The exact-class casts keep the calls monomorphic on JDK 17
            // (see GemmKernel.V256).
            DoubleVector zero = exact(DoubleVector.broadcast(S, 0.0));
            DoubleVector acc0 = zero;
            DoubleVector acc1 = zero;
            DoubleVector acc2 = zero;
            DoubleVector acc3 = zero;
            for (; i < bound; i += step) {
                acc0 = exact(exact(DoubleVector.fromArray(S, d, i)).fma(zero, acc0));
                acc1 = exact(exact(DoubleVector.fromArray(S, d, i + 4)).fma(zero, acc1));
                acc2 = exact(exact(DoubleVector.fromArray(S, d, i + 8)).fma(zero, acc2));
                acc3 = exact(exact(DoubleVector.fromArray(S, d, i + 12)).fma(zero, acc3));
            }
            DoubleVector acc = exact(exact(acc0.add(acc1)).add(exact(acc2.add(acc3))));
            double[] lanes = laneBuffers[worker];
            exact(acc).intoArray(lanes, 0);
            double sum = 0.0;
            for (double v : lanes) {
                sum += v;
            }
            for (; i < to; i++) {
                sum += d[i] * 0.0;
            }
            if (sum != 0.0) {
                bad[s] = true; // read by the caller after the pool's join
            }
        }
    }

    /** The cast to the exact 256-bit class (a checkcast to a final class: C2 then binds the calls statically). */
    private static DoubleVector exact(DoubleVector v) {
        return (DoubleVector) V256.cast(v);
    }

    /**
     * K ← H·Hᵀ, both triangles (the upper one a mirror of the lower: the same bits as computing it). The mirror is
     * written by the kernel's tile tasks. Non-finite H: as {@link #syrkLower}.
     */
    public void syrk(Mat h, Mat k) {
        syrkLower("Gemm.syrk", h, k, true);
    }
}
