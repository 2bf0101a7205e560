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

class OpenQuestionsCiTest {

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
    void variantExperimentsRunAtCiScale(@TempDir Path tmp) throws Exception {
        for (String name : new String[] {"open-ce", "open-gelu", "open-deep", "open-mul"}) {
            Path out = tmp.resolve(name);
            Runner.Outcome o = Runner.run(Experiments.byName(name), request(name, out));
            for (String f : new String[] {"metrics.csv", "events.csv", "test_accuracy.png", "norm.png", "claims.md"}) {
                assertTrue(Files.isRegularFile(out.resolve(f)), name + " " + f);
            }
            assertEquals(2, o.claims().size(), name);
            assertFalse(o.checkpoints().isEmpty(), name);
        }
    }

    @Test
    void stepSizeRunsAtCiScaleAndMeasuresCosines(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("ss");
        Runner.Outcome o = Runner.run(Experiments.byName("open-stepsize"), request("open-stepsize", out));
        assertTrue(Files.isRegularFile(out.resolve("cosine_vs_time.png")));
        assertTrue(Files.isRegularFile(out.resolve("mean_cosine_vs_lr.png")));
        List<String> lines = Files.readAllLines(out.resolve("summary_by_lr.csv"));
        assertEquals(4, lines.size()); // header + 3 learning rates
        assertTrue(o.claims().get(1).pass(), o.claims().get(1).toString()); // finite
    }

    @Test
    void stepSizeNeedsWidthAboveTrainCount(@TempDir Path tmp) {
        UsageException e = assertThrows(UsageException.class, () -> Runner.run(Experiments.byName("open-stepsize"),
                request("open-stepsize", tmp.resolve("bad"), "hidden=10")));
        assertTrue(e.getMessage().contains("must exceed n_train"), e.getMessage());
    }
}
