package dev.zeroloss.harness.golden;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zeroloss.harness.core.Experiment;
import dev.zeroloss.harness.core.Param;
import dev.zeroloss.harness.core.RunContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GoldenTest {

    /** A deterministic experiment with checkpoints; perturbIndex >= 0 nudges one element by one ULP. */
    static final class Walk implements Experiment {
        int perturbIndex = -1;
        int perturbStep = -1;

        @Override
        public String name() {
            return "walk";
        }

        @Override
        public String title() {
            return "a deterministic walk with checkpoints";
        }

        @Override
        public List<Param> params() {
            return List.of(Param.integer("steps", 40, 1, 1000, "steps"));
        }

        @Override
        public Map<String, String> ciScale() {
            return Map.of("steps", "20");
        }

        @Override
        public void run(RunContext ctx) {
            int steps = ctx.config().getInt("steps");
            for (int seed : ctx.seeds()) {
                double[] x = new double[17];
                for (int i = 0; i < x.length; i++) {
                    x[i] = 1.0 / (i + 1 + seed);
                }
                for (int s = 0; s <= steps; s++) {
                    if (s > 0) {
                        for (int i = 0; i < x.length; i++) {
                            x[i] = Math.fma(x[i], 0.97, 0.01 * StrictMath.sin(i + s));
                        }
                    }
                    if (s == perturbStep) {
                        x[perturbIndex] = Math.nextUp(x[perturbIndex]);
                    }
                    if (RunContext.isCheckpoint(s, steps)) {
                        ctx.checkpoint("seed" + seed, s, Map.of("x", x), Map.of("sum", Arrays.stream(x).sum()));
                    }
                }
            }
            ctx.table("metrics.csv", "steps").add(steps);
        }
    }

    @Test
    void checkpointStepsAreEveryTenthAndTheEnds() {
        long n = 0;
        for (long s = 0; s <= 95; s++) {
            n += RunContext.isCheckpoint(s, 95) ? 1 : 0;
        }
        assertEquals(11, n);
        assertTrue(RunContext.isCheckpoint(9, 95) && RunContext.isCheckpoint(85, 95) && !RunContext.isCheckpoint(10, 95));
        assertEquals(2, java.util.stream.LongStream.rangeClosed(0, 1).filter(s -> RunContext.isCheckpoint(s, 1)).count());
    }

    @Test
    void updateThenVerifyMatchesOnAnyThreadCount(@TempDir Path tmp) throws Exception {
        Walk w = new Walk();
        Verifier.Result u = new Verifier(tmp.resolve("golden"), 2, tmp).update(w, "ci");
        assertTrue(u.lines().get(0).contains("new golden"), u.lines().toString());
        for (int threads : new int[] {1, 3}) {
            Verifier.Result r = new Verifier(tmp.resolve("golden"), threads, tmp).verify(w, "ci");
            assertTrue(r.ok(), r.lines().toString());
        }
        Verifier.Result again = new Verifier(tmp.resolve("golden"), 1, tmp).update(w, "ci");
        assertTrue(again.lines().get(0).contains("unchanged"), again.lines().toString());
    }

    @Test
    void oneUlpInOneElementIsReportedWithCheckpointTensorCountAndUlps(@TempDir Path tmp) throws Exception {
        Walk w = new Walk();
        Path g = tmp.resolve("golden");
        new Verifier(g, 1, tmp).update(w, "ci");
        w.perturbIndex = 5;
        w.perturbStep = 6; // the checkpoint at step 6 is the 4th of 11 (0, 2, 4, 6, ...)
        Verifier.Result r = new Verifier(g, 1, tmp).verify(w, "ci");
        assertFalse(r.ok());
        String all = String.join("\n", r.lines());
        assertTrue(all.contains("first at checkpoint 4 of 11 (seed0, step 6)"), all);
        assertTrue(all.contains("tensor x: 1 of 17 elements differ, largest difference 1 ulp (first at index 5)"), all);
    }

    @Test
    void aFlippedBitInADigestIsDetected(@TempDir Path tmp) throws Exception {
        Walk w = new Walk();
        Path g = tmp.resolve("golden");
        new Verifier(g, 1, tmp).update(w, "ci");
        Path json = g.resolve("ci").resolve("walk.json");
        String text = Files.readString(json);
        int at = text.indexOf("\"sha256\": \"") + 11;
        char c = text.charAt(at);
        char flipped = Character.forDigit(Character.digit(c, 16) ^ 1, 16);
        Files.writeString(json, text.substring(0, at) + flipped + text.substring(at + 1));
        Verifier.Result r = new Verifier(g, 1, tmp).verify(w, "ci");
        assertFalse(r.ok());
        String all = String.join("\n", r.lines());
        assertTrue(all.contains("first at checkpoint 1 of 11") && all.contains("corrupt golden"), all);
    }

    @Test
    void truncatedMissingAndForeignGoldensAreReportedByFile(@TempDir Path tmp) throws Exception {
        Walk w = new Walk();
        Path g = tmp.resolve("golden");
        new Verifier(g, 1, tmp).update(w, "ci");
        Path json = g.resolve("ci").resolve("walk.json");
        Path tensors = g.resolve("ci").resolve("walk.tensors.gz");

        byte[] t = Files.readAllBytes(tensors);
        Files.write(tensors, Arrays.copyOf(t, t.length / 2));
        Verifier.Result r = new Verifier(g, 1, tmp).verify(w, "ci");
        assertFalse(r.ok());
        assertTrue(r.lines().get(0).contains("walk.tensors.gz") && r.lines().get(0).contains("truncated"), r.lines().toString());
        Files.write(tensors, t);

        String text = Files.readString(json);
        Files.writeString(json, text.substring(0, text.length() / 2));
        r = new Verifier(g, 1, tmp).verify(w, "ci");
        assertFalse(r.ok());
        assertTrue(r.lines().get(0).contains("walk.json") && r.lines().get(0).contains("corrupt or truncated"),
                r.lines().toString());

        Files.writeString(json, text.replace("\"steps\": 20", "\"steps\": 21"));
        r = new Verifier(g, 1, tmp).verify(w, "ci");
        assertFalse(r.ok());
        assertTrue(r.lines().get(0).contains("another config") && r.lines().get(0).contains("steps is 21 in the golden, 20 now"),
                r.lines().toString());

        Files.delete(json);
        r = new Verifier(g, 1, tmp).verify(w, "ci");
        assertFalse(r.ok());
        assertTrue(r.lines().get(0).contains("walk.json") && r.lines().get(0).contains("missing"), r.lines().toString());
    }
}
