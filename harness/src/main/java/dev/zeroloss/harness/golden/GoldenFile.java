package dev.zeroloss.harness.golden;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import dev.zeroloss.harness.core.Checkpoint;
import dev.zeroloss.harness.io.AtomicFiles;
import dev.zeroloss.harness.io.Json;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipException;

/**
 * One committed golden: {@code <dir>/<experiment>.json} (config, provenance, per-checkpoint tensor digests
 * and hex-float metrics) and {@code <dir>/<experiment>.tensors.gz} (the raw tensors, big-endian IEEE bits,
 * so a mismatch can say how many elements differ and by how many ULPs). Reading validates everything and
 * throws {@link GoldenException} naming the file and what is wrong.
 *
 * <p>The tensors file holds at most {@link #TENSOR_BUDGET} doubles, an equal share per run, each run keeping
 * its first checkpoints ({@link #kept}), a tensor equal to one already stored pointing at that copy (the runs
 * of one seed share their step-0 init); a tensor not kept has offset -1 and is compared by its digest only
 * (a paper-scale run of a wide or deep net would otherwise commit tens of MB: open-deep's 21 checkpoints hold
 * 3.4 M doubles, 25.7 MB gzipped).
 */
public final class GoldenFile {
    public static final String FORMAT = "zeroloss-golden/1";
    /** Most doubles a tensors file stores (4 MB raw); fig1-fig6 and training at paper scale were written before it. */
    public static final long TENSOR_BUDGET = 1L << 19;

    /** One tensor of one checkpoint: digest, length, and its offset (in doubles) in the tensors file. */
    public record TensorRef(String name, int length, String sha256, long offset) {
    }

    /** One checkpoint as stored. */
    public record Entry(String run, long step, List<TensorRef> tensors, Map<String, String> metrics) {
    }

    public final Path jsonPath;
    public final Path tensorsPath;
    public final String experiment;
    public final String scale;
    public final JsonObject config;
    public final JsonObject record;
    public final List<Entry> entries;
    private final String tensorsSha256;
    private final long tensorsCount;

    private GoldenFile(Path jsonPath, Path tensorsPath, String experiment, String scale, JsonObject config,
                       JsonObject record, List<Entry> entries, String tensorsSha256, long tensorsCount) {
        this.jsonPath = jsonPath;
        this.tensorsPath = tensorsPath;
        this.experiment = experiment;
        this.scale = scale;
        this.config = config;
        this.record = record;
        this.entries = entries;
        this.tensorsSha256 = tensorsSha256;
        this.tensorsCount = tensorsCount;
    }

    public static Path jsonPath(Path dir, String experiment) {
        return dir.resolve(experiment + ".json");
    }

    /** Writes both files atomically (temporary file, then rename), storing at most {@link #TENSOR_BUDGET} doubles. */
    public static void write(Path dir, String experiment, String scale, Map<String, Object> configRecord,
                             List<Checkpoint> checkpoints) throws IOException {
        write(dir, experiment, scale, configRecord, checkpoints, TENSOR_BUDGET);
    }

