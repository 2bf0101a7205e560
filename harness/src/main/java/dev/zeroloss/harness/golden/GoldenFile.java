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
 */
public final class GoldenFile {
    public static final String FORMAT = "zeroloss-golden/1";

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

    /** Writes both files atomically (temporary file, then rename). */
    public static void write(Path dir, String experiment, String scale, Map<String, Object> configRecord,
                             List<Checkpoint> checkpoints) throws IOException {
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        List<Map<String, Object>> cps = new ArrayList<>();
        long offset = 0;
        try (DataOutputStream out = new DataOutputStream(raw)) {
            for (Checkpoint c : checkpoints) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("run", c.run());
                m.put("step", c.step());
                List<Map<String, Object>> ts = new ArrayList<>();
                for (Map.Entry<String, double[]> t : c.tensors().entrySet()) {
                    Map<String, Object> tm = new LinkedHashMap<>();
                    tm.put("name", t.getKey());
                    tm.put("length", t.getValue().length);
                    tm.put("sha256", Digest.sha256(t.getValue()));
                    tm.put("offset", offset);
                    ts.add(tm);
                    for (double v : t.getValue()) {
                        out.writeLong(Double.doubleToRawLongBits(v));
                    }
                    offset += t.getValue().length;
                }
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

    public static GoldenFile read(Path dir, String experiment) {
        Path p = jsonPath(dir, experiment);
        String text;
        try {
            text = Files.readString(p, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new GoldenException(p + ": golden file is missing (create it with ./repro verify --update)");
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
            return new GoldenFile(p, dir.resolve(str(p, root, "tensors_file")), exp, str(p, root, "scale"), config,
                    run, entries, str(p, root, "tensors_sha256"), num(p, root, "tensors_doubles").longValue());
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
