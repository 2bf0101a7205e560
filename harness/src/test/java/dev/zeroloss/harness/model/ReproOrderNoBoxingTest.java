package dev.zeroloss.harness.model;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The Fig. 6 step allocates nothing once warm, also after fig1–fig5 have run at paper scale in the same JVM (the
 * order of `./repro`). Each kernel's own probe passed while this order made JDK 17 box the thin-GEMM kernels
 * (34.8 MB and 2.4× the time per step; docs/decisions/gemm.md). About 40 s: fig5 at paper scale runs first.
 */
class ReproOrderNoBoxingTest {
    @Test
    void fig6StepDoesNotBoxAfterTheExperimentsBeforeIt() throws Exception {
        List<String> lines = StepNoBoxingTest.runFresh(ReproOrderProbe.class);
        long bytesPerStep = Long.parseLong(lines.get(lines.size() - 1).trim());
        assertTrue(bytesPerStep <= 1024, "the fig6 step allocates " + bytesPerStep
                + " bytes per step after fig1-fig5 (boxed vectors?)");
    }
}
