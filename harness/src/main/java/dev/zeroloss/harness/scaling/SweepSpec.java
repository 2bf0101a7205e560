package dev.zeroloss.harness.scaling;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import dev.zeroloss.engine.Rng;
import dev.zeroloss.harness.core.UsageException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A sweep: a base {@link RunConfig} and a list of grids, expanded to a list of independent jobs.
 * <pre>
 * {
 *   "name": "default",
 *   "base":  { "eta": 1e-3, "lambda": 1, ... },        // any RunConfig key; the rest keep their defaults
 *   "seeds": [0, 1, 2, 3],                              // default seeds of every grid
 *   "grids": [
 *     { "name": "eta",    "zip":  { "eta": [5e-4, 1e-3], "max_steps": [12000, 6000] } },
 *     { "name": "batch",  "vary": { "batch": [32, 64] }, "set": { "max_steps": 8000 } },
 *     { "name": "sgd",    "set":  { "optimizer": "sgd" }, "seeds": [0, 1] }
 *   ]
 * }
 * </pre>
 * A grid's jobs are: base ⊕ set ⊕ (one row of the zipped lists) ⊕ (one point of the Cartesian product of
 * "vary"), for each seed; grids in order, then zip rows, then vary points (last key fastest), then seeds.
 * A job whose config equals an earlier one (same hash) is listed once (e.g. a shared centre cell).
 * The spec hash is computed from the job list itself: two files that expand to the same jobs are the same sweep.
 */
public final class SweepSpec {
    public final String name;
    public final RunConfig base;
    public final List<Job> jobs;
    public final String hash;
    public final String text;

    /** One run of the sweep: its index in the job list, the grid that first produced it, its config. */
    public record Job(int index, String grid, RunConfig config, String hash) {
    }

    private SweepSpec(String name, RunConfig base, List<Job> jobs, String text) {
        this.name = name;
        this.base = base;
        this.jobs = List.copyOf(jobs);
        this.text = text;
        StringBuilder sb = new StringBuilder();
        for (Job j : jobs) {
            sb.append(j.hash).append('\n');
        }
        this.hash = String.format(Locale.ROOT, "%016x",
                Rng.mix64(Rng.fnv1a64(sb.toString().getBytes(StandardCharsets.UTF_8))));
    }

    /** Parses and expands a spec; every problem is a UsageException naming where it is ({@code source}). */
    public static SweepSpec parse(String json, String source) {
        JsonObject root;
        try {
            JsonElement e = JsonParser.parseString(json);
            if (!e.isJsonObject()) {
                throw new UsageException(source + ": a sweep spec must be a JSON object {\"base\": {...}, \"grids\":"
                        + " [...]}");
            }
            root = e.getAsJsonObject();
        } catch (JsonParseException e) {
            throw new UsageException(source + ": not valid JSON (" + rootCause(e) + ")");
        }
        checkKeys(root, source, Set.of("name", "base", "seeds", "grids", "comment"));
        String name = root.has("name") ? str(root.get("name"), source + ": name") : "sweep";
        RunConfig base = new RunConfig();
        if (root.has("base")) {
            applyObject(base, obj(root.get("base"), source + ": base"), source + ": base");
        }
        List<Long> seeds = root.has("seeds") ? seeds(root.get("seeds"), source + ": seeds") : List.of(base.seed);
        if (!root.has("grids")) {
            throw new UsageException(source + ": no \"grids\" (a list of grids; [{}] runs the base config alone)");
        }
        JsonArray grids = arr(root.get("grids"), source + ": grids");
        if (grids.size() == 0) {
            throw new UsageException(source + ": the grid is empty (\"grids\": [] has no runs)");
        }
        List<Job> jobs = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (int g = 0; g < grids.size(); g++) {
            JsonObject grid = obj(grids.get(g), source + ": grids[" + g + "]");
            String where = source + ": grids[" + g + "]";
            checkKeys(grid, where, Set.of("name", "set", "zip", "vary", "seeds", "comment"));
            String gname = grid.has("name") ? str(grid.get("name"), where + ".name") : "grid" + g;
            where = source + ": grid '" + gname + "'";
            RunConfig gbase = base.copy();
            if (grid.has("set")) {
                applyObject(gbase, obj(grid.get("set"), where + ".set"), where + ".set");
            }
            List<Map<String, String>> zipRows = zipRows(grid, where);
            List<Map<String, String>> varyPoints = varyPoints(grid, where);
            List<Long> gseeds = grid.has("seeds") ? seeds(grid.get("seeds"), where + ".seeds") : seeds;
            int before = jobs.size();
            for (Map<String, String> zr : zipRows) {
                for (Map<String, String> vp : varyPoints) {
                    for (long s : gseeds) {
                        RunConfig c = gbase.copy();
                        for (Map.Entry<String, String> e : zr.entrySet()) {
                            set(c, e.getKey(), e.getValue(), where + ".zip");
                        }
                        for (Map.Entry<String, String> e : vp.entrySet()) {
                            set(c, e.getKey(), e.getValue(), where + ".vary");
                        }
                        c.seed = s;
                        try {
                            c.validate();
                        } catch (UsageException ue) {
                            throw new UsageException(where + ": " + ue.getMessage());
                        }
                        String h = c.hash();
                        if (seen.add(h)) {
                            jobs.add(new Job(jobs.size(), gname, c, h));
                        }
                    }
                }
            }
            if (zipRows.isEmpty() || varyPoints.isEmpty() || gseeds.isEmpty() || (jobs.size() == before
                    && zipRows.size() * varyPoints.size() * gseeds.size() == 0)) {
                throw new UsageException(where + ": the grid is empty (a list with no values)");
            }
        }
        if (jobs.isEmpty()) {
            throw new UsageException(source + ": the grid is empty (no runs)");
        }
        return new SweepSpec(name, base, jobs, json);
    }

