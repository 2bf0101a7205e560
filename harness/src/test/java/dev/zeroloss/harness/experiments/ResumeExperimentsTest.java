package dev.zeroloss.harness.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zeroloss.harness.core.Experiment;
import dev.zeroloss.harness.core.Runner;
import dev.zeroloss.harness.core.TestHooks;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The three long experiments at CI scale: a run killed (simulated: {@link TestHooks} throws inside the step
 * loop) and resumed from its last snapshot ends with the same digests.json and metrics.csv bytes as an
 * uninterrupted run, also when killed again during the resume; and the digests do not depend on the thread
 * count.
 */
class ResumeExperimentsTest {

    @AfterEach
    void disarm() {
        TestHooks.disarm();
    }

    private static Runner.Request request(String name, Path out, int threads, long every, List<Integer> seeds) {
        Runner.Request r = new Runner.Request();
        r.experiment = name;
        r.ciScale = true;
        r.threads = threads;
        r.out = out;
        r.seeds = seeds;
        r.progress = false;
        r.checkpointEvery = every;
        r.sets = new ArrayList<>();
        return r;
    }

    /** Kills (throws) at each {run, step} in turn, resuming after each; returns the finished folder. */
    private static Path killAndResume(Experiment exp, Path out, long every, List<Integer> seeds, String... kills)
            throws Exception {
        TestHooks.crashAt(kills[0], Long.parseLong(kills[1]));
        assertThrows(TestHooks.SimulatedKill.class, () -> Runner.run(exp, request(exp.name(), out, 2, every, seeds)));
        Path partial = out.resolveSibling(out.getFileName() + ".partial");
        assertFalse(Files.exists(out));
        assertTrue(Files.exists(partial.resolve("snapshot.bin")), "a snapshot was written before the kill");
        for (int k = 2; k < kills.length; k += 2) {
            TestHooks.crashAt(kills[k], Long.parseLong(kills[k + 1]));
            assertThrows(TestHooks.SimulatedKill.class, () -> Runner.resume(resumeRequest(out, 1)));
            assertTrue(Files.exists(partial.resolve("snapshot.bin")));
        }
        Runner.Outcome o = Runner.resume(resumeRequest(out, 3));
        assertFalse(Files.exists(partial));
        return o.dir();
    }

    private static Runner.Request resumeRequest(Path out, int threads) {
        Runner.Request r = new Runner.Request();
        r.resume = out;
        r.threads = threads;
        r.progress = false;
        return r;
    }

    private static void assertSameResult(Path expected, Path actual, String what) throws Exception {
        assertEquals(Files.readString(expected.resolve("digests.json")), Files.readString(actual.resolve("digests.json")),
                what + ": digests.json");
        assertEquals(Files.readString(expected.resolve("metrics.csv")), Files.readString(actual.resolve("metrics.csv")),
                what + ": metrics.csv");
    }

    private static void check(String name, List<Integer> seeds, long every, String[][] killSets, Path tmp)
            throws Exception {
        Experiment exp = Experiments.byName(name);
        Path clean = Runner.run(exp, request(name, tmp.resolve("clean"), 1, 0, seeds)).dir();
        assertTrue(Files.readString(clean.resolve("digests.json")).contains("sha256"));
        Path three = Runner.run(exp, request(name, tmp.resolve("threads3"), 3, 0, seeds)).dir();
        assertEquals(Files.readString(clean.resolve("digests.json")), Files.readString(three.resolve("digests.json")),
                name + ": digests with 1 and 3 threads");
        int i = 0;
        for (String[] kills : killSets) {
            Path resumed = killAndResume(exp, tmp.resolve("killed" + i++), every, seeds, kills);
            assertSameResult(clean, resumed, name + " killed at " + String.join(" ", kills));
        }
    }

    @Test
    void fig6ResumesToTheSameBits(@TempDir Path tmp) throws Exception {
        check("fig6", List.of(0, 1), 30, new String[][] {
            {"seed0", "95"},                            // mid first seed, between snapshots
            {"seed1", "120", "seed1", "301"},           // on a snapshot step; killed again while resuming
            {"seed1", "400"}}, tmp);                    // after the last step, before the run completes
    }

    @Test
    void trainingResumesToTheSameBits(@TempDir Path tmp) throws Exception {
        check("training", List.of(0), 70, new String[][] {
            {"seed0/training", "555"},
            {"seed0/simulation", "333", "seed0/simulation", "390"}}, tmp);
    }

    @Test
    void fig5ResumesToTheSameBits(@TempDir Path tmp) throws Exception {
        check("fig5", List.of(0, 1), 90, new String[][] {
            {"seed1", "333"},                           // in a trajectory chunk
            {"seed0/measure", "200", "seed1", "395"}}, tmp); // in the projections of a chunk, then again
    }
}
