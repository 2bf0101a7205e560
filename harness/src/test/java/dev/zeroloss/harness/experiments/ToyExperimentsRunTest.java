package dev.zeroloss.harness.experiments;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zeroloss.harness.core.Claim;
import dev.zeroloss.harness.core.Experiment;
import dev.zeroloss.harness.core.Runner;
import dev.zeroloss.harness.core.UsageException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Each toy experiment runs at CI scale through the Runner and writes its whole folder; bad input is rejected. */
class ToyExperimentsRunTest {
    @TempDir
    Path tmp;

    private static Runner.Request request(String name, Path out, String... sets) {
        Runner.Request r = new Runner.Request();
        r.experiment = name;
        r.ciScale = true;
        r.threads = 1;
        r.out = out;
        r.progress = false;
        r.sets = List.of(sets);
        return r;
    }

    @ParameterizedTest
    @CsvSource({
        "fig1, fig1_loss.png, fig1_trajectories.png,",
        "fig2, fig2_plane_paths.png, fig2_side_view.png,",
        "fig3, fig3_curved.png, fig3_singular.png, fig3_leaky.png",
        "fig4, fig4_level_sets.png, fig4_cosine_vs_distance.png,"})
    void runsAtCiScaleAndWritesEverything(String name, String png1, String png2, String png3) throws Exception {
        Experiment exp = Experiments.byName(name);
        Path out = tmp.resolve(name);
        Runner.Outcome o = Runner.run(exp, request(name, out));
        for (String f : new String[] {"config.json", "metrics.csv", "claims.md", "summary.json", png1, png2, png3}) {
            if (f == null) {
                continue;
            }
            assertTrue(Files.size(out.resolve(f)) > 0, name + ": " + f);
        }
        assertFalse(Files.exists(tmp.resolve(name + ".partial")));
        assertFalse(o.claims().isEmpty());
        for (Claim c : o.claims()) {
            assertTrue(c.pass(), name + ": " + c);
        }
    }

    @Test
    void fig1IsDeterministicForAFixedSeed() throws Exception {
        Experiment exp = Experiments.byName("fig1");
        Runner.run(exp, request("fig1", tmp.resolve("a")));
        Runner.run(exp, request("fig1", tmp.resolve("b")));
        assertArrayEquals(Files.readAllBytes(tmp.resolve("a/metrics.csv")), Files.readAllBytes(tmp.resolve("b/metrics.csv")));
        double[][] xs = Fig1LinearTwoParam.testSet(0, 100);
        double[][] ys = Fig1LinearTwoParam.testSet(0, 100);
        for (int i = 0; i < 100; i++) {
            assertEquals(Double.doubleToRawLongBits(xs[i][0]), Double.doubleToRawLongBits(ys[i][0]));
        }
    }

    @ParameterizedTest
    @CsvSource({
        "fig1, lr=-0.1, lr",
        "fig1, 'lambdas=0.01,-0.5', lambdas",
        "fig1, lr=0.5, lr",
        "fig2, lambda=2, lambda",
        "fig2, starts=1,2, starts",
        "fig3, lr=0, lr",
        "fig3, lambda=1.5, lambda",
        "fig4, x0=5, x0",
        "fig4, fit_min=0.5, fit_min"})
    void badValuesAreUsageErrorsNamingTheKey(String name, String set, String key) {
        UsageException e = assertThrows(UsageException.class,
                () -> Runner.run(Experiments.byName(name), request(name, tmp.resolve("bad"), set)));
        assertTrue(e.getMessage().contains(key), e.getMessage());
        assertFalse(Files.exists(tmp.resolve("bad")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"fig1", "fig2", "fig3", "fig4"})
    void registered(String name) {
        assertEquals(name, Experiments.byName(name).name());
    }
}
