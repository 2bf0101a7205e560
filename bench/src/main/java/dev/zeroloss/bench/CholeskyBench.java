package dev.zeroloss.bench;

import dev.zeroloss.engine.Cholesky;
import dev.zeroloss.engine.GemmKernel;
import dev.zeroloss.engine.GemmReference;
import dev.zeroloss.engine.Mat;
import dev.zeroloss.engine.SpdSolver;
import dev.zeroloss.engine.WorkerPool;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.*;

/**
 * Cholesky, Cholesky + SPD inverse (the potrf+potri equivalent) and the SPD solve K⁻¹·Y of the paper's
 * experiment (n = 492, 37 right-hand sides), all into caller-owned outputs (expect ≈ 0 B/op with -prof gc).
 *
 * <p>Numbers to compare on this machine (AMD EPYC Zen 4, 1 thread): numpy/OpenBLAS 0.3.31 Cholesky n=1024
 * 28 ms, potrf+potri n=1024 36 ms. Targets: cholesky n=492 ≤ 3 ms, choleskyInverse n=1024 ≤ 40 ms.
 * Measured numbers: docs/decisions/cholesky.md.
 *
 * <pre>java --add-modules jdk.incubator.vector -jar bench/target/benchmarks.jar CholeskyBench -f 1 -wi 3 -i 5</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class CholeskyBench {
    @Param({"492", "1024"})
    int n;
    @Param({"1", "2"})
    int threads;

    /** Right-hand sides of {@link #spdSolve} (the paper: p = 37 classes). */
    static final int RHS = 37;

    WorkerPool pool;
    Cholesky cholesky;
    SpdSolver spd;
    Mat k;
    Mat l;
    Mat inv;
    Mat y;
    Mat x;

    @Setup
    public void setup() {
        pool = new WorkerPool(threads);
        GemmKernel gemm = new GemmKernel(pool);
        cholesky = new Cholesky(gemm);
        spd = new SpdSolver(gemm);
        SplittableRandom rnd = new SplittableRandom(42);
        Mat g = new Mat(n, n);
        for (int i = 0; i < g.data.length; i++) {
            g.data[i] = rnd.nextDouble(-1.0, 1.0);
        }
        k = new Mat(n, n);
        GemmReference.syrk(g, k);
        for (int i = 0; i < n; i++) {
            k.data[i * n + i] += n;
        }
        l = new Mat(n, n);
        inv = new Mat(n, n);
        y = new Mat(n, RHS);
        for (int i = 0; i < y.data.length; i++) {
            y.data[i] = rnd.nextDouble(-1.0, 1.0);
        }
        x = new Mat(n, RHS);
    }

    @TearDown
    public void tearDown() {
        pool.close();
    }

    @Benchmark
    public Mat cholesky() {
        cholesky.factor(k, l);
        return l;
    }

    @Benchmark
    public Mat choleskyInverse() {
        spd.inverse(k, inv);
        return inv;
    }

    /** K⁻¹·Y including the factorisation (run it with -p n=492 for the paper's shape). */
    @Benchmark
    public Mat spdSolve() {
        spd.solve(k, y, x);
        return x;
    }
}
