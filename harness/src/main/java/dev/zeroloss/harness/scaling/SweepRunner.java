package dev.zeroloss.harness.scaling;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.reflect.TypeToken;
import dev.zeroloss.engine.WorkerPool;
import dev.zeroloss.harness.core.UsageException;
import dev.zeroloss.harness.io.AtomicFiles;
import dev.zeroloss.harness.io.Json;
import dev.zeroloss.harness.model.Linalg;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs (a shard of) a sweep into a folder:
 * <pre>
 *   OUT/spec.json                     the spec text and its hash (a different sweep in OUT is refused)
 *   OUT/runs/RUNHASH.json             one finished run: config, its results-table row, trajectory (atomic)
 *   OUT/results.csv                   the table (whole sweep), or
 *   OUT/results-shard-I-of-N.csv      the table of shard I
 * </pre>
 * A run whose file exists is skipped, so an interrupted sweep resumes where it stopped (a run cut short
 * leaves no file and is redone from its start: runs are short and deterministic). Independent runs go
 * to the worker threads (longest step cap first); each run uses its own one-thread Linalg, so every
 * result is the same bits for any thread count and any sharding.
 */
public final class SweepRunner {
    private SweepRunner() {
    }

    /** What a sweep invocation did. */
    public record Outcome(Path table, int ran, int skipped, double seconds) {
    }

    public static String tableName(int shard, int shards) {
        return shards == 1 ? "results.csv" : "results-shard-" + shard + "-of-" + shards + ".csv";
    }

    public static Outcome run(SweepSpec spec, Path out, int shard, int shards, int threads, PrintStream log)
            throws IOException {
        List<SweepSpec.Job> mine = spec.shard(shard, shards);
        if (threads < 1 || threads > 256) {
            throw new UsageException("--threads " + threads + ": must be in 1..256");
        }
        claimFolder(spec, out);
        Path runs = out.resolve("runs");
        Files.createDirectories(runs);
        List<SweepSpec.Job> todo = new ArrayList<>();
        int skipped = 0;
        for (SweepSpec.Job j : mine) {
            if (readRow(runs, spec, j) != null) {
                skipped++;
            } else {
                todo.add(j);
            }
        }
        todo.sort(Comparator.comparingInt((SweepSpec.Job j) -> -j.config().maxSteps).thenComparingInt(SweepSpec.Job::index));
        long t0 = System.nanoTime();
        if (log != null) {
            log.printf(Locale.ROOT, "sweep %s (spec %s): shard %d/%d has %d of %d runs; %d already finished, %d to run"
                    + " on %d thread(s)%n", spec.name, spec.hash, shard, shards, mine.size(), spec.jobs.size(), skipped,
                    todo.size(), threads);
        }
        AtomicInteger done = new AtomicInteger();
        try (WorkerPool pool = new WorkerPool(Math.min(threads, Math.max(1, todo.size())))) {
            pool.run(todo.size(), (task, worker) -> {
                SweepSpec.Job j = todo.get(task);
                try (WorkerPool one = new WorkerPool(1)) {
                    RunResult r = Trainer.run(j.config(), new Linalg(one));
                    writeRun(runs, spec, j, r);
                    int k = done.incrementAndGet();
                    if (log != null) {
                        synchronized (log) {
                            log.printf(Locale.ROOT, "  [%d/%d] job %d %s eta=%s lambda=%s B=%d seed=%d: T_mem %s,"
                                    + " T_grok %s, delay %s, %d steps, %.1f s%n", k, todo.size(), j.index(), j.grid(),
                                    j.config().eta, j.config().lambda, j.config().batch, j.config().seed,
                                    show(r.tMem), show(r.tGrok), show(r.delay()), r.stepsRun, r.seconds);
                        }
                    }
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException("cannot write the result of job " + j.index(), e);
                }
            });
        }
        List<Map<String, String>> rows = new ArrayList<>();
        for (SweepSpec.Job j : mine) {
            Map<String, String> row = readRow(runs, spec, j);
            if (row == null) {
                throw new IllegalStateException("job " + j.index() + " finished but its file is unreadable");
            }
            rows.add(row);
        }
        Path table = out.resolve(tableName(shard, shards));
        ResultsTable.write(table, rows);
        return new Outcome(table, todo.size(), skipped, (System.nanoTime() - t0) / 1e9);
    }

    private static String show(int s) {
        return s < 0 ? "-" : Integer.toString(s);
    }

