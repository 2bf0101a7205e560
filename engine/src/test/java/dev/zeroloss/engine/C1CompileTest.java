package dev.zeroloss.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every engine loop must compile under C1's profiling tier (tier 3) as an OSR compile.
 *
 * <p>Why: on JDK 17 the 8-row direct GEMM kernels (1.9 KB of bytecode, ~80 vector operations) made C1's tier-3
 * OSR compile bail out with "out of virtual registers in linear scan". In the whole `./repro` sequence C2's queue
 * was long when they first got hot, so the tiered policy had put them in tier 2 (C1 without profiling), and from
 * there the failed tier-3 compile left them in tier-2 C1 code for good: C1 does not intrinsify the Vector API,
 * so every vector was boxed (34.8 MB and 12.6 ms per Fig. 6 step at 512 bits). Only that order showed it.
 *
 * <p>The test makes that compile happen on purpose, in a fresh JVM: C1 only ({@code TieredStopAtLevel=3}),
 * OSR after 1000 back-edges and no normal compiles, running {@link C1CompileProbe} (a forced normal tier-3
 * compile after 200 calls passed with the old kernels too, and C1-only code is too slow to run long);
 * the JVM's {@code PrintCompilation} log must show no "COMPILE SKIPPED" for an engine method, and must show the
 * direct kernel of the width under test compiled (so the probe really reached it). Both widths, thin path on.
 */
class C1CompileTest {
    @ParameterizedTest(name = "width {0}")
    @ValueSource(ints = {256, 512})
    void everyEngineLoopCompilesAtTier3(int width) throws Exception {
        List<String> cmd = NoBoxingTest.childCommand(C1CompileProbe.class.getName());
        assumeFalse(cmd == null, "this JVM runs without a JIT compiler tier to test");
        List<String> flags = new ArrayList<>(List.of("-Dzeroloss.gemm.width=" + width, "-Dzeroloss.gemm.thin=true",
                "-XX:TieredStopAtLevel=3", "-XX:+PrintCompilation", "-XX:Tier3InvocationThreshold=1000000",
                "-XX:Tier3MinInvocationThreshold=1000000", "-XX:Tier3CompileThreshold=1000000",
                "-XX:Tier3BackEdgeThreshold=1000"));
        // after the parent's own flags (so these win), before the main class
        cmd.addAll(cmd.size() - 3, flags);
        cmd.add("3");
        List<String> log = NoBoxingTest.runProbe(cmd);
        String skipped = log.stream().filter(s -> s.contains("COMPILE SKIPPED") && s.contains("dev.zeroloss."))
                .collect(Collectors.joining("\n"));
        assertEquals("", skipped, "C1 could not compile these engine methods at tier 3");
        String kernel = "GemmKernel::direct" + width + "x3";
        assertTrue(log.stream().anyMatch(s -> s.contains(kernel) && s.contains("%")),
                kernel + " was not OSR-compiled: the probe no longer reaches it\n"
                        + log.stream().filter(s -> s.contains("dev.zeroloss.")).collect(Collectors.joining("\n")));
    }
}