    /** As {@link #write(Path, String, String, Map, List)} with a given budget of stored doubles. */
    static void write(Path dir, String experiment, String scale, Map<String, Object> configRecord,
                      List<Checkpoint> checkpoints, long budget) throws IOException {
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        List<Map<String, Object>> cps = new ArrayList<>();
        boolean[] keep = kept(checkpoints, budget);
        Map<String, Long> storedAt = new java.util.HashMap<>(); // digest -> offset of a stored copy
        long offset = 0;
        int storedCheckpoints = 0;
        try (DataOutputStream out = new DataOutputStream(raw)) {
            for (int ci = 0; ci < checkpoints.size(); ci++) {
                Checkpoint c = checkpoints.get(ci);
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("run", c.run());
                m.put("step", c.step());
                boolean store = keep[ci];
                boolean all = true;
                List<Map<String, Object>> ts = new ArrayList<>();
                for (Map.Entry<String, double[]> t : c.tensors().entrySet()) {
                    double[] v = t.getValue();
                    String sha = Digest.sha256(v);
                    String key = sha + "/" + v.length;
                    Long at = storedAt.get(key);
                    if (at == null && store) {
                        at = offset;
                        for (double x : v) {
                            out.writeLong(Double.doubleToRawLongBits(x));
                        }
                        offset += v.length;
                        storedAt.put(key, at);
                    }
                    all &= at != null;
                    Map<String, Object> tm = new LinkedHashMap<>();
                    tm.put("name", t.getKey());
                    tm.put("length", v.length);
                    tm.put("sha256", sha);
                    tm.put("offset", at != null ? at : -1L);
                    ts.add(tm);
                }
                storedCheckpoints += all ? 1 : 0;
                m.put("tensors", ts);
                Map<String, String> met = new LinkedHashMap<>();
                c.metrics().forEach((k, v) -> met.put(k, Digest.hex(v)));
                m.put("metrics", met);
                cps.add(m);
            }
        }
        byte[] bytes = raw.toByteArray();
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream g = new GZIPOutputStream(gz)) {
            g.write(bytes);
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("format", FORMAT);
        doc.put("experiment", experiment);
        doc.put("scale", scale);
        doc.put("how_made", "./repro verify --update" + ("paper".equals(scale) ? " --full" : "")
                + " (replays the experiment at this scale and stores its checkpoints)");
        doc.put("run", configRecord);
        doc.put("tensors_file", experiment + ".tensors.gz");
        doc.put("tensors_doubles", offset);
        doc.put("tensors_sha256", Digest.sha256(bytes));
        doc.put("tensors_stored", storedCheckpoints == checkpoints.size() ? "every checkpoint"
                : storedCheckpoints + " of " + checkpoints.size() + " checkpoints, the first ones of each run (budget "
                + budget + " doubles, an equal share per run); the others are compared by digest only");
        doc.put("checkpoints", cps);
        Files.createDirectories(dir);
        Path tensors = dir.resolve(experiment + ".tensors.gz");
        Path tmp = Files.createTempFile(dir, "." + experiment, ".tensors.tmp");
        try {
            Files.write(tmp, gz.toByteArray());
            AtomicFiles.move(tmp, tensors);
        } finally {
            Files.deleteIfExists(tmp);
        }
        AtomicFiles.writeString(jsonPath(dir, experiment), Json.GSON.toJson(doc) + "\n");
    }

    /**
     * Which checkpoints keep their tensors: each run (in order of first appearance) gets an equal share of the
     * budget and keeps its checkpoints in step order until the next one would not fit. Every run thus keeps its
     * earliest checkpoints, where a regression shows first: in the open-* experiments the first run is the
     * shared base cell, so a budget spent in record order would keep only that run.
     */
    static boolean[] kept(List<Checkpoint> checkpoints, long budget) {
        Map<String, long[]> used = new LinkedHashMap<>(); // run -> {doubles kept, 1 once a checkpoint did not fit}
        for (Checkpoint c : checkpoints) {
            used.putIfAbsent(c.run(), new long[2]);
        }
        long share = used.isEmpty() ? 0 : budget / used.size();
        java.util.Set<String> seen = new java.util.HashSet<>(); // a tensor equal to a kept one is stored once
        boolean[] keep = new boolean[checkpoints.size()];
        for (int i = 0; i < keep.length; i++) {
            Checkpoint c = checkpoints.get(i);
            long size = 0;
            List<String> keys = new ArrayList<>();
            for (double[] t : c.tensors().values()) {
                String key = Digest.sha256(t) + "/" + t.length;
                keys.add(key);
                size += seen.contains(key) ? 0 : t.length;
            }
            long[] u = used.get(c.run());
            keep[i] = u[1] == 0 && u[0] + size <= share;
            if (keep[i]) {
                u[0] += size;
                seen.addAll(keys);
            } else {
                u[1] = 1;
            }
        }
        return keep;
    }

