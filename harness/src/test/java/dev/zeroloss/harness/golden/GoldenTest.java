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
        int extraStep = -1; // also checkpoint this step (as a run that records its last step does)

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
                    if (RunContext.isCheckpoint(s, steps) || s == extraStep) {
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
    void updateMatchesCheckpointsByRunAndStep(@TempDir Path tmp) throws Exception {
        Walk w = new Walk();
        Path g = tmp.resolve("golden");
        new Verifier(g, 1, tmp).update(w, "ci");
        w.extraStep = 7; // one checkpoint more, inserted between steps 6 and 8
        String added = new Verifier(g, 1, tmp).update(w, "ci").lines().get(0);
        assertTrue(added.endsWith("— 1 added (first: seed0 step 7, new)"), added);
        w.extraStep = -1;
        w.perturbIndex = 0;
        w.perturbStep = 16; // checkpoints 16, 18, 20 change
        String both = new Verifier(g, 1, tmp).update(w, "ci").lines().get(0);
        assertTrue(both.endsWith("— 3 of 11 checkpoints changed, 1 removed (first: seed0 step 16)"), both);
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
    void checkpointsPastTheTensorBudgetAreComparedByDigest(@TempDir Path tmp) throws Exception {
        Walk w = new Walk();
        Path g = tmp.resolve("golden");
        Verifier up = new Verifier(g, 1, tmp);
        up.tensorBudget = 3 * 17; // the first three checkpoints (steps 0, 2, 4) of 17 doubles each
        up.update(w, "ci");
        GoldenFile gf = GoldenFile.read(g.resolve("ci"), "walk");
        assertEquals(51, gf.loadTensors().length);
        assertEquals(2 * 17, gf.entries.get(2).tensors().get(0).offset());
        assertEquals(-1, gf.entries.get(3).tensors().get(0).offset());
        assertTrue(Files.readString(g.resolve("ci").resolve("walk.json")).contains("3 of 11 checkpoints, the first ones of each run"));
        assertTrue(new Verifier(g, 2, tmp).verify(w, "ci").ok(), "unchanged replay must still match");

        w.perturbIndex = 5;
        w.perturbStep = 4; // third checkpoint: stored, so the elements are counted
        String stored = String.join("\n", new Verifier(g, 1, tmp).verify(w, "ci").lines());
        assertTrue(stored.contains("first at checkpoint 3 of 11") && stored.contains("1 of 17 elements differ"), stored);

        w.perturbStep = 6; // fourth checkpoint: past the budget, digest only
        Verifier.Result r = new Verifier(g, 1, tmp).verify(w, "ci");
        assertFalse(r.ok());
        String all = String.join("\n", r.lines());
        assertTrue(all.contains("first at checkpoint 4 of 11") && all.contains("digest differs from the golden (no element"
                + " count"), all);
    }

    @Test
    void everyRunKeepsItsFirstCheckpointsWithinAnEqualShare() {
        List<dev.zeroloss.harness.core.Checkpoint> cps = new java.util.ArrayList<>();
        String[] runs = {"base/seed0", "variant/seed0", "variant/seed1"};
        for (int r = 0; r < runs.length; r++) {
            for (int step = 0; step < 5; step++) {
                double[] w = new double[10];
                Arrays.fill(w, r * 100 + step); // every tensor distinct
                cps.add(new dev.zeroloss.harness.core.Checkpoint(runs[r], step, Map.of("w", w), Map.of()));
            }
        }
        // 100 doubles over 3 runs: 33 each, so the first 3 checkpoints (30 doubles) of every run
        boolean[] keep = GoldenFile.kept(cps, 100);
        for (int i = 0; i < keep.length; i++) {
            assertEquals(i % 5 < 3, keep[i], "checkpoint " + i);
        }
        boolean[] all = GoldenFile.kept(cps, 150);
        for (boolean k : all) {
            assertTrue(k);
        }
        // a step-0 init shared by two runs is stored once and costs the second run nothing
        double[] init = new double[10];
        List<dev.zeroloss.harness.core.Checkpoint> shared = new java.util.ArrayList<>();
        for (String run : new String[] {"a", "b"}) {
            shared.add(new dev.zeroloss.harness.core.Checkpoint(run, 0, Map.of("w", init), Map.of()));
            for (int step = 1; step < 4; step++) {
                double[] w = new double[10];
                Arrays.fill(w, run.hashCode() + step);
                shared.add(new dev.zeroloss.harness.core.Checkpoint(run, step, Map.of("w", w), Map.of()));
            }
        }
        boolean[] k = GoldenFile.kept(shared, 60); // 30 each: run a keeps steps 0-2, run b steps 0-3
        assertTrue(k[0] && k[1] && k[2] && !k[3], Arrays.toString(k));
        assertTrue(k[4] && k[5] && k[6] && k[7], Arrays.toString(k));
    }

    @Test
    void aSharedInitIsStoredOnceAndBothRunsPointAtIt(@TempDir Path tmp) throws Exception {
        double[] init = {1, 2, 3};
        List<dev.zeroloss.harness.core.Checkpoint> cps = List.of(
                new dev.zeroloss.harness.core.Checkpoint("a", 0, Map.of("w", init), Map.of()),
                new dev.zeroloss.harness.core.Checkpoint("a", 1, Map.of("w", new double[] {4, 5, 6}), Map.of()),
                new dev.zeroloss.harness.core.Checkpoint("b", 0, Map.of("w", init.clone()), Map.of()),
                new dev.zeroloss.harness.core.Checkpoint("b", 1, Map.of("w", new double[] {7, 8, 9}), Map.of()));
        GoldenFile.write(tmp, "shared", "ci", Map.of("config", Map.of()), cps, 1000);
        GoldenFile g = GoldenFile.read(tmp, "shared");
        double[] stored = g.loadTensors();
        assertEquals(9, stored.length);
        assertEquals(0, g.entries.get(2).tensors().get(0).offset());
        assertEquals(8.0, stored[(int) g.entries.get(3).tensors().get(0).offset() + 1]);
    }

    @Test
    void aTensorOffsetOutsideTheStoredDoublesIsCorrupt(@TempDir Path tmp) throws Exception {
        Walk w = new Walk();
        Path g = tmp.resolve("golden");
        new Verifier(g, 1, tmp).update(w, "ci");
        Path json = g.resolve("ci").resolve("walk.json");
        String text = Files.readString(json);
        Files.writeString(json, text.replaceFirst("\"offset\": 17\\b", "\"offset\": 999999"));
        Verifier.Result r = new Verifier(g, 1, tmp).verify(w, "ci");
        assertFalse(r.ok());
        assertTrue(r.lines().get(0).contains("walk.json") && r.lines().get(0).contains("offset 999999"),
                r.lines().toString());
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
