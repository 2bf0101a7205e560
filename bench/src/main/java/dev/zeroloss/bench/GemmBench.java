package dev.zeroloss.bench;

import dev.zeroloss.engine.Gemm;
import dev.zeroloss.engine.Mat;
import dev.zeroloss.engine.WorkerPool;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.*;

/**
 * The engine's GEMM and SYRK (bit-identical to GemmReference at every thread count).
 *
 * <p>GFLOPS = useful flops / time:
 * <ul>
 *   <li>{@code dgemm}: C ← C + A·B, n×n, 2n³ flops (n = 1024: 2.147 GFLOP; 47.7 ms/op = 45 GFLOPS);</li>
 *   <li>{@code syrk}: lower triangle of K ← H·Hᵀ, H rows×cols, rows²·cols useful flops (492×512: 0.1239 GFLOP,
 *       2.75 ms/op = 45 GFLOPS). This is the paper's main experiment (n = 492 training points, d_h = 512).</li>
 * </ul>
 * Compare with numpy/OpenBLAS 0.3.31: on the Zen 4 host of engine-notes.md dgemm 52 GFLOPS on 1 thread, 104 on
 * 2 (targets here: ≥ 45 and ≥ 85; SYRK ≥ 80 % of the dgemm rate per useful flop); on the Sapphire Rapids host
 * of docs/decisions/gemm.md (AVX-512, twice the 256-bit peak) dgemm 80 / 159 and dsyrk 492×512 51 on 1 thread.
 * Check {@code -prof gc}: gc.alloc.rate.norm ≈ 0 B/op (what remains is JMH's own per-iteration allocation
 * spread over few ops).
 *
 * <p>Run: {@code java --add-modules jdk.incubator.vector -jar bench/target/benchmarks.jar GemmBench -f 1 -wi 3 -i 5}
 * <p>Micro-kernel width: 512-bit by default on JDK ≥ 25 with AVX-512, else 256-bit; compare both with
 * {@code -jvmArgsAppend -Dzeroloss.gemm.width=256} (or {@code =512}). Same bits either way.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class GemmBench {
    @Param({"1024"})
    int n;
    @Param({"1", "2"})
    int threads;
    @Param({"492"})
    int rows;
    @Param({"512"})
    int cols;
    @Param({"37"})
    int thin;

    WorkerPool pool;
    Gemm gemm;
    Mat a;
    Mat b;
    Mat c;
    Mat h;
    Mat k;
    // Thin shapes of the paper's loops (p = 37 = the thin dimension, rows × cols = the big operand H).
    Mat bt;    // rows × p (B of Fig. 6, R of training)
    Mat t;     // p × cols
    Mat g;     // rows × cols
    Mat w2;    // cols × p
    Mat yhat;  // rows × p
    Mat g2;    // cols × p

    @Setup
    public void setup() {
        pool = new WorkerPool(threads);
        gemm = new Gemm(pool);
        SplittableRandom rnd = new SplittableRandom(42);
        a = random(rnd, n, n);
        b = random(rnd, n, n);
        c = new Mat(n, n);
        h = random(rnd, rows, cols);
        k = new Mat(rows, rows);
        bt = random(rnd, rows, thin);
        t = new Mat(thin, cols);
        g = new Mat(rows, cols);
        w2 = random(rnd, cols, thin);
        yhat = new Mat(rows, thin);
        g2 = new Mat(cols, thin);
    }

    private static Mat random(SplittableRandom rnd, int r, int cl) {
        Mat m = new Mat(r, cl);
        for (int i = 0; i < m.data.length; i++) {
            m.data[i] = rnd.nextDouble(-1.0, 1.0);
        }
        return m;
    }

    @TearDown
    public void tearDown() {
        pool.close();
    }

    /** C ← C + A·B, square n (C grows across calls; the values stay finite and the cost does not change). */
    @Benchmark
    public Mat dgemm() {
        gemm.gemm(false, false, a, b, c);
        return c;
    }

    /** Lower triangle of K ← H·Hᵀ, H rows×cols. */
    @Benchmark
    public Mat syrk() {
        gemm.syrkLower(h, k);
        return k;
    }

    /** Fig. 6 T = Bᵀ·H: (thin×rows)·(rows×cols), 2·thin·rows·cols flops (37, 492, 512: 18.6 MFLOP). */
    @Benchmark
    public Mat thinBtH() {
        t.fill(0.0);
        gemm.gemm(true, false, bt, h, t);
        return t;
    }

    /** Fig. 6 G = B·T: (rows×thin)·(thin×cols). */
    @Benchmark
    public Mat thinBT() {
        g.fill(0.0);
        gemm.gemm(false, false, bt, t, g);
        return g;
    }

    /** Training Ŷ = H·W2: (rows×cols)·(cols×thin). */
    @Benchmark
    public Mat thinHW() {
        yhat.fill(0.0);
        gemm.gemm(false, false, h, w2, yhat);
        return yhat;
    }

    /** Training ∇W2 = Hᵀ·R (and Fig. 6 evaluate's W = Hᵀ·B): (cols×rows)·(rows×thin). */
    @Benchmark
    public Mat thinHtR() {
        g2.fill(0.0);
        gemm.gemm(true, false, h, bt, g2);
        return g2;
    }

    /** Training dH = R·W2ᵀ: (rows×thin)·(thin×cols), B transposed. */
    @Benchmark
    public Mat thinRWt() {
        g.fill(0.0);
        gemm.gemm(false, true, bt, w2, g);
        return g;
    }
}