    public static GoldenFile read(Path dir, String experiment) {
        Path p = jsonPath(dir, experiment);
        String text;
        try {
            text = Files.readString(p, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            boolean paper = dir.getFileName() != null && "paper".equals(dir.getFileName().toString());
            throw new GoldenException(p + ": golden file is missing (create it with ./repro verify --update"
                    + (paper ? " --full" : "") + ")");
        } catch (IOException e) {
            throw new GoldenException(p + ": cannot read golden file (" + e.getMessage() + ")");
        }
        try {
            JsonElement rootEl = JsonParser.parseString(text);
            if (!rootEl.isJsonObject()) {
                throw new GoldenException(p + ": golden file is corrupt: not a JSON object");
            }
            JsonObject root = rootEl.getAsJsonObject();
            String format = str(p, root, "format");
            if (!FORMAT.equals(format)) {
                throw new GoldenException(p + ": unknown golden format '" + format + "' (expected " + FORMAT + ")");
            }
            String exp = str(p, root, "experiment");
            if (!exp.equals(experiment)) {
                throw new GoldenException(p + ": golden file is for experiment '" + exp + "', not '" + experiment + "'");
            }
            JsonObject run = obj(p, root, "run");
            JsonObject config = obj(p, run, "config");
            List<Entry> entries = new ArrayList<>();
            JsonArray cps = arr(p, root, "checkpoints");
            for (JsonElement e : cps) {
                JsonObject c = e.getAsJsonObject();
                List<TensorRef> ts = new ArrayList<>();
                for (JsonElement te : arr(p, c, "tensors")) {
                    JsonObject t = te.getAsJsonObject();
                    String sha = str(p, t, "sha256");
                    if (!sha.matches("[0-9a-f]{64}")) {
                        throw new GoldenException(p + ": golden file is corrupt: malformed sha256 '" + sha + "'");
                    }
                    ts.add(new TensorRef(str(p, t, "name"), num(p, t, "length").intValue(), sha,
                            num(p, t, "offset").longValue()));
                }
                Map<String, String> metrics = new LinkedHashMap<>();
                for (Map.Entry<String, JsonElement> me : obj(p, c, "metrics").entrySet()) {
                    String hex = me.getValue().getAsString();
                    try {
                        Digest.fromHex(hex);
                    } catch (NumberFormatException nfe) {
                        throw new GoldenException(p + ": golden file is corrupt: metric " + me.getKey()
                                + " is not a hex float: '" + hex + "'");
                    }
                    metrics.put(me.getKey(), hex);
                }
                entries.add(new Entry(str(p, c, "run"), num(p, c, "step").longValue(), ts, metrics));
            }
            long stored = num(p, root, "tensors_doubles").longValue();
            for (Entry en : entries) {
                for (TensorRef t : en.tensors()) {
                    if (t.length() < 0 || t.offset() < -1 || (t.offset() >= 0 && t.offset() + t.length() > stored)) {
                        throw new GoldenException(p + ": golden file is corrupt: tensor " + t.name() + " of " + en.run()
                                + " step " + en.step() + " has offset " + t.offset() + " and length " + t.length()
                                + ", outside the " + stored + " stored doubles");
                    }
                }
            }
            return new GoldenFile(p, dir.resolve(str(p, root, "tensors_file")), exp, str(p, root, "scale"), config,
                    run, entries, str(p, root, "tensors_sha256"), stored);
        } catch (JsonParseException | IllegalStateException | UnsupportedOperationException e) {
            throw new GoldenException(p + ": golden file is corrupt or truncated (" + e.getMessage() + ")");
        }
    }

    /** Loads the stored tensors, checking their length and digest; throws GoldenException if damaged. */
    public double[] loadTensors() {
        byte[] bytes;
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(Files.readAllBytes(tensorsPath)))) {
            bytes = in.readAllBytes();
        } catch (NoSuchFileException e) {
            throw new GoldenException(tensorsPath + ": golden tensors file is missing");
        } catch (EOFException | ZipException e) {
            throw new GoldenException(tensorsPath + ": golden tensors file is truncated or corrupt (" + e.getMessage() + ")");
        } catch (IOException e) {
            throw new GoldenException(tensorsPath + ": cannot read golden tensors (" + e.getMessage() + ")");
        }
        if (bytes.length != tensorsCount * 8) {
            throw new GoldenException(tensorsPath + ": golden tensors file has " + bytes.length + " bytes, expected "
                    + tensorsCount * 8);
        }
        if (!Digest.sha256(bytes).equals(tensorsSha256)) {
            throw new GoldenException(tensorsPath + ": golden tensors file is corrupt (SHA-256 does not match "
                    + jsonPath.getFileName() + ")");
        }
        double[] all = new double[(int) tensorsCount];
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            for (int i = 0; i < all.length; i++) {
                all[i] = Double.longBitsToDouble(in.readLong());
            }
        } catch (IOException e) {
            throw new GoldenException(tensorsPath + ": cannot decode golden tensors (" + e.getMessage() + ")");
        }
        return all;
    }

    private static String str(Path p, JsonObject o, String key) {
        JsonElement e = o.get(key);
        if (e == null || !e.isJsonPrimitive()) {
            throw new GoldenException(p + ": golden file is corrupt or truncated: missing '" + key + "'");
        }
        return e.getAsString();
    }

    private static Number num(Path p, JsonObject o, String key) {
        JsonElement e = o.get(key);
        if (e == null || !e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber()) {
            throw new GoldenException(p + ": golden file is corrupt or truncated: missing number '" + key + "'");
        }
        return e.getAsNumber();
    }

    private static JsonObject obj(Path p, JsonObject o, String key) {
        JsonElement e = o.get(key);
        if (e == null || !e.isJsonObject()) {
            throw new GoldenException(p + ": golden file is corrupt or truncated: missing object '" + key + "'");
        }
        return e.getAsJsonObject();
    }

    private static JsonArray arr(Path p, JsonObject o, String key) {
        JsonElement e = o.get(key);
        if (e == null || !e.isJsonArray()) {
            throw new GoldenException(p + ": golden file is corrupt or truncated: missing list '" + key + "'");
        }
        return e.getAsJsonArray();
    }
}
