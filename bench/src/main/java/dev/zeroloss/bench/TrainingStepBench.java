package dev.zeroloss.bench;

import dev.zeroloss.engine.Mat;
import dev.zeroloss.engine.WorkerPool;
import dev.zeroloss.harness.data.ModularAddition;
import dev.zeroloss.harness.model.Init;
import dev.zeroloss.harness.model.Linalg;
import dev.zeroloss.harness.model.TwoLayerNet;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.*;

/**
 * One full-batch GD step of the paper's real training beside Fig. 6 (p = 37, n = 492, d_h = 512, squared error,
 * λ = 0.1), on the real {@link TwoLayerNet}: {@code descend} is the training loop's step (gradients and update,
 * no objective; θ moves on as in the real run, lr 4e-4), {@code gradients} the gradients plus the objective at
 * a fixed θ. The run has 40000 steps, so each 0.1 ms per step is 4 s of `./repro`.
 *
 * <pre>java --add-modules jdk.incubator.vector -jar bench/target/benchmarks.jar TrainingStepBench -f 1 -wi 3 -i 5</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class TrainingStepBench {
    @Param({"1", "2"})
    int threads;

    static final int P = 37;
    static final int HIDDEN = 512;
    static final double LAMBDA = 0.1;
    static final double LR = 4e-4;

    WorkerPool pool;
    TwoLayerNet net;

    @Setup
    public void setup() {
        pool = new WorkerPool(threads);
        Linalg la = new Linalg(pool);
        ModularAddition data = ModularAddition.create(P, 0.7, 0);
        Mat w1 = Init.embedding(0, P, HIDDEN);
        Mat w2 = Init.secondLayer(0, HIDDEN, P);
        net = new TwoLayerNet(la, data.train.rows(P), data.train.label, w1, w2);
    }

    @TearDown
    public void tearDown() {
        pool.close();
    }

    /** One step of the training loop. */
    @Benchmark
    public TwoLayerNet descend() {
        net.descend(LR, LAMBDA);
        return net;
    }

    /** ∇W1, ∇W2 and the objective at a fixed θ. */
    @Benchmark
    public double gradients() {
        return net.gradients(LAMBDA);
    }
}
