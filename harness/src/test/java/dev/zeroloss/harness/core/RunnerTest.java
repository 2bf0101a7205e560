package dev.zeroloss.harness.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;

class RunnerTest {

    /** A tiny experiment: writes a table, a figure and a claim; fails on request. */
    static final class Tiny implements Experiment {
        @Override
        public String name() {
            return "tiny";
        }

        @Override
        public String title() {
            return "test experiment";
        }

        @Override
        public List<Param> params() {
            return List.of(Param.integer("steps", 5, 1, 100, "steps"),
                    Param.real("frac", 0.5, 0.0, true, 1.0, true, "a fraction"),
                    Param.realList("lambdas", List.of(0.1, 0.2), 0.0, 1.0, "decays"),
                    Param.bool("fail", false, "throw mid-run"));
        }

        @Override
        public Map<String, String> ciScale() {
            return Map.of("steps", "2");
        }

        @Override
        public void run(RunContext ctx) {
            Table t = ctx.table("metrics.csv", "step", "value");
            for (int s = 0; s < ctx.config().getInt("steps"); s++) {
                t.add(s, s * ctx.config().getDouble("frac"));
            }
            if (ctx.config().getBool("fail")) {
                throw new IllegalStateException("failed on purpose");
            }
            XYChart c = new XYChartBuilder().width(300).height(200).title("t").xAxisTitle("x").yAxisTitle("y").build();
            c.addSeries("s", new double[] {0, 1}, new double[] {1, 2});
            ctx.figure("panel.png", c);
            ctx.claim("T", "value is small", "0.5", "< 1", true);
            ctx.summary("steps", ctx.config().getInt("steps"));
        }
    }

    private static Runner.Request req(Path out, String... sets) {
        Runner.Request r = new Runner.Request();
        r.experiment = "tiny";
        r.out = out;
        r.threads = 2;
        r.progress = false;
        r.sets = List.of(sets);
        return r;
    }

    @Test
    void writesEveryFileAndRecordsTheEffectiveConfig(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("run1");
        Runner.Outcome o = Runner.run(new Tiny(), req(out, "steps=3", "lambdas=0.3,0.4"));
        assertEquals(out.toAbsolutePath().normalize(), o.dir());
        for (String f : List.of("config.json", "metrics.csv", "summary.json", "claims.md", "panel.png")) {
            assertTrue(Files.size(out.resolve(f)) > 0, f);
        }
        JsonObject cfg = JsonParser.parseString(Files.readString(out.resolve("config.json"))).getAsJsonObject();
        assertEquals(3, cfg.getAsJsonObject("config").get("steps").getAsInt());
        assertEquals(0.4, cfg.getAsJsonObject("config").getAsJsonArray("lambdas").get(1).getAsDouble());
        assertEquals(2, cfg.getAsJsonObject("provenance").get("threads").getAsInt());
        assertEquals(4, Files.readAllLines(out.resolve("metrics.csv")).size()); // header + 3 rows
        assertFalse(Files.exists(tmp.resolve("run1.partial")));
    }

    @Test
    void aFailedRunLeavesNoOutputFolder(@TempDir Path tmp) {
        Path out = tmp.resolve("run2");
        assertThrows(IllegalStateException.class, () -> Runner.run(new Tiny(), req(out, "fail=true")));
        assertFalse(Files.exists(out));
        assertFalse(Files.exists(tmp.resolve("run2.partial")));
    }

    @Test
    void badValuesNameTheKeyAndTheAllowedRange(@TempDir Path tmp) {
        UsageException e = assertThrows(UsageException.class, () -> Runner.run(new Tiny(), req(tmp.resolve("a"), "frac=1.5")));
        assertTrue(e.getMessage().contains("frac=1.5") && e.getMessage().contains("(0, 1)"), e.getMessage());
        e = assertThrows(UsageException.class, () -> Runner.run(new Tiny(), req(tmp.resolve("b"), "nope=1")));
        assertTrue(e.getMessage().contains("unknown config key 'nope'") && e.getMessage().contains("steps"), e.getMessage());
        e = assertThrows(UsageException.class, () -> Runner.run(new Tiny(), req(tmp.resolve("c"), "steps=abc")));
        assertTrue(e.getMessage().contains("steps=abc") && e.getMessage().contains("integer"), e.getMessage());
        e = assertThrows(UsageException.class, () -> Runner.run(new Tiny(), req(tmp.resolve("d"), "steps")));
        assertTrue(e.getMessage().contains("key=value"), e.getMessage());
        assertFalse(Files.exists(tmp.resolve("a")));
        assertFalse(Files.exists(tmp.resolve("a.partial")));
    }

    @Test
    void configFileIsReadAndMalformedFilesAreReported(@TempDir Path tmp) throws Exception {
        Path good = tmp.resolve("good.json");
        Files.writeString(good, "{\"steps\": 4, \"lambdas\": [0.5]}");
        Runner.Request r = req(tmp.resolve("g"));
        r.configFile = good;
        Config c = Runner.resolveConfig(new Tiny(), r);
        assertEquals(4, c.getInt("steps"));
        assertEquals(List.of(0.5), c.getDoubles("lambdas"));

        Path bad = tmp.resolve("bad.json");
        Files.writeString(bad, "{\"steps\": 4,,");
        r.configFile = bad;
        UsageException e = assertThrows(UsageException.class, () -> Runner.resolveConfig(new Tiny(), r));
        assertTrue(e.getMessage().contains("bad.json") && e.getMessage().contains("malformed JSON"), e.getMessage());

        r.configFile = tmp.resolve("missing.json");
        e = assertThrows(UsageException.class, () -> Runner.resolveConfig(new Tiny(), r));
        assertTrue(e.getMessage().contains("missing.json"), e.getMessage());
    }

    @Test
    void ciScaleAppliesTheExperimentsOverrides(@TempDir Path tmp) {
        Runner.Request r = req(tmp.resolve("ci"));
        r.ciScale = true;
        assertEquals(2, Runner.resolveConfig(new Tiny(), r).getInt("steps"));
    }

    @Test
    void unwritableOrNonEmptyOutputIsRejectedUpFront(@TempDir Path tmp) throws Exception {
        Path file = tmp.resolve("afile");
        Files.writeString(file, "x");
        UsageException e = assertThrows(UsageException.class, () -> Runner.run(new Tiny(), req(file.resolve("sub"))));
        assertTrue(e.getMessage().contains("not writable"), e.getMessage());
        Path full = tmp.resolve("full");
        Files.createDirectories(full);
        Files.writeString(full.resolve("x.txt"), "x");
        e = assertThrows(UsageException.class, () -> Runner.run(new Tiny(), req(full)));
        assertTrue(e.getMessage().contains("not empty"), e.getMessage());
        e = assertThrows(UsageException.class, () -> {
            Runner.Request r = req(tmp.resolve("t"));
            r.threads = 0;
            Runner.run(new Tiny(), r);
        });
        assertTrue(e.getMessage().contains("--threads 0"), e.getMessage());
    }
}
