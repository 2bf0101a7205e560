package dev.zeroloss.harness.scaling;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zeroloss.engine.WorkerPool;
import dev.zeroloss.harness.cli.Main;
import dev.zeroloss.harness.core.UsageException;
import dev.zeroloss.harness.model.Linalg;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SweepTest {
    /** A sweep of 11 short jobs (p = 7, width 16), one second or so. */
    static final String TINY = """
            {"name": "tiny",
             "base": {"p": 7, "width": 16, "eta": 0.01, "lambda": 1, "max_steps": 40, "eval_every": 5,
                      "stop_after": 5},
             "seeds": [0, 1],
             "grids": [
               {"name": "eta", "vary": {"eta": [0.005, 0.01]}},
               {"name": "lambda", "vary": {"lambda": [0.5, 2]}},
               {"name": "batch", "vary": {"batch": [8]}, "seeds": [0, 1, 2]},
               {"name": "sgd", "set": {"optimizer": "sgd"}, "seeds": [0]}
             ]}
            """;

    @Test
    void specExpandsDedupsAndShardsCoverEveryJobOnce() {
        SweepSpec s = SweepSpec.parse(TINY, "tiny");
        // eta 2×2 = 4 (eta 0.01 = base), lambda 2×2 = 4, batch 3, sgd 1 = 12 distinct
        assertEquals(12, s.jobs.size());
        Set<String> hashes = new HashSet<>();
        s.jobs.forEach(j -> assertTrue(hashes.add(j.hash())));
        for (int n = 1; n <= 5; n++) {
            List<Integer> seen = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                s.shard(i, n).forEach(j -> seen.add(j.index()));
            }
            seen.sort(null);
            List<Integer> all = new ArrayList<>();
            for (int k = 0; k < s.jobs.size(); k++) {
                all.add(k);
            }
            assertEquals(all, seen, "n=" + n);
        }
        assertEquals(s.hash, SweepSpec.parse(TINY.replace("0.005", "5e-3"), "x").hash); // same jobs, same sweep
        assertNotEquals(s.hash, SweepSpec.parse(TINY.replace("0.005", "0.006"), "x").hash);
    }

    @Test
    void mergedShardsEqualTheSingleMachineTableByteForByte(@TempDir Path tmp) throws Exception {
        SweepSpec s = SweepSpec.parse(TINY, "tiny");
        Path single = tmp.resolve("single");
        SweepRunner.run(s, single, 0, 1, 2, null);
        Path shared = tmp.resolve("sharded");
        List<Path> tables = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            // shards 0 and 2 share a folder, shard 1 has its own
            Path dir = i == 1 ? tmp.resolve("other") : shared;
            tables.add(SweepRunner.run(s, dir, i, 3, i + 1, null).table());
        }
        Path merged = tmp.resolve("merged.csv");
        ResultsTable.write(merged, Merge.merge(Merge.tables(List.of(shared, tmp.resolve("other")))));
        assertArrayEquals(Files.readAllBytes(single.resolve("results.csv")), Files.readAllBytes(merged));
        ResultsTable.write(merged, Merge.merge(tables));
        assertArrayEquals(Files.readAllBytes(single.resolve("results.csv")), Files.readAllBytes(merged));
    }

    @Test
    void interruptedSweepResumesSkippingFinishedRuns(@TempDir Path tmp) throws Exception {
        SweepSpec s = SweepSpec.parse(TINY, "tiny");
        Path dir = tmp.resolve("sweep");
        SweepRunner.Outcome first = SweepRunner.run(s, dir, 0, 1, 2, null);
        assertEquals(12, first.ran());
        byte[] table = Files.readAllBytes(first.table());
        // simulate a kill after 7 runs: 5 run files missing, no table, a stray temporary file
        for (int k = 0; k < 5; k++) {
            Files.delete(dir.resolve("runs").resolve(s.jobs.get(2 * k + 1).hash() + ".json"));
        }
        Files.delete(first.table());
        Files.writeString(dir.resolve("runs").resolve(".x.json123.tmp"), "{ half");
        SweepRunner.Outcome again = SweepRunner.run(s, dir, 0, 1, 1, null);
        assertEquals(5, again.ran());
        assertEquals(7, again.skipped());
        assertArrayEquals(table, Files.readAllBytes(again.table()));
        SweepRunner.Outcome third = SweepRunner.run(s, dir, 0, 1, 2, null);
        assertEquals(0, third.ran());
    }

    @Test
    void theEndHookSeesTheFinalStepOfARunThatStopsEarly() {
        RunConfig c = new RunConfig();
        c.p = 7;
        c.width = 16;
        c.maxSteps = 100;
        c.evalEvery = 1;
        c.grokAcc = 0.0;
        c.grokAccHi = 0.0; // T_grok_hi = 0 at the first evaluation, so the run stops at 0 + stop_after
        c.stopAfter = 7;
        c.validate();
        int[] lastStep = {-1};
        int[] ends = {0, -1};
        double[] w1AtLastStep = new double[1];
        double[] w1AtEnd = new double[1];
        RunResult r = Trainer.run(c, ModTask.of(c), new Linalg(new WorkerPool(1)), new Trainer.Hook() {
            @Override
            public void onStep(int step, Mlp net, boolean evaluated, RunResult soFar) {
                lastStep[0] = step;
                w1AtLastStep[0] = net.w1.data[3];
            }

            @Override
            public void onEnd(int step, Mlp net, RunResult result) {
                ends[0]++;
                ends[1] = step;
                w1AtEnd[0] = net.w1.data[3];
            }
        });
        assertEquals(7, r.stepsRun);
        assertEquals(7, lastStep[0]);
        assertEquals(1, ends[0]);
        assertEquals(7, ends[1]);
        assertEquals(w1AtLastStep[0], w1AtEnd[0]); // no update after the last onStep
    }

    @Test
    void sgdBatchOrderAndResultsAreDeterministicAndThreadCountFree() {
        RunConfig c = new RunConfig();
        c.p = 7;
        c.width = 16;
        c.batch = 8;
        c.optimizer = "sgd";
        c.eta = 0.5;
        c.maxSteps = 30;
        c.evalEvery = 3;
        c.validate();
        RunResult a = Trainer.run(c, new Linalg(new WorkerPool(1)));
        try (WorkerPool three = new WorkerPool(3)) {
            RunResult b = Trainer.run(c, new Linalg(three));
            assertEquals(a.evals.size(), b.evals.size());
            for (int i = 0; i < a.evals.size(); i++) {
                assertArrayEquals(a.evals.get(i), b.evals.get(i));
            }
        }
        RunConfig c2 = c.copy();
        c2.seed = 1;
        RunResult d = Trainer.run(c2, new Linalg(new WorkerPool(1)));
        assertNotEquals(a.evals.get(a.evals.size() - 1)[4], d.evals.get(d.evals.size() - 1)[4]);
        // full batch and one batch of all rows in shuffled order: same gradient up to summation order only
        assertTrue(a.evals.get(a.evals.size() - 1)[4] > 0);
    }

    @Test
    void badSpecsAreUsageErrorsSayingWhat() {
        String m = assertThrows(UsageException.class, () -> SweepSpec.parse("{\"base\": {\"p\": 7,", "a.json"))
                .getMessage();
        assertTrue(m.contains("a.json") && m.contains("not valid JSON"), m);
        m = assertThrows(UsageException.class, () -> SweepSpec.parse("{\"grids\": []}", "b.json")).getMessage();
        assertTrue(m.contains("grid is empty"), m);
        m = assertThrows(UsageException.class, () -> SweepSpec.parse(
                "{\"grids\": [{\"vary\": {\"eta\": []}}]}", "c.json")).getMessage();
        assertTrue(m.contains("empty"), m);
        m = assertThrows(UsageException.class, () -> SweepSpec.parse(
                "{\"grids\": [{\"vary\": {\"etaa\": [1]}}]}", "d.json")).getMessage();
        assertTrue(m.contains("unknown run key 'etaa'"), m);
        m = assertThrows(UsageException.class, () -> SweepSpec.parse(
                "{\"grids\": [{\"zip\": {\"eta\": [1e-3, 2e-3], \"lambda\": [1]}}]}", "e.json")).getMessage();
        assertTrue(m.contains("equal lengths"), m);
        m = assertThrows(UsageException.class, () -> SweepSpec.parse(
                "{\"grids\": [{\"set\": {\"eta\": -1}}]}", "f.json")).getMessage();
        assertTrue(m.contains("eta = -1"), m);
        m = assertThrows(UsageException.class, () -> SweepSpec.parse("{\"grid\": []}", "g.json")).getMessage();
        assertTrue(m.contains("unknown key 'grid'"), m);
        SweepSpec s = SweepSpec.parse(TINY, "tiny");
        m = assertThrows(UsageException.class, () -> s.shard(3, 3)).getMessage();
        assertTrue(m.contains("0..2"), m);
    }

    private static int cli(ByteArrayOutputStream err, String... args) {
        PrintStream old = System.err;
        PrintStream oldOut = System.out;
        try {
            System.setErr(new PrintStream(err, true));
            System.setOut(new PrintStream(new ByteArrayOutputStream(), true));
            return Main.execute(args);
        } finally {
            System.setErr(old);
            System.setOut(oldOut);
        }
    }

    private static List<Path> filesUnder(Path dir) throws Exception {
        if (!Files.exists(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).toList();
        }
    }

    @Test
    void cliBadInputExitsNonZeroAndWritesNothing(@TempDir Path tmp) throws Exception {
        Path spec = tmp.resolve("tiny.json");
        Files.writeString(spec, TINY);
        Path bad = tmp.resolve("bad.json");
        Files.writeString(bad, "{\"base\": {\"p\": 7}, \"grids\": [ {\"vary\": {\"eta\": [0.1,]] }");
        Path empty = tmp.resolve("empty.json");
        Files.writeString(empty, "{\"base\": {\"p\": 7}, \"grids\": []}");
        Path out = tmp.resolve("out");

        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(2, cli(err, "sweep", bad.toString(), "--out", out.toString()));
        assertTrue(err.toString().contains("not valid JSON"), err.toString());
        err.reset();
        assertEquals(2, cli(err, "sweep", empty.toString(), "--out", out.toString()));
        assertTrue(err.toString().contains("grid is empty"), err.toString());
        err.reset();
        assertEquals(2, cli(err, "sweep", spec.toString(), "--shard", "3/3", "--out", out.toString()));
        assertTrue(err.toString().contains("shard index must be in 0..2"), err.toString());
        err.reset();
        assertEquals(2, cli(err, "sweep", spec.toString(), "--shard", "x/3", "--out", out.toString()));
        assertTrue(err.toString().contains("expected I/N"), err.toString());
        assertFalse(Files.exists(out), "nothing written for bad input");

        // merge of shards from different specs
        Path a = tmp.resolve("a");
        Path b = tmp.resolve("b");
        assertEquals(0, cli(new ByteArrayOutputStream(), "sweep", spec.toString(), "--shard", "0/2", "--out",
                a.toString(), "--threads", "2"));
        Path spec2 = tmp.resolve("tiny2.json");
        Files.writeString(spec2, TINY.replace("0.005", "0.006"));
        assertEquals(0, cli(new ByteArrayOutputStream(), "sweep", spec2.toString(), "--shard", "1/2", "--out",
                b.toString(), "--threads", "2"));
        Path merged = tmp.resolve("m.csv");
        err.reset();
        assertEquals(2, cli(err, "sweep", "merge", "--out", merged.toString(), a.toString(), b.toString()));
        assertTrue(err.toString().contains("different sweeps"), err.toString());
        assertFalse(Files.exists(merged));
        // an incomplete merge (one shard only) is refused too
        err.reset();
        assertEquals(2, cli(err, "sweep", "merge", "--out", merged.toString(), a.toString()));
        assertTrue(err.toString().contains("missing"), err.toString());
        assertFalse(Files.exists(merged));
        // a folder holding another sweep is refused
        err.reset();
        assertEquals(2, cli(err, "sweep", spec2.toString(), "--shard", "0/2", "--out", a.toString()));
        assertTrue(err.toString().contains("different sweep"), err.toString());
        for (Path f : filesUnder(tmp)) {
            assertFalse(f.getFileName().toString().endsWith(".tmp"), "stray " + f);
        }
    }

    @Test
    void separateShardProcessesMergeToTheSingleMachineTable(@TempDir Path tmp) throws Exception {
        Path spec = tmp.resolve("tiny.json");
        Files.writeString(spec, TINY);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cp = System.getProperty("java.class.path");
        List<Process> procs = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            procs.add(new ProcessBuilder(java, "--add-modules", "jdk.incubator.vector", "-cp", cp,
                    "dev.zeroloss.harness.cli.Main", "sweep", spec.toString(), "--shard", i + "/3", "--threads", "1",
                    "--out", tmp.resolve("shared").toString()).redirectErrorStream(true)
                    .redirectOutput(tmp.resolve("log" + i).toFile()).start());
        }
        for (Process p : procs) {
            assertEquals(0, p.waitFor(), Files.readString(tmp.resolve("log" + procs.indexOf(p))));
        }
        SweepRunner.run(SweepSpec.parse(TINY, "tiny"), tmp.resolve("single"), 0, 1, 1, null);
        Path merged = tmp.resolve("merged.csv");
        assertEquals(0, cli(new ByteArrayOutputStream(), "sweep", "merge", "--out", merged.toString(),
                tmp.resolve("shared").toString()));
        assertArrayEquals(Files.readAllBytes(tmp.resolve("single").resolve("results.csv")), Files.readAllBytes(merged));
        assertTrue(Files.isRegularFile(tmp.resolve("analysis").resolve("report.md")));
    }

    @Test
    void builtInSpecsParse() throws Exception {
        for (String name : new String[] {"sweeps/default.json", "sweeps/ci.json"}) {
            try (var in = getClass().getClassLoader().getResourceAsStream(name)) {
                SweepSpec s = SweepSpec.parse(new String(in.readAllBytes()), name);
                assertTrue(s.jobs.size() > 5);
            }
        }
        try (var in = getClass().getClassLoader().getResourceAsStream("sweeps/default.json")) {
            SweepSpec s = SweepSpec.parse(new String(in.readAllBytes()), "default");
            assertEquals(41, s.jobs.size()); // 28 + centre 4 + λ=2 4 + wd-off 3 + SGD 2
            Map<String, String> base = s.base.toMap();
            assertEquals("23", base.get("p"));
            assertEquals("0.001", base.get("eta"));
        }
    }
}