    /**
     * Writes OUT/spec.json, or checks that the one there is the same sweep. Shards started at the same time on one
     * folder race here: a folder found non-empty is only refused if it still has no spec.json after the listing
     * (another shard may have claimed it in between), and whoever wrote spec.json, its hash is checked at the end.
     */
    static void claimFolder(SweepSpec spec, Path out) throws IOException {
        Path specFile = out.resolve("spec.json");
        if (!Files.exists(specFile)) {
            boolean others = false;
            if (Files.isDirectory(out)) {
                try (var s = Files.list(out)) {
                    others = s.anyMatch(p -> !p.getFileName().toString().startsWith("."));
                }
            }
            if (others && !Files.exists(specFile)) {
                throw new UsageException(out + " is not empty and holds no sweep (no spec.json); give an empty or"
                        + " new --out");
            }
            if (!others) {
                JsonObject o = new JsonObject();
                o.addProperty("spec_hash", spec.hash);
                o.addProperty("name", spec.name);
                o.addProperty("jobs", spec.jobs.size());
                o.add("spec", JsonParser.parseString(spec.text));
                AtomicFiles.writeString(specFile, Json.GSON.toJson(o) + "\n");
            }
        }
        String existing = specHashOf(specFile);
        if (!spec.hash.equals(existing)) {
            throw new UsageException(out + " holds a different sweep (spec hash " + existing + ", this spec is "
                    + spec.hash + "); give another --out");
        }
    }

    public static String specHashOf(Path specFile) throws IOException {
        try {
            return JsonParser.parseString(Files.readString(specFile, StandardCharsets.UTF_8)).getAsJsonObject()
                    .get("spec_hash").getAsString();
        } catch (RuntimeException e) {
            throw new UsageException(specFile + ": unreadable sweep spec file (" + e.getMessage() + ")");
        }
    }

    /** The spec stored in a sweep folder's spec.json. */
    public static SweepSpec specOf(Path specFile) throws IOException {
        JsonObject o = JsonParser.parseString(Files.readString(specFile, StandardCharsets.UTF_8)).getAsJsonObject();
        return SweepSpec.parse(o.get("spec").toString(), specFile.toString());
    }

    static void writeRun(Path runs, SweepSpec spec, SweepSpec.Job j, RunResult r) throws IOException {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("run_hash", j.hash());
        o.put("config", j.config().toMap());
        Map<String, String> row = ResultsTable.row(spec, j, r);
        o.put("row", row);
        Map<String, Object> traj = new LinkedHashMap<>();
        traj.put("step", r.steps());
        traj.put("train_loss", r.series(0));
        traj.put("train_acc", r.series(1));
        traj.put("test_loss", r.series(2));
        traj.put("test_acc", r.series(3));
        traj.put("v", r.series(4));
        traj.put("collapse", r.series(5));
        o.put("trajectory", traj);
        o.put("seconds", r.seconds);
        AtomicFiles.writeString(runs.resolve(j.hash() + ".json"), Json.GSON.toJson(o) + "\n");
    }

    /** The finished row of job j (with this spec's job columns), or null if it has not finished. */
    static Map<String, String> readRow(Path runs, SweepSpec spec, SweepSpec.Job j) {
        Path f = runs.resolve(j.hash() + ".json");
        if (!Files.isRegularFile(f)) {
            return null;
        }
        try {
            JsonObject o = JsonParser.parseString(Files.readString(f, StandardCharsets.UTF_8)).getAsJsonObject();
            if (!j.hash().equals(o.get("run_hash").getAsString())) {
                return null;
            }
            Map<String, String> row = Json.GSON.fromJson(o.get("row"), new TypeToken<LinkedHashMap<String, String>>() {
            }.getType());
            Map<String, String> cfg = j.config().toMap();
            for (Map.Entry<String, String> e : cfg.entrySet()) {
                if (!e.getValue().equals(row.get(e.getKey()))) {
                    return null;
                }
            }
            // the job columns are this spec's (a folder holds one spec; this keeps the row exact anyway)
            row.put("job", Integer.toString(j.index()));
            row.put("n_jobs", Integer.toString(spec.jobs.size()));
            row.put("spec_hash", spec.hash);
            row.put("grid", j.grid());
            return row;
        } catch (IOException | RuntimeException e) {
            return null; // unreadable: the run is redone
        }
    }

    /** A finished run's trajectory column (e.g. "v", "test_acc", "step"), or null. */
    public static double[] trajectory(Path runs, String runHash, String column) {
        try {
            JsonObject o = JsonParser.parseString(Files.readString(runs.resolve(runHash + ".json"),
                    StandardCharsets.UTF_8)).getAsJsonObject();
            JsonElement a = o.getAsJsonObject("trajectory").get(column);
            return Json.GSON.fromJson(a, double[].class);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
