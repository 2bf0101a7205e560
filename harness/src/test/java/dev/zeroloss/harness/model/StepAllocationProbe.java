package dev.zeroloss.harness.model;

import dev.zeroloss.engine.Mat;
import dev.zeroloss.engine.SparseRows;
import dev.zeroloss.engine.WorkerPool;
import dev.zeroloss.harness.data.ModularAddition;
import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Run in a fresh JVM by {@link StepNoBoxingTest}: lets 512-bit vectors run through DoubleVector's shared methods
 * (a GEMM through {@link Linalg}, wide when the engine picked or was forced to the 512-bit kernel, and a
 * deliberate 512-bit loop), warms up the Fig. 6 step's non-GEMM parts (and the harness's other vector kernels)
 * on a pool of one thread until C2 has compiled them, then prints {@code name bytesPerCall} per part, and the
 * whole step last.
 */
public final class StepAllocationProbe {
    private static final VectorSpecies<Double> S512 = DoubleVector.SPECIES_512;
    static volatile double sink;

    private StepAllocationProbe() {
    }

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
            }
        }
    }

    /** The parts, on the step's shapes at a small scale (p = 13, d_h = 96, 73 train rows). */
    static Map<String, Runnable> parts(ModularAddition data, int p, int dh) {
        SplittableRandom rnd = new SplittableRandom(7);
        SparseRows x = data.train.rows(p).sparse();
        int n = x.rows;
        Mat e = Init.embedding(0, p, dh), h = new Mat(n, dh), g = new Mat(n, dh), dir = new Mat(p, dh);
        Mat e2 = e.copy();
        for (int i = 0; i < g.data.length; i++) {
            g.data[i] = rnd.nextDouble() - 0.5;
        }
        SparseRows.Parallel sparse = new SparseRows.Parallel(WorkerPool.serial());
        double[] theta = new double[p * dh], z = new double[n * dh], hh = new double[n * dh], grad = new double[p * dh];
        for (int i = 0; i < theta.length; i++) {
            theta[i] = rnd.nextDouble() - 0.5;
        }
        double[] a = new double[11 * 37], b = new double[37 * 13], c = new double[11 * 13];
        Map<String, Runnable> k = new LinkedHashMap<>();
        k.put("gatherAddRelu (pool)", () -> sparse.gatherAddRelu(x, e, h));
        k.put("scatterAddWherePositive (pool)", () -> sparse.scatterAddWherePositive(x, g, h, dir));
        k.put("Dense.subtractInPlace", () -> Dense.subtractInPlace(dir, e));
        k.put("Dense.fmaInPlace", () -> Dense.fmaInPlace(1e-9, dir, e2));
        k.put("Dense.relu", () -> Dense.relu(h));
        k.put("Dense.maskPositive", () -> Dense.maskPositive(g, h));
        k.put("Rows.gatherRelu", () -> {
            Rows.gatherRelu(theta, 0, dh, z, hh, 0, dh - 1);
            Rows.gatherRelu(theta, dh, dh, z, hh, dh, dh - 1);
        });
        k.put("Rows.maskPositive", () -> Rows.maskPositive(z, hh, n * dh - 3));
        k.put("Rows.scatterAdd", () -> {
            Rows.scatterAdd(hh, 0, grad, 0, dh, dh - 1);
            Rows.scatterAdd(hh, dh, grad, 2 * dh, 2 * dh, dh - 1);
        });
        k.put("SmallGemm.multiply", () -> SmallGemm.multiply(11, 13, 37, a, 0, 37, 1, b, 13, c, 13));
        return k;
    }

    public static void main(String[] args) {
        com.sun.management.ThreadMXBean tmx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        pollute(200);
        int p = 13, dh = 96;
        ModularAddition data = ModularAddition.create(p, 0.8, 0);
        try (WorkerPool pool = new WorkerPool(1)) {
            Linalg la = new Linalg(pool);
            SplittableRandom rnd = new SplittableRandom(8);
            Mat ga = new Mat(64, 72), gb = new Mat(72, 96), gc = new Mat(64, 96);
            for (int i = 0; i < ga.data.length; i++) {
                ga.data[i] = rnd.nextDouble();
            }
            for (int i = 0; i < gb.data.length; i++) {
                gb.data[i] = rnd.nextDouble();
            }
            IsolatedDynamics sim = new IsolatedDynamics(la, data.train.rows(p), data.train.label, data.test.rows(p),
                    data.test.label, Init.embedding(0, p, dh));
            Map<String, Runnable> parts = parts(data, p, dh);
            parts.put("IsolatedDynamics.step", () -> sim.step(1e-6));
            for (int round = 0; round < 6; round++) {
                pollute(200);
                la.gemm(false, false, ga, gb, gc);
                for (Runnable r : parts.values()) {
                    for (int i = 0; i < 3000; i++) {
                        r.run();
                    }
                }
            }
            int calls = 1000;
            for (Map.Entry<String, Runnable> en : parts.entrySet()) {
                Runnable r = en.getValue();
                long best = Long.MAX_VALUE;
                // Boxing never goes away; a late C2 compile (a loaded machine) does: measure again, up to 20
                // times, until a repetition is clean, so the test fails only for persistent allocation.
                for (int rep = 0; rep < 20 && (rep < 3 || best > StepNoBoxingTest.MAX_BYTES_PER_CALL * calls); rep++) {
                    long before = tmx.getCurrentThreadAllocatedBytes();
                    for (int i = 0; i < calls; i++) {
                        r.run();
                    }
                    best = Math.min(best, tmx.getCurrentThreadAllocatedBytes() - before);
                }
                System.out.println(en.getKey().replace(' ', '_') + " " + (double) best / calls);
            }
        }
    }
}
