package dev.zeroloss.harness.core;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import dev.zeroloss.engine.WorkerPool;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Resolves an experiment's config from defaults, a config file and --set, runs it, and writes its folder. */
public final class Runner {

    /** Everything a user can say about one run. */
    public static final class Request {
        public String experiment;
        public List<Integer> seeds;           // null: the experiment's defaults
        public int threads = Runtime.getRuntime().availableProcessors();
        public Path out;                      // null: runs/<name>-<timestamp>
        public List<String> sets = new ArrayList<>();
        public Path configFile;               // may be null
        public boolean ciScale;
        public boolean progress = Progress.terminalAttached();
        public String commandLine = "";
        public long checkpointEvery;          // 0: no snapshots
        public Path resume;                   // the --out folder of an interrupted run

        public Request withOut(Path dir) {
            this.out = dir;
            return this;
        }
    }

    /** The result of a finished run. */
    public record Outcome(String experiment, Path dir, List<Claim> claims, Map<String, Object> summary,
                          Map<String, Object> configRecord, List<Checkpoint> checkpoints) {
    }

    private Runner() {
    }

    public static Config resolveConfig(Experiment exp, Request req) {
        Config cfg = Config.defaults(exp.params());
        if (req.ciScale) {
            for (Map.Entry<String, String> e : exp.ciScale().entrySet()) {
                cfg = cfg.with(exp.name(), e.getKey(), e.getValue());
            }
        }
        if (req.configFile != null) {
            for (Map.Entry<String, String> e : readConfigFile(req.configFile).entrySet()) {
                cfg = cfg.with(exp.name(), e.getKey(), e.getValue());
            }
        }
        for (String s : req.sets) {
            int eq = s.indexOf('=');
            if (eq <= 0) {
                throw new UsageException("--set " + s + ": expected key=value");
            }
            cfg = cfg.with(exp.name(), s.substring(0, eq).trim(), s.substring(eq + 1));
        }
        return cfg;
    }

