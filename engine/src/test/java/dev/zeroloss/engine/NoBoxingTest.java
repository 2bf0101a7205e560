package dev.zeroloss.engine;

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
 * The engine's 256-bit kernels must not box their vectors when 512-bit vectors have also run through the
 * shared DoubleVector methods (the wide GEMM kernel; on JDK 17 the call sites would then bind through a
 * bimorphic type profile). Runs {@link AllocationProbe} in a fresh JVM with this JVM's flags (so
 * {@code -Dzeroloss.extraJvmFlags=-Dzeroloss.gemm.width=512} reaches it) and asserts the bytes allocated per
 * call after warm-up. A boxed 256-bit vector costs tens of bytes, and these calls do about a hundred vector
 * operations, so boxing shows as kilobytes per call; the bound only leaves room for counter noise.
 */
class NoBoxingTest {
    static final double MAX_BYTES_PER_CALL = 16;

    /** This JVM's launcher and flags, or null when they say no C2 (then allocation means nothing). */
    static List<String> childCommand(String mainClass) {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse(
                System.getProperty("java.home") + File.separator + "bin" + File.separator + "java"));
        boolean vector = false;
        for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (a.equals("-Xint") || a.startsWith("-XX:TieredStopAtLevel") || a.equals("-XX:-UseCompiler")) {
                return null;
            }
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
        cmd.add(mainClass);
        return cmd;
    }

    /** Runs the probe; returns its "name bytesPerCall" lines. */
    static List<String> runProbe(List<String> cmd) throws Exception {
        File out = File.createTempFile("zeroloss-probe", ".out");
        File err = File.createTempFile("zeroloss-probe", ".err");
        try {
            Process p = new ProcessBuilder(cmd).redirectOutput(out).redirectError(err).start();
            if (!p.waitFor(10, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new AssertionError("allocation probe timed out");
            }
            String errText = Files.readString(err.toPath(), StandardCharsets.UTF_8);
            assertEquals(0, p.exitValue(), "allocation probe failed: " + errText);
            return Files.readAllLines(out.toPath(), StandardCharsets.UTF_8);
        } finally {
            out.delete();
            err.delete();
        }
    }

    @Test
    void kernelsDoNotBoxBesideWideVectors() throws Exception {
        List<String> cmd = childCommand(AllocationProbe.class.getName());
        assumeFalse(cmd == null, "no C2 in this configuration");
        List<String> lines = runProbe(cmd);
        assertEquals(AllocationProbe.kernels().size(), lines.size(), String.join("\n", lines));
        StringBuilder bad = new StringBuilder();
        for (String line : lines) {
            String[] f = line.trim().split(" ");
            if (Double.parseDouble(f[1]) > MAX_BYTES_PER_CALL) {
                bad.append(line).append(" B/call\n");
            }
        }
        assertTrue(bad.length() == 0, "kernels allocate after warm-up (boxed vectors?):\n" + bad
                + "all:\n" + String.join("\n", lines));
    }
}
