package dev.zeroloss.harness.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zeroloss.harness.core.Runner;
import dev.zeroloss.harness.core.UsageException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Fig6AndTrainingCiTest {

    private static Runner.Request request(String name, Path out, String... sets) {
        Runner.Request r = new Runner.Request();
        r.experiment = name;
        r.ciScale = true;
        r.threads = 2;
        r.out = out;
        r.seeds = List.of(0);
        r.progress = false;
        r.sets = new java.util.ArrayList<>(List.of(sets));
        return r;
    }

    @Test
    void fig6RunsAtCiScale(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("fig6");
        Runner.Outcome o = Runner.run(Experiments.byName("fig6"), request("fig6", out));
        for (String f : new String[] {"metrics.csv", "fourier.csv", "seeds.csv", "claims.md", "summary.json",
                "config.json", "test_accuracy.png", "fourier_norms.png", "cos_initial.png", "cos_final.png",
                "abs_cos_final.png", "circle_k1.png", "norms.png"}) {
            assertTrue(Files.isRegularFile(out.resolve(f)), f);
        }
        assertEquals(6, o.claims().size());
        // training loss ≈ 0 holds at any scale
        assertTrue(o.claims().get(0).pass(), o.claims().get(0).toString());
    }

    @Test
    void trainingRunsAtCiScale(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("training");
        Runner.Outcome o = Runner.run(Experiments.byName("training"), request("training", out));
        for (String f : new String[] {"metrics.csv", "simulation.csv", "fourier.csv", "comparison.csv",
                "test_accuracy.png", "norms.png", "cos_final_training.png", "fourier_norms_training.png"}) {
            assertTrue(Files.isRegularFile(out.resolve(f)), f);
        }
        assertEquals(5, o.claims().size());
        assertTrue(o.claims().get(0).pass(), o.claims().get(0).toString()); // memorises
    }

    /**
     * `./repro` shares fig6's finished simulation with training: training's checkpoints, tables and carried E
     * must be the bits of a recomputation. fig6 runs seeds 0, 1, 2 on two threads (0 and 1 side by side on
     * one-thread engines, 2 afterwards on the pool); training then replays seed 0.
     */
    @Test
    void trainingReusingFig6SimulationGivesTheSameBits(@TempDir Path tmp) throws Exception {
        Runner.run(Experiments.byName("training"), request("training", tmp.resolve("alone")));
        Runner.Outcome shared;
        try (var scope = SimulationMemo.share()) {
            Runner.Request f = request("fig6", tmp.resolve("fig6"));
            f.seeds = List.of(0, 1, 2);
            Runner.run(Experiments.byName("fig6"), f);
            shared = Runner.run(Experiments.byName("training"), request("training", tmp.resolve("shared")));
        }
        String summary = Files.readString(tmp.resolve("shared").resolve("summary.json"));
        assertTrue(summary.contains("reused the fig6 run of seed 0"), summary);
        assertFalse(Files.readString(tmp.resolve("alone").resolve("summary.json")).contains("reused"));
        for (String file : new String[] {"digests.json", "simulation.csv", "metrics.csv", "fourier.csv"}) {
            assertEquals(Files.readString(tmp.resolve("alone").resolve(file)),
                    Files.readString(tmp.resolve("shared").resolve(file)), file);
        }
        assertEquals(5, shared.claims().size());
        // closed scope: nothing is shared any more
        Runner.run(Experiments.byName("training"), request("training", tmp.resolve("after")));
        assertFalse(Files.readString(tmp.resolve("after").resolve("summary.json")).contains("reused"));
    }

    @Test
    void hiddenNotAboveTrainCountIsAUsageErrorSayingWhy(@TempDir Path tmp) {
        Path out = tmp.resolve("bad");
        // p = 13, 0.8 → 73 train rows
        UsageException e = assertThrows(UsageException.class,
                () -> Runner.run(Experiments.byName("fig6"), request("fig6", out, "hidden=73")));
        assertTrue(e.getMessage().contains("n_train = 73") && e.getMessage().contains("singular"), e.getMessage());
        assertFalse(Files.exists(out));
        assertFalse(Files.exists(tmp.resolve("bad.partial")));
        UsageException t = assertThrows(UsageException.class,
                () -> Runner.run(Experiments.byName("training"), request("training", out, "hidden=10")));
        assertTrue(t.getMessage().contains("hidden = 10"), t.getMessage());
    }

    @Test
    void otherBadInputs(@TempDir Path tmp) {
        Path out = tmp.resolve("bad");
        assertThrows(UsageException.class, () -> Runner.run(Experiments.byName("fig6"), request("fig6", out, "p=12")));
        assertThrows(UsageException.class, () -> Runner.run(Experiments.byName("fig6"), request("fig6", out, "p=2")));
        assertThrows(UsageException.class,
                () -> Runner.run(Experiments.byName("fig6"), request("fig6", out, "eta=0")));
        assertThrows(UsageException.class,
                () -> Runner.run(Experiments.byName("fig6"), request("fig6", out, "train_fraction=1")));
        assertThrows(UsageException.class,
                () -> Runner.run(Experiments.byName("fig6"), request("fig6", out, "circle_freqs=7")));
        assertThrows(UsageException.class,
                () -> Runner.run(Experiments.byName("training"), request("training", out, "lr=0")));
    }
}
