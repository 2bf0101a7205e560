package dev.zeroloss.harness.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.File;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The Fig. 6 step's non-GEMM parts (fused gather/relu and mask/scatter, the E update loops) and the harness's
 * other Vector API kernels must not box when 512-bit vectors have also run (JDK 17's shared type profiles; see
 * docs/decisions/wide17.md). Runs {@link StepAllocationProbe} in a fresh JVM with this JVM's flags (so
 * {@code -Dzeroloss.extraJvmFlags=-Dzeroloss.gemm.width=512} reaches it) and asserts the bytes per call.
 * The whole step (GEMM, SYRK, Cholesky, solves included) is asserted too, on every JDK: before GemmKernel, Gemm,
 * Cholesky and Triangular carried the exact-class casts, JDK 17 boxed ≈ 0.5 MB per step at p = 13, d_h = 96.
 */
class StepNoBoxingTest {
    static final double MAX_BYTES_PER_CALL = 16;

    @Test
    void stepPartsDoNotBoxBesideWideVectors() throws Exception {
        List<String> lines = runFresh(StepAllocationProbe.class);
        StringBuilder bad = new StringBuilder();
        for (String line : lines) {
            String[] f = line.trim().split(" ");
            if (Double.parseDouble(f[1]) > MAX_BYTES_PER_CALL) {
                bad.append(line).append(" B/call\n");
            }
        }
        assertTrue(lines.size() >= 11, String.join("\n", lines));
        assertTrue(bad.length() == 0, "allocation after warm-up (boxed vectors?):\n" + bad + "all:\n"
                + String.join("\n", lines));
    }

    /** Runs {@code main} in a fresh JVM with this JVM's flags and class path; returns its stdout lines. */
    static List<String> runFresh(Class<?> main, String... args) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse(
                System.getProperty("java.home") + File.separator + "bin" + File.separator + "java"));
        boolean vector = false;
        for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            assumeFalse(a.equals("-Xint") || a.startsWith("-XX:TieredStopAtLevel") || a.equals("-XX:-UseCompiler"),
                    "no C2 in this configuration");
            if (a.startsWith("-agentlib") || a.startsWith("-javaagent") || a.startsWith("-Xdebug")) {
                continue;
            }
            vector |= a.contains("jdk.incubator.vector");
            cmd.add(a);
        }
        if (!vector) {
            cmd.add("--add-modules=jdk.incubator.vector");
        }
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(main.getName());
        cmd.addAll(List.of(args));
        File out = File.createTempFile("zeroloss-probe", ".out");
        File err = File.createTempFile("zeroloss-probe", ".err");
        try {
            Process p = new ProcessBuilder(cmd).redirectOutput(out).redirectError(err).start();
            if (!p.waitFor(10, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new AssertionError(main.getSimpleName() + " timed out");
            }
            assertEquals(0, p.exitValue(), "probe failed: " + Files.readString(err.toPath(), StandardCharsets.UTF_8));
            return Files.readAllLines(out.toPath(), StandardCharsets.UTF_8);
        } finally {
            out.delete();
            err.delete();
        }
    }
}
