package dev.zeroloss.harness.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResumeTest {

    /** Two seeds of a resumable step loop; crashes once at a chosen (seed, step) to simulate a kill. */
    static final class Loop implements Experiment {
        static int crashSeed = -1;
        static int crashStep = -1;

        @Override
        public String name() {
            return "loop";
        }

        @Override
        public String title() {
            return "resumable loop";
        }

        @Override
        public List<Param> params() {
            return List.of(Param.integer("steps", 50, 1, 10_000, "steps"));
        }

        @Override
        public List<Integer> defaultSeeds() {
            return List.of(0, 1);
        }

        @Override
        public void run(RunContext ctx) {
            int steps = ctx.config().getInt("steps");
            Table t = ctx.table("metrics.csv", "seed", "step", "x0");
            for (int seed : ctx.seeds()) {
                String run = "seed" + seed;
                if (ctx.isRunComplete(run)) {
                    continue;
                }
                double[] x = {1.0 + seed, 0.5, -0.25};
                long start = 0;
                RunContext.ResumePoint rp = ctx.resumePoint(run);
                if (rp != null) {
                    x = rp.state().get("x").clone();
                    start = rp.step();
                } else {
                    ctx.checkpoint(run, 0, Map.of("x", x), Map.of("x0", x[0]));
                }
                for (long s = start + 1; s <= steps; s++) {
                    for (int i = 0; i < x.length; i++) {
                        x[i] = Math.fma(x[i], 0.9, StrictMath.cos(s * (i + 1)) * 0.1);
                    }
                    if (s % 7 == 0) {
                        t.add(seed, s, x[0]);
                    }
                    if (RunContext.isCheckpoint(s, steps)) {
                        ctx.checkpoint(run, s, Map.of("x", x), Map.of("x0", x[0]));
                    }
                    if (seed == crashSeed && s == crashStep) {
                        crashSeed = -1;
                        throw new IllegalStateException("simulated kill");
                    }
                    if (ctx.snapshotDue(s)) {
                        ctx.snapshot(run, s, Map.of("x", x));
                    }
                }
                ctx.carry(run + ".final", x);
                ctx.completeRun(run);
            }
            double sum = 0;
            for (int seed : ctx.seeds()) {
                sum += ctx.carried("seed" + seed + ".final")[0];
            }
            ctx.summary("sum_final_x0", sum);
        }
    }

    private static Runner.Request req(Path out, long every) {
        Runner.Request r = new Runner.Request();
        r.experiment = "loop";
        r.out = out;
        r.threads = 1;
        r.progress = false;
        r.checkpointEvery = every;
        return r;
    }

    @Test
    void aKilledRunResumesToTheSameBitsAsAnUninterruptedOne(@TempDir Path tmp) throws Exception {
        Loop exp = new Loop();
        Runner.Outcome clean = Runner.run(exp, req(tmp.resolve("clean"), 0));
        for (int[] crash : new int[][] {{0, 23}, {1, 5}, {1, 49}, {0, 3}}) {
            Path out = tmp.resolve("crash-" + crash[0] + "-" + crash[1]);
            Loop.crashSeed = crash[0];
            Loop.crashStep = crash[1];
            assertThrows(IllegalStateException.class, () -> Runner.run(exp, req(out, 10)));
            assertFalse(Files.exists(out));
            assertTrue(Files.exists(out.resolveSibling(out.getFileName() + ".partial").resolve("request.json")));
            Runner.Request r = new Runner.Request();
            r.resume = out;
            r.threads = 2;
            r.progress = false;
            Runner.Outcome resumed = Runner.resume(r, name -> exp);
            assertEquals(Files.readString(clean.dir().resolve("digests.json")),
                    Files.readString(resumed.dir().resolve("digests.json")), "crash " + crash[0] + "/" + crash[1]);
            assertEquals(Files.readString(clean.dir().resolve("metrics.csv")),
                    Files.readString(resumed.dir().resolve("metrics.csv")));
            assertEquals(clean.summary().get("sum_final_x0"), resumed.summary().get("sum_final_x0"));
            assertFalse(Files.exists(out.resolveSibling(out.getFileName() + ".partial")));
        }
    }

    @Test
    void resumeOfACompletedOrMissingRunIsAClearError(@TempDir Path tmp) throws Exception {
        Runner.run(new Loop(), req(tmp.resolve("done"), 5));
        Runner.Request r = new Runner.Request();
        r.resume = tmp.resolve("done");
        UsageException e = assertThrows(UsageException.class, () -> Runner.resume(r, n -> new Loop()));
        assertTrue(e.getMessage().contains("already completed"), e.getMessage());
        r.resume = tmp.resolve("never");
        e = assertThrows(UsageException.class, () -> Runner.resume(r, n -> new Loop()));
        assertTrue(e.getMessage().contains("no interrupted run"), e.getMessage());
    }
}
