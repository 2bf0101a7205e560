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

    public static Outcome run(Experiment exp, Request req) throws Exception {
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
        RunWriter writer = RunWriter.open(out);
        try (WorkerPool pool = new WorkerPool(req.threads)) {
            RunContext ctx = new RunContext(exp.name(), cfg, seeds, pool, writer.partialDir(), req.progress);
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
            return new Outcome(exp.name(), writer.finalDir(), ctx.claims(), ctx.summary, record, ctx.checkpoints());
        } catch (Exception | Error e) {
            writer.abort();
            throw e;
        }
    }
}
