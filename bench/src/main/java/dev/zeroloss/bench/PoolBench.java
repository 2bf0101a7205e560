package dev.zeroloss.bench;

import dev.zeroloss.engine.WorkerPool;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.*;

/** Overhead of one empty parallel dispatch on the worker pool (compare with a GEMM call's time). */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class PoolBench {
    @Param({"1", "2"})
    int threads;
    WorkerPool pool;
    final double[] sink = new double[64];

    @Setup
    public void setup() {
        pool = new WorkerPool(threads);
    }

    @TearDown
    public void tearDown() {
        pool.close();
    }

    @Benchmark
    public double dispatch() {
        pool.run(threads * 4, (t, w) -> sink[t] += 1.0);
        return sink[0];
    }
}