    /** The jobs of shard i of n: index ≡ i (mod n) (round robin balances long and short runs). */
    public List<Job> shard(int i, int n) {
        if (n < 1) {
            throw new UsageException("--shard " + i + "/" + n + ": the shard count must be at least 1");
        }
        if (i < 0 || i >= n) {
            throw new UsageException("--shard " + i + "/" + n + ": the shard index must be in 0.." + (n - 1)
                    + " (indexes count from 0)");
        }
        List<Job> out = new ArrayList<>();
        for (Job j : jobs) {
            if (j.index % n == i) {
                out.add(j);
            }
        }
        return out;
    }

    private static List<Map<String, String>> zipRows(JsonObject grid, String where) {
        List<Map<String, String>> rows = new ArrayList<>();
        if (!grid.has("zip")) {
            rows.add(Map.of());
            return rows;
        }
        JsonObject z = obj(grid.get("zip"), where + ".zip");
        int len = -1;
        Map<String, List<String>> lists = new LinkedHashMap<>();
        for (Map.Entry<String, JsonElement> e : z.entrySet()) {
            List<String> vals = values(e.getValue(), where + ".zip." + e.getKey());
            if (len >= 0 && vals.size() != len) {
                throw new UsageException(where + ".zip: the lists must have equal lengths; " + e.getKey() + " has "
                        + vals.size() + ", the first has " + len);
            }
            len = vals.size();
            lists.put(e.getKey(), vals);
        }
        for (int i = 0; i < Math.max(len, 0); i++) {
            Map<String, String> row = new LinkedHashMap<>();
            for (Map.Entry<String, List<String>> e : lists.entrySet()) {
                row.put(e.getKey(), e.getValue().get(i));
            }
            rows.add(row);
        }
        return rows;
    }

    private static List<Map<String, String>> varyPoints(JsonObject grid, String where) {
        List<Map<String, String>> points = new ArrayList<>();
        points.add(new LinkedHashMap<>());
        if (!grid.has("vary")) {
            return points;
        }
        JsonObject v = obj(grid.get("vary"), where + ".vary");
        for (Map.Entry<String, JsonElement> e : v.entrySet()) {
            List<String> vals = values(e.getValue(), where + ".vary." + e.getKey());
            List<Map<String, String>> next = new ArrayList<>();
            for (Map<String, String> pt : points) {
                for (String val : vals) {
                    Map<String, String> m = new LinkedHashMap<>(pt);
                    m.put(e.getKey(), val);
                    next.add(m);
                }
            }
            points = next;
        }
        return points;
    }

    private static List<String> values(JsonElement e, String where) {
        JsonArray a = arr(e, where);
        List<String> out = new ArrayList<>();
        for (JsonElement x : a) {
            out.add(scalar(x, where));
        }
        if (out.isEmpty()) {
            throw new UsageException(where + ": the grid is empty (an empty list of values)");
        }
        return out;
    }

    private static List<Long> seeds(JsonElement e, String where) {
        List<Long> out = new ArrayList<>();
        for (String s : values(e, where)) {
            try {
                double d = Double.parseDouble(s);
                if (d != Math.rint(d) || Math.abs(d) > 1e15) {
                    throw new NumberFormatException();
                }
                out.add((long) d);
            } catch (NumberFormatException ex) {
                throw new UsageException(where + ": seed '" + s + "' is not an integer");
            }
        }
        return out;
    }

    private static void applyObject(RunConfig c, JsonObject o, String where) {
        for (Map.Entry<String, JsonElement> e : o.entrySet()) {
            set(c, e.getKey(), scalar(e.getValue(), where + "." + e.getKey()), where);
        }
    }

    private static void set(RunConfig c, String key, String value, String where) {
        try {
            c.set(key, value);
        } catch (UsageException ue) {
            throw new UsageException(where + ": " + ue.getMessage());
        }
    }

    private static String scalar(JsonElement e, String where) {
        if (e == null || !e.isJsonPrimitive()) {
            throw new UsageException(where + ": expected a number, string or boolean, got " + e);
        }
        return e.getAsJsonPrimitive().getAsString();
    }

    private static JsonObject obj(JsonElement e, String where) {
        if (e == null || !e.isJsonObject()) {
            throw new UsageException(where + ": expected a JSON object, got " + e);
        }
        return e.getAsJsonObject();
    }

    private static JsonArray arr(JsonElement e, String where) {
        if (e == null || !e.isJsonArray()) {
            throw new UsageException(where + ": expected a JSON list, got " + e);
        }
        return e.getAsJsonArray();
    }

    private static String str(JsonElement e, String where) {
        if (e == null || !e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) {
            throw new UsageException(where + ": expected a string, got " + e);
        }
        return e.getAsString();
    }

    private static void checkKeys(JsonObject o, String where, Set<String> allowed) {
        for (String k : o.keySet()) {
            if (!allowed.contains(k)) {
                throw new UsageException(where + ": unknown key '" + k + "'; allowed: " + String.join(", ",
                        new java.util.TreeSet<>(allowed)));
            }
        }
    }

    private static String rootCause(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null) {
            c = c.getCause();
        }
        return c.getMessage();
    }
}