    /** Reads a flat JSON object of key → value, or a run's config.json (its "config" member). */
    static Map<String, String> readConfigFile(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UsageException("--config " + file + ": cannot read the file (" + e.getMessage() + ")");
        }
        JsonObject obj;
        try {
            JsonElement root = JsonParser.parseString(text);
            if (!root.isJsonObject()) {
                throw new UsageException("--config " + file + ": must be a JSON object of key: value pairs");
            }
            obj = root.getAsJsonObject();
        } catch (JsonParseException e) {
            throw new UsageException("--config " + file + ": malformed JSON (" + e.getMessage() + ")");
        }
        if (obj.has("config") && obj.get("config").isJsonObject()) {
            obj = obj.getAsJsonObject("config");
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonElement> e : obj.entrySet()) {
            JsonElement v = e.getValue();
            if (v.isJsonArray()) {
                JsonArray a = v.getAsJsonArray();
                List<String> parts = new ArrayList<>();
                for (JsonElement x : a) {
                    parts.add(x.getAsString());
                }
                out.put(e.getKey(), String.join(",", parts));
            } else if (v.isJsonPrimitive()) {
                out.put(e.getKey(), v.getAsString());
            } else {
                throw new UsageException("--config " + file + ": value of '" + e.getKey()
                        + "' must be a number, string, boolean or list");
            }
        }
        return out;
    }

    static final String REQUEST_FILE = "request.json";

    /** Continues an interrupted run from its last complete snapshot (or from the start if it has none). */
    public static Outcome resume(Request req) throws Exception {
        return resume(req, dev.zeroloss.harness.experiments.Experiments::byName);
    }

    public static Outcome resume(Request req, java.util.function.Function<String, Experiment> registry) throws Exception {
        RunWriter writer = RunWriter.reopen(req.resume);
        Path saved = writer.partialDir().resolve(REQUEST_FILE);
        if (!Files.exists(saved)) {
            throw new UsageException("--resume " + req.resume + ": " + saved + " is missing; the run cannot be resumed");
        }
        JsonObject r;
        try {
            r = JsonParser.parseString(Files.readString(saved, StandardCharsets.UTF_8)).getAsJsonObject();
        } catch (JsonParseException | IllegalStateException e) {
            throw new UsageException("--resume " + req.resume + ": " + saved + " is corrupt (" + e.getMessage() + ")");
        }
        Experiment exp = registry.apply(r.get("experiment").getAsString());
        Request again = new Request();
        again.experiment = exp.name();
        again.threads = req.threads;
        again.progress = req.progress;
        again.out = req.resume;
        again.ciScale = false;
        again.configFile = saved; // its "config" member holds the full effective config
        again.seeds = new ArrayList<>();
        for (JsonElement s : r.getAsJsonArray("seeds")) {
            again.seeds.add(s.getAsInt());
        }
        again.checkpointEvery = r.get("checkpoint_every").getAsLong();
        again.commandLine = r.get("command").getAsString() + " (resumed)";
        Snapshot snap = null;
        Path sf = writer.partialDir().resolve(Snapshot.FILE);
        if (Files.exists(sf)) {
            try {
                snap = Snapshot.read(sf);
            } catch (IOException e) {
                throw new UsageException("--resume " + req.resume + ": snapshot " + sf + " is unreadable (" + e.getMessage()
                        + "); remove it to restart the run from step 0");
            }
        }
        return execute(exp, again, writer, snap);
    }

    public static Outcome run(Experiment exp, Request req) throws Exception {
        if (req.checkpointEvery < 0) {
            throw new UsageException("--checkpoint-every " + req.checkpointEvery + ": must be >= 1 (or 0 for none)");
        }
        return execute(exp, req, null, null);
    }

    private static Outcome execute(Experiment exp, Request req, RunWriter resumedWriter, Snapshot snap) throws Exception {
        if (req.threads < 1 || req.threads > 256) {
            throw new UsageException("--threads " + req.threads + ": must be in 1..256");
        }
        Config cfg = resolveConfig(exp, req);
        List<Integer> seeds = req.seeds != null ? req.seeds : exp.defaultSeeds();
        if (seeds.isEmpty()) {
            throw new UsageException("--seeds: the list is empty; give at least one seed, e.g. --seeds 0,1,2");
        }
        for (int s : seeds) {
            if (s < 0) {
                throw new UsageException("--seeds: seed " + s + " is negative; seeds are integers >= 0");
            }
        }
        Path out = req.out != null ? req.out
                : Path.of("runs", exp.name() + "-" + Instant.now().toString().replace(":", "").replaceAll("\\..*", ""));
        req.out = out; // the caller can name the folder in messages
        RunWriter writer = resumedWriter != null ? resumedWriter : RunWriter.open(out);
        boolean keepPartial = req.checkpointEvery > 0;
        try (WorkerPool pool = new WorkerPool(req.threads)) {
            RunContext ctx = new RunContext(exp.name(), cfg, seeds, pool, writer.partialDir(), req.progress);
            if (keepPartial) {
                Map<String, Object> saved = new LinkedHashMap<>();
                saved.put("experiment", exp.name());
                saved.put("config", cfg.asMap());
                saved.put("seeds", seeds);
                saved.put("checkpoint_every", req.checkpointEvery);
                saved.put("command", req.commandLine);
                // temp file + rename: a kill during this write must not leave a truncated request.json
                Path tmp = Files.createTempFile(writer.partialDir(), ".request", ".tmp");
                RunWriter.writeJson(tmp, saved);
                dev.zeroloss.harness.io.AtomicFiles.move(tmp, writer.partialDir().resolve(REQUEST_FILE));
                ctx.enableSnapshots(req.checkpointEvery, snap);
            }
            long t0 = System.nanoTime();
            exp.run(ctx);
            double sec = (System.nanoTime() - t0) / 1e9;
            ctx.summary("wall_seconds", Math.round(sec * 100) / 100.0);
            Map<String, Object> record = new LinkedHashMap<>();
            record.put("experiment", exp.name());
            record.put("title", exp.title());
            record.put("config", cfg.asMap());
            record.put("seeds", seeds);
            record.put("ci_scale", req.ciScale);
            record.put("provenance", Provenance.describe(req.threads));
            record.put("command", req.commandLine);
            writer.finish(ctx, record);
            if (keepPartial) {
                // Removed only after the rename: a kill while finish() writes the outputs leaves a .partial
                // folder that still resumes; a kill between the rename and here leaves a complete run with two
                // stray files, which --resume reports as already completed.
                Files.deleteIfExists(writer.finalDir().resolve(Snapshot.FILE));
                Files.deleteIfExists(writer.finalDir().resolve(REQUEST_FILE));
            }
            return new Outcome(exp.name(), writer.finalDir(), ctx.claims(), ctx.summary, record, ctx.checkpoints());
        } catch (Exception | Error e) {
            if (!keepPartial) {
                writer.abort();
            }
            throw e;
        }
    }
}
