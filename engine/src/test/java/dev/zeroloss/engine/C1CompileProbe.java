package dev.zeroloss.engine;

import java.util.SplittableRandom;

/**
 * Run in a fresh JVM by {@link C1CompileTest} with C1-only flags: calls every engine kernel, including the thin
 * GEMM path's direct kernels, the packed micro-kernels, SYRK, Cholesky and both triangular solve paths, on shapes
 * big enough that their loops get OSR-compiled. The test reads the JVM's compilation log, not this output.
 */
public final class C1CompileProbe {
    private C1CompileProbe() {
    }

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        SplittableRandom rnd = new SplittableRandom(11);
        try (WorkerPool pool = new WorkerPool(2)) {
            Gemm gemm = new Gemm(pool);
            Cholesky chol = new Cholesky(gemm.kernel());
            Triangular tri = new Triangular(gemm.kernel());
            // thin by columns (m = 37 ≤ 64: the small A packed, B copied in strips), thin by rows with a row-major A
            // read in place (the direct kernels), the packed path, and transposed operands.
            Mat bt = GemmTestData.random(rnd, 37, 200);
            Mat big = GemmTestData.random(rnd, 200, 300);
            Mat t = new Mat(37, 300);
            Mat h = GemmTestData.random(rnd, 300, 200);
            Mat w = GemmTestData.random(rnd, 200, 37);
            Mat y = new Mat(300, 37);
            Mat pa = GemmTestData.random(rnd, 120, 140);
            Mat pb = GemmTestData.random(rnd, 140, 130);
            Mat pc = new Mat(120, 130);
            Mat pct = new Mat(140, 140);
            // SPD K = H·Hᵀ (rank 200 ≥ n = 150) for Cholesky, solves with 37 and 5 right-hand sides, the inverse.
            Mat hk = GemmTestData.random(rnd, 150, 200);
            Mat k = new Mat(150, 150);
            Mat l = new Mat(150, 150);
            Mat rhs = GemmTestData.random(rnd, 150, 37);
            Mat x = new Mat(150, 37);
            Mat rhs5 = GemmTestData.random(rnd, 150, 5);
            Mat x5 = new Mat(150, 5);
            Mat inv = new Mat(150, 150);
            for (int r = 0; r < rounds; r++) {
                t.fill(0.0);
                gemm.gemm(false, false, bt, big, t);
                y.fill(0.0);
                gemm.gemm(false, false, h, w, y);
                pc.fill(0.0);
                gemm.gemm(false, false, pa, pb, pc);
                pct.fill(0.0);
                gemm.gemm(true, false, pa, pa, pct);
                pc.fill(0.0);
                gemm.gemm(false, true, pa, GemmTestData.random(new SplittableRandom(r), 130, 140), pc);
                gemm.syrkLower(hk, k);
                chol.factor(k, l);
                tri.solveLower(l, rhs, x);
                tri.solveLowerTransposed(l, x, x);
                tri.solveLower(l, rhs5, x5);
                tri.solveLowerTransposed(l, x5, x5);
                tri.inverseLower(l, inv);
            }
            System.out.println(t.data[7] + y.data[5] + pc.data[3] + x.data[2] + x5.data[1] + inv.data[0]);
        }
    }
}
