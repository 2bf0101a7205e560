package dev.zeroloss.engine;

import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Run in a fresh JVM by {@link NoBoxingTest}: makes 512-bit and 256-bit vectors flow through the shared
 * {@code DoubleVector} methods (a wide GEMM, if the GEMM uses 512 bits in this JVM, and a deliberate 512-bit
 * loop, so the test means something whatever width the GEMM picked), then warms the 256-bit kernels up until C2
 * has compiled them and prints, per kernel, the bytes the current thread allocated per call: one line
 * {@code name bytesPerCall}. On JDK 17, a kernel whose vector calls bind through the (now bimorphic) type
 * profile boxes its vectors: kilobytes per call. A fresh JVM, because in the shared test JVM the kernels may
 * have been compiled before the profile was polluted, and the test would pass for the wrong reason.
 */
public final class AllocationProbe {
    private static final VectorSpecies<Double> S512 = DoubleVector.SPECIES_512;
    private static final VectorSpecies<Long> L512 = LongVector.SPECIES_512;
    static volatile double sink;

    private AllocationProbe() {
    }

    /** The kernels under test, each as one call on small shapes (tails of every loop exercised). */
    static Map<String, Runnable> kernels() {
        SplittableRandom rnd = new SplittableRandom(5);
        Mat a = ElemTestData.plain(13, 37, rnd), b = ElemTestData.plain(13, 37, rnd);
        Mat o = new Mat(13, 37), z = ElemTestData.plain(13, 37, rnd);
        double[] out13 = new double[13], out37 = new double[37];
        int[] arg = new int[13];
        SparseRows x = SparseRowsTest.oneHot(29, 11, rnd);
        Mat w = ElemTestData.plain(11, 37, rnd), g = ElemTestData.plain(29, 37, rnd);
        Mat gathered = new Mat(29, 37), scattered = new Mat(11, 37), zg = ElemTestData.plain(29, 37, rnd);
        Map<String, Runnable> k = new LinkedHashMap<>();
        k.put("Elementwise.hadamard", () -> Elementwise.hadamard(a, b, o));
        k.put("Elementwise.add", () -> Elementwise.add(a, b, o));
        k.put("Elementwise.sub", () -> Elementwise.sub(a, b, o));
        k.put("Elementwise.scale", () -> Elementwise.scale(0.5, a, o));
        k.put("Elementwise.axpy", () -> {
            System.arraycopy(b.data, 0, o.data, 0, o.data.length);
            Elementwise.axpy(0.5, a, o);
        });
        k.put("Elementwise.relu", () -> Elementwise.relu(z, o));
        k.put("Elementwise.reluMask", () -> Elementwise.reluMask(z, o));
        k.put("Elementwise.reluBackward", () -> Elementwise.reluBackward(a, z, o));
        k.put("Reductions.sum", () -> sink = Reductions.sum(a));
        k.put("Reductions.dot", () -> sink = Reductions.dot(a, b));
        k.put("Reductions.sumOfSquares", () -> sink = Reductions.sumOfSquares(a));
        k.put("Reductions.maxAbs", () -> sink = Reductions.maxAbs(a));
        k.put("Reductions.rowDots", () -> Reductions.rowDots(a, b, out13));
        k.put("Reductions.rowSumsOfSquares", () -> Reductions.rowSumsOfSquares(a, out13));
        k.put("Reductions.columnSums", () -> Reductions.columnSums(a, out37));
        k.put("Reductions.argmaxRows", () -> Reductions.argmaxRows(a, arg));
        k.put("SparseRows.gatherAdd", () -> SparseRows.gatherAdd(x, w, gathered));
        k.put("SparseRows.scatterAdd", () -> SparseRows.scatterAdd(x, g, scattered));
        k.put("SparseRows.gatherAddRelu", () -> SparseRows.gatherAddRelu(x, w, gathered));
        k.put("SparseRows.scatterAddWherePositive", () -> SparseRows.scatterAddWherePositive(x, g, zg, scattered));
        k.put("SparseRows.Parallel.gatherAddRelu", () -> PAR.gatherAddRelu(x, w, gathered));
        k.put("SparseRows.Parallel.scatterAddWherePositive", () -> PAR.scatterAddWherePositive(x, g, zg, scattered));
        return k;
    }

    /** Pool of one thread: everything runs on the measuring thread. */
    static final SparseRows.Parallel PAR = new SparseRows.Parallel(WorkerPool.serial());

    /** 512-bit vectors through the same DoubleVector/LongVector methods the kernels use. */
    static void pollute(int rounds) {
        double[] p = new double[64], q = new double[64];
        java.util.Arrays.fill(p, 0.25);
        java.util.Arrays.fill(q, -0.5);
        for (int r = 0; r < rounds; r++) {
            for (int i = 0; i < 64; i += 8) {
                DoubleVector u = DoubleVector.fromArray(S512, p, i), v = DoubleVector.fromArray(S512, q, i);
                DoubleVector s = u.fma(v, u).add(v).mul(u).sub(v);
                s = DoubleVector.zero(S512).blend(s, s.compare(VectorOperators.GT, 0.0));
                s.intoArray(q, i);
                if (s.compare(VectorOperators.NE, s).anyTrue()) {
                    sink = 1;
                }
                LongVector l = s.reinterpretAsLongs().and(Long.MAX_VALUE).max(LongVector.zero(L512));
                sink = Double.longBitsToDouble(l.lane(0)) + s.reinterpretAsLongs().lane(1);
                sink = DoubleVector.broadcast(S512, 2.0).max(s).mul(2.0).lane(2);
            }
        }
    }

    public static void main(String[] args) {
        com.sun.management.ThreadMXBean tmx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        // Both widths through the shared methods first, while they are still interpreted/profiled.
        pollute(200);
        try (WorkerPool pool = new WorkerPool(1)) {
            Gemm gemm = new Gemm(pool);
            SplittableRandom rnd = new SplittableRandom(6);
            Mat ga = ElemTestData.plain(64, 72, rnd), gb = ElemTestData.plain(72, 96, rnd), gc = new Mat(64, 96);
            Map<String, Runnable> kernels = kernels();
            for (int round = 0; round < 6; round++) {
                pollute(200);
                gemm.gemm(false, false, ga, gb, gc);
                for (Runnable r : kernels.values()) {
                    for (int i = 0; i < 4000; i++) {
                        r.run();
                    }
                }
            }
            int calls = 2000;
            for (Map.Entry<String, Runnable> e : kernels.entrySet()) {
                Runnable r = e.getValue();
                long best = Long.MAX_VALUE;
                // The least of at least 3 (a deoptimisation mid-window is not boxing), and up to 20 while still
                // above the bound: a late C2 compile on a loaded machine goes away, boxing does not.
                for (int rep = 0; rep < 20 && (rep < 3 || best > NoBoxingTest.MAX_BYTES_PER_CALL * calls); rep++) {
                    long before = tmx.getCurrentThreadAllocatedBytes();
                    for (int i = 0; i < calls; i++) {
                        r.run();
                    }
                    best = Math.min(best, tmx.getCurrentThreadAllocatedBytes() - before);
                }
                System.out.println(e.getKey() + " " + (double) best / calls);
            }
        }
    }
}
