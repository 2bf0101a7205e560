package dev.zeroloss.bench;

import dev.zeroloss.engine.Elementwise;
import dev.zeroloss.engine.Mat;
import dev.zeroloss.engine.SparseRows;
import dev.zeroloss.engine.WorkerPool;
import dev.zeroloss.harness.data.ModularAddition;
import dev.zeroloss.harness.model.Dense;
import dev.zeroloss.harness.model.Init;
import dev.zeroloss.harness.model.IsolatedDynamics;
import dev.zeroloss.harness.model.Linalg;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.*;

/**
 * One step of the paper's Fig. 6 isolated dynamics (p = 37, f = 0.7 → n = 492 train pairs, d_h = 512) and its
 * parts, on the real {@link IsolatedDynamics} and {@link Linalg}. The state is the seed-0 initial embedding,
 * advanced {@code warmSteps} steps in setup so that H has the sparsity of a running simulation; {@code step}
 * does forward + direction but not the update, so every invocation sees the same E.
 *
 * <p>The target is 5000 steps in ≤ 12 s on 2 threads, i.e. ≤ 2.4 ms per step.
 *
 * <pre>java --add-modules jdk.incubator.vector -jar bench/target/benchmarks.jar Fig6StepBench -f 1 -wi 3 -i 5</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class Fig6StepBench {
    @Param({"1", "2"})
    int threads;

    static final int P = 37;
    static final int HIDDEN = 512;
    static final double TRAIN_FRACTION = 0.7;
    static final double ETA = 1e-3;
    static final int WARM_STEPS = 50;

    WorkerPool pool;
    Linalg la;
    IsolatedDynamics sim;
    // Operands of the parts, copied from the simulation after a forward().
    Mat h;
    Mat k;
    Mat l;
    Mat y;
    Mat b;
    Mat t;
    Mat g;
    // Operands of the non-GEMM parts (the step's gather/relu, mask/scatter and E update loops).
    SparseRows x;
    Mat e;
    Mat hz;
    Mat gm;
    Mat dirB;
    Mat eB;
    SparseRows.Parallel sparse;

    @Setup
    public void setup() {
        pool = new WorkerPool(threads);
        la = new Linalg(pool);
        ModularAddition data = ModularAddition.create(P, TRAIN_FRACTION, 0);
        Mat e0 = Init.embedding(0, P, HIDDEN);
        sim = new IsolatedDynamics(la, data.train.rows(P), data.train.label, data.test.rows(P), data.test.label, e0);
        for (int s = 0; s < WARM_STEPS; s++) {
            sim.step(ETA);
        }
        sim.forward();
        int n = data.train.label.length;
        Mat e = sim.embedding();
        h = new Mat(n, HIDDEN);
        data.train.rows(P).gather(e, h);
        dev.zeroloss.engine.Elementwise.reluInPlace(h);
        k = new Mat(n, n);
        la.syrk(h, k);
        l = new Mat(n, n);
        la.cholesky(k, l);
        y = new Mat(n, P);
        for (int i = 0; i < n; i++) {
            y.data[i * P + data.train.label[i]] = 1.0;
        }
        b = new Mat(n, P);
        t = new Mat(P, HIDDEN);
        g = new Mat(n, HIDDEN);
        solves();
        gemmBtH();
        gemmBT();
        x = data.train.rows(P).sparse();
        this.e = e;
        hz = new Mat(n, HIDDEN);
        gm = g.copy();
        dirB = new Mat(P, HIDDEN);
        eB = e.copy();
        sparse = new SparseRows.Parallel(pool);
    }

    @TearDown
    public void tearDown() {
        pool.close();
    }

    /** forward() + direction(): everything a step does except the O(p·d) update. */
    @Benchmark
    public Mat step() {
        sim.forward();
        return sim.direction();
    }

    @Benchmark
    public Mat forward() {
        sim.forward();
        return k;
    }

    @Benchmark
    public Mat syrk() {
        la.syrk(h, k);
        return k;
    }

    @Benchmark
    public Mat cholesky() {
        la.cholesky(k, l);
        return l;
    }

    /** B = L⁻ᵀ(L⁻¹·Y), in place as the step does it. */
    @Benchmark
    public Mat solves() {
        la.solveLower(l, y, b);
        la.solveLowerTransposed(l, b, b);
        return b;
    }

    /** T = Bᵀ·H (37×492 by 492×512). */
    @Benchmark
    public Mat gemmBtH() {
        t.fill(0.0);
        la.gemm(true, false, b, h, t);
        return t;
    }

    /** G = B·T (492×37 by 37×512). */
    @Benchmark
    public Mat gemmBT() {
        g.fill(0.0);
        la.gemm(false, false, b, t, g);
        return g;
    }

    /** Xᵀ·((B·T) ⊙ [H > 0]) fused (G never stored), as direction() does it. */
    @Benchmark
    public Mat productWherePositive() {
        sparse.productWherePositive(x, b, t, h, g, dirB);
        return dirB;
    }

    /** The zero fill alone that the step does before G = B·T (G is accumulated into). */
    @Benchmark
    public Mat fillG() {
        g.fill(0.0);
        return g;
    }

    // ---- the non-GEMM parts of the step (branch wide17) ------------------------------------------------

    /** Before: H = X·E (gather), then relu in place (two passes over the 492×512 H). */
    @Benchmark
    public Mat gatherThenRelu() {
        SparseRows.gatherAdd(x, e, hz);
        Elementwise.reluInPlace(hz);
        return hz;
    }

    /** After: H = relu(X·E) fused, one thread. */
    @Benchmark
    public Mat gatherRelu() {
        SparseRows.gatherAddRelu(x, e, hz);
        return hz;
    }

    /** After: H = relu(X·E) fused, rows split across the pool, as the step now does it. */
    @Benchmark
    public Mat gatherReluPool() {
        sparse.gatherAddRelu(x, e, hz);
        return hz;
    }

    /** Before: G ← G ⊙ [H > 0] in place, then Xᵀ·G. */
    @Benchmark
    public Mat maskThenScatter() {
        Dense.maskPositive(gm, h);
        SparseRows.scatterAdd(x, gm, dirB);
        return dirB;
    }

    /** After: Xᵀ·(G ⊙ [H > 0]) fused, one thread. */
    @Benchmark
    public Mat scatterWherePositive() {
        SparseRows.scatterAddWherePositive(x, g, h, dirB);
        return dirB;
    }

    /** After: Xᵀ·(G ⊙ [H > 0]) fused, columns split across the pool, as the step now does it. */
    @Benchmark
    public Mat scatterWherePositivePool() {
        sparse.scatterAddWherePositive(x, g, h, dirB);
        return dirB;
    }

    /** Before: ΔE = S − E and E ← fma(η, ΔE, E) as scalar loops (E here is a copy that drifts slowly). */
    @Benchmark
    public Mat updateLoopsScalar() {
        double[] s = dirB.data, ed = eB.data;
        for (int i = 0; i < s.length; i++) {
            s[i] = s[i] - ed[i];
        }
        for (int i = 0; i < s.length; i++) {
            ed[i] = Math.fma(ETA, s[i], ed[i]);
        }
        return eB;
    }

    /** After: the same two loops, vectorised (Dense.subtractInPlace, Dense.fmaInPlace). */
    @Benchmark
    public Mat updateLoops() {
        Dense.subtractInPlace(dirB, eB);
        Dense.fmaInPlace(ETA, dirB, eB);
        return eB;
    }

    /** Before: all non-GEMM work of a step (gather, relu, mask, scatter, the two scalar loops). */
    @Benchmark
    public Mat nonGemmBefore() {
        gatherThenRelu();
        maskThenScatter();
        return updateLoopsScalar();
    }

    /** After: all non-GEMM work of a step as the step now does it. */
    @Benchmark
    public Mat nonGemm() {
        gatherReluPool();
        scatterWherePositivePool();
        return updateLoops();
    }
}
