package dev.zeroloss.bench;

import dev.zeroloss.engine.Elementwise;
import dev.zeroloss.engine.ElementwiseReference;
import dev.zeroloss.engine.Mat;
import dev.zeroloss.engine.Reductions;
import dev.zeroloss.engine.ReductionsReference;
import dev.zeroloss.engine.Rng;
import dev.zeroloss.engine.SparseRows;
import dev.zeroloss.engine.SparseRowsReference;
import java.util.concurrent.TimeUnit;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;
import org.openjdk.jmh.annotations.*;

/**
 * Element-wise ops, reductions and the one-hot gather/scatter on the paper's shapes (n = 492 rows,
 * d_h = 512, vocabulary 113): fast path vs scalar reference, plus an unchecked hadamard loop to price the
 * fused non-finite check. Run with -prof gc to confirm zero allocation.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class ElementwiseBench {
    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_256;

    Mat a, b, out, w, g, gathered, scattered;
    SparseRows x;

    @Setup
    public void setup() {
        Rng r = new Rng(1);
        a = new Mat(492, 512);
        b = new Mat(492, 512);
        out = new Mat(492, 512);
        r.fillGaussian(a, 0, 1);
        r.fillGaussian(b, 0, 1);
        w = new Mat(113, 512);
        r.fillGaussian(w, 0, 1);
        g = new Mat(492, 512);
        r.fillGaussian(g, 0, 1);
        gathered = new Mat(492, 512);
        scattered = new Mat(113, 512);
        x = new SparseRows(492, 113);
        for (int i = 0; i < 492; i++) {
            x.setOneHotSum(i, r.nextInt(113), r.nextInt(113));
        }
    }

    @Benchmark
    public double dotFast() {
        return Reductions.dot(a, b);
    }

    @Benchmark
    public double dotReference() {
        return ReductionsReference.dot(a, b);
    }

    @Benchmark
    public double sumFast() {
        return Reductions.sum(a);
    }

    @Benchmark
    public double sumReference() {
        return ReductionsReference.sum(a);
    }

    @Benchmark
    public Mat hadamardFast() {
        Elementwise.hadamard(a, b, out);
        return out;
    }

    @Benchmark
    public Mat hadamardReference() {
        ElementwiseReference.hadamard(a, b, out);
        return out;
    }

    /** The same vector loop with no non-finite check: the price of the fused check is fast − this. */
    @Benchmark
    public Mat hadamardUncheckedBaseline() {
        double[] xs = a.data, ys = b.data, o = out.data;
        int n = o.length, vn = n & -4, i = 0;
        for (; i < vn; i += 4) {
            DoubleVector.fromArray(S, xs, i).mul(DoubleVector.fromArray(S, ys, i)).intoArray(o, i);
        }
        for (; i < n; i++) {
            o[i] = xs[i] * ys[i];
        }
        return out;
    }

    /** Input-checking alternative: scan both operands first (Checks-style), then the unchecked loop. */
    @Benchmark
    public Mat hadamardInputScanAlternative() {
        double[] xs = a.data, ys = b.data, o = out.data;
        for (int i = 0; i < xs.length; i++) {
            if (xs[i] - xs[i] != 0.0 || ys[i] - ys[i] != 0.0) {
                throw new IllegalArgumentException();
            }
        }
        return hadamardUncheckedBaseline();
    }

    @Benchmark
    public Mat axpyFast() {
        Elementwise.axpy(1e-3, a, out);
        return out;
    }

    @Benchmark
    public Mat reluBackwardFast() {
        Elementwise.reluBackward(g, a, out);
        return out;
    }

    @Benchmark
    public Mat gatherFast() {
        SparseRows.gatherAdd(x, w, gathered);
        return gathered;
    }

    @Benchmark
    public Mat gatherReference() {
        SparseRowsReference.gatherAdd(x, w, gathered);
        return gathered;
    }

    @Benchmark
    public Mat scatterFast() {
        SparseRows.scatterAdd(x, g, scattered);
        return scattered;
    }

    @Benchmark
    public Mat scatterReference() {
        SparseRowsReference.scatterAdd(x, g, scattered);
        return scattered;
    }
}
