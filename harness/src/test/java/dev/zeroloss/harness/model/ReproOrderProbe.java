package dev.zeroloss.harness.model;

import dev.zeroloss.engine.WorkerPool;
import dev.zeroloss.harness.core.Runner;
import dev.zeroloss.harness.data.ModularAddition;
import dev.zeroloss.harness.experiments.Experiments;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Run in a fresh JVM by {@link ReproOrderNoBoxingTest}: replays what `./repro` runs before fig6 (fig1–fig5 at
 * paper scale, two threads, into a temporary folder), then times the Fig. 6 step at the paper's shape and prints
 * the least bytes allocated per step over blocks of 100 steps. In that order, on JDK 17, C2 once compiled the
 * thin-GEMM kernels with boxed vectors (34.8 MB per step) although every kernel passed its own probe.
 */
public final class ReproOrderProbe {
    private ReproOrderProbe() {
    }

    public static void main(String[] args) throws Exception {
        com.sun.management.ThreadMXBean tmx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        Path dir = Files.createTempDirectory("zeroloss-repro-order");
        for (String name : List.of("fig1", "fig2", "fig3", "fig4", "fig5")) {
            Runner.Request r = new Runner.Request();
            r.experiment = name;
            r.threads = 2;
            r.progress = false;
            r.out = dir.resolve(name);
            Runner.run(Experiments.byName(name), r);
        }
        int p = 37;
        int dh = 512;
        ModularAddition data = ModularAddition.create(p, 0.7, 0);
        try (WorkerPool pool = new WorkerPool(1)) {
            IsolatedDynamics sim = new IsolatedDynamics(new Linalg(pool), data.train.rows(p), data.train.label,
                    data.test.rows(p), data.test.label, Init.embedding(0, p, dh));
            long best = Long.MAX_VALUE;
            for (int block = 0; block < 8; block++) {
                long before = tmx.getCurrentThreadAllocatedBytes();
                for (int i = 0; i < 100; i++) {
                    sim.step(1e-3);
                }
                best = Math.min(best, (tmx.getCurrentThreadAllocatedBytes() - before) / 100);
            }
            System.out.println(best);
        }
    }
}
