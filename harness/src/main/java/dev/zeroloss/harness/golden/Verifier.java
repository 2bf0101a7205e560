package dev.zeroloss.harness.golden;

import com.google.gson.JsonElement;
import dev.zeroloss.harness.core.Checkpoint;
import dev.zeroloss.harness.core.Experiment;
import dev.zeroloss.harness.core.Runner;
import dev.zeroloss.harness.io.AtomicFiles;
import dev.zeroloss.harness.io.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Replays an experiment at a golden's scale and compares every checkpoint bit for bit with the golden;
 * or, with update, rewrites the golden and says what changed.
 */
public final class Verifier {
    /** The verdict for one experiment at one scale, with the lines to print. */
    public record Result(String experiment, String scale, boolean ok, List<String> lines) {
    }

    private final Path goldenRoot;
    private final int threads;
    private final Path workDir;

    /** Most doubles {@link #update} stores in a tensors file (tests lower it). */
    long tensorBudget = GoldenFile.TENSOR_BUDGET;

    public Verifier(Path goldenRoot, int threads, Path workDir) {
        this.goldenRoot = goldenRoot;
        this.threads = threads;
        this.workDir = workDir;
    }

    public Path dir(String scale) {
        return goldenRoot.resolve(scale);
    }

    private Runner.Outcome replay(Experiment exp, String scale, List<Integer> seeds) throws Exception {
        Runner.Request req = new Runner.Request();
        req.experiment = exp.name();
        req.ciScale = "ci".equals(scale);
        req.threads = threads;
        req.seeds = seeds;
        req.progress = false;
        req.commandLine = "./repro verify" + ("paper".equals(scale) ? " --full" : "") + " --only " + exp.name();
        Path out = Files.createTempDirectory(workDir, exp.name() + "-" + scale + "-");
        Files.delete(out);
        try {
            return Runner.run(exp, req.withOut(out));
        } finally {
            AtomicFiles.deleteTree(out);
        }
    }

    public Result verify(Experiment exp, String scale) throws Exception {
        String tag = exp.name() + " (" + scale + ")";
        List<String> lines = new ArrayList<>();
        GoldenFile g;
        double[] stored;
        try {
            g = GoldenFile.read(dir(scale), exp.name());
            stored = g.loadTensors(); // validates the tensors file (length, SHA-256) on every verify
        } catch (GoldenException e) {
            return new Result(exp.name(), scale, false, List.of(tag + ": " + e.getMessage()));
        }
        Runner.Request probe = new Runner.Request();
        probe.ciScale = "ci".equals(scale);
        JsonElement now = Json.GSON.toJsonTree(Runner.resolveConfig(exp, probe).asMap());
        if (!now.equals(g.config)) {
            return new Result(exp.name(), scale, false, List.of(tag + ": " + g.jsonPath
                    + " was made from another config: " + configDiff(g.config, now.getAsJsonObject())
                    + " (re-create it with ./repro verify --update" + ("paper".equals(scale) ? " --full" : "") + ")"));
        }
        List<Integer> seeds = new ArrayList<>();
        g.record.getAsJsonArray("seeds").forEach(s -> seeds.add(s.getAsInt()));
        Runner.Outcome o = replay(exp, scale, seeds);
        List<Checkpoint> got = o.checkpoints();
        if (got.size() != g.entries.size()) {
            lines.add(tag + ": MISMATCH: the replay recorded " + got.size() + " checkpoints, the golden has "
                    + g.entries.size());
            return new Result(exp.name(), scale, false, lines);
        }
        int bad = 0;
        int tensorsChecked = 0;
        int metricsChecked = 0;
        for (int i = 0; i < got.size(); i++) {
            Checkpoint c = got.get(i);
            GoldenFile.Entry e = g.entries.get(i);
            List<String> diffs = new ArrayList<>();
            if (!c.run().equals(e.run()) || c.step() != e.step()) {
                diffs.add("checkpoint " + (i + 1) + " is " + c.run() + " step " + c.step() + ", golden has " + e.run()
                        + " step " + e.step());
            } else {
                if (c.tensors().size() != e.tensors().size()) {
                    diffs.add("tensor names differ: " + c.tensors().keySet() + " vs golden "
                            + e.tensors().stream().map(GoldenFile.TensorRef::name).toList());
                }
                for (GoldenFile.TensorRef ref : e.tensors()) {
                    double[] v = c.tensors().get(ref.name());
                    tensorsChecked++;
                    if (v == null) {
                        diffs.add("tensor " + ref.name() + " missing from the replay");
                    } else if (v.length != ref.length()) {
                        diffs.add("tensor " + ref.name() + " has " + v.length + " elements, golden " + ref.length());
                    } else if (!Digest.sha256(v).equals(ref.sha256())) {
                        diffs.add(tensorDiff(ref, v, stored));
                    }
                }
                for (Map.Entry<String, String> m : e.metrics().entrySet()) {
                    metricsChecked++;
                    Double v = c.metrics().get(m.getKey());
                    double want = Digest.fromHex(m.getValue());
                    if (v == null) {
                        diffs.add("metric " + m.getKey() + " missing from the replay");
                    } else if (Double.doubleToRawLongBits(v) != Double.doubleToRawLongBits(want)) {
                        diffs.add("metric " + m.getKey() + " = " + Digest.hex(v) + ", golden " + m.getValue() + " ("
                                + Digest.ulpDistance(v, want) + " ulp)");
                    }
                }
            }
            if (!diffs.isEmpty()) {
                bad++;
                if (bad == 1) {
                    lines.add(tag + ": MISMATCH, first at checkpoint " + (i + 1) + " of " + got.size() + " ("
                            + c.run() + ", step " + c.step() + "):");
                    for (String d : diffs) {
                        lines.add("    " + d);
                    }
                }
            }
        }
        if (bad > 0) {
            lines.add("    " + bad + " of " + got.size() + " checkpoints differ (golden " + g.jsonPath + ")");
            return new Result(exp.name(), scale, false, lines);
        }
        lines.add(tag + ": ok — " + got.size() + " checkpoints, " + tensorsChecked + " tensors, " + metricsChecked
                + " metrics identical to " + g.jsonPath.getFileName() + " (" + threads + " threads)");
        return new Result(exp.name(), scale, true, lines);
    }

    static String tensorDiff(GoldenFile.TensorRef ref, double[] v, double[] stored) {
        if (ref.offset() < 0) {
            return "tensor " + ref.name() + ": digest differs from the golden (no element count: this checkpoint is"
                    + " past the golden's tensor budget, see tensors_stored in its JSON)";
        }
        int differ = 0;
        long maxUlp = 0;
        int first = -1;
        for (int k = 0; k < v.length; k++) {
            double w = stored[(int) ref.offset() + k];
            if (Double.doubleToRawLongBits(v[k]) != Double.doubleToRawLongBits(w)) {
                differ++;
                if (first < 0) {
                    first = k;
                }
                maxUlp = Math.max(maxUlp, Digest.ulpDistance(v[k], w));
            }
        }
        if (differ == 0) {
            return "tensor " + ref.name() + ": digest differs from the golden digest but every element equals the "
                    + "stored tensor: the golden JSON and its tensors file disagree (corrupt golden)";
        }
        return "tensor " + ref.name() + ": " + differ + " of " + v.length + " elements differ, largest difference "
                + (maxUlp == Long.MAX_VALUE ? "NaN/overflow" : maxUlp + " ulp") + " (first at index " + first + ")";
    }

    private static String configDiff(com.google.gson.JsonObject golden, com.google.gson.JsonObject now) {
        List<String> d = new ArrayList<>();
        for (String k : now.keySet()) {
            if (!Objects.equals(golden.get(k), now.get(k))) {
                d.add(k + " is " + golden.get(k) + " in the golden, " + now.get(k) + " now");
            }
        }
        for (String k : golden.keySet()) {
            if (!now.has(k)) {
                d.add(k + " is in the golden but no longer a config key");
            }
        }
        return String.join("; ", d);
    }

    /** Replays and rewrites the golden; says whether and where it changed. */
    public Result update(Experiment exp, String scale) throws Exception {
        String tag = exp.name() + " (" + scale + ")";
        GoldenFile old = null;
        String oldProblem = null;
        try {
            old = GoldenFile.read(dir(scale), exp.name());
        } catch (GoldenException e) {
            oldProblem = e.getMessage();
        }
        Runner.Outcome o = replay(exp, scale, null);
        List<Checkpoint> got = o.checkpoints();
        String change;
        if (old == null) {
            change = Files.exists(GoldenFile.jsonPath(dir(scale), exp.name())) ? "replaced an unreadable golden ("
                    + oldProblem + ")" : "new golden";
        } else {
            // matched by (run, step), so a checkpoint added or removed does not count the later ones as changed
            Map<String, GoldenFile.Entry> before = new java.util.HashMap<>();
            for (GoldenFile.Entry e : old.entries) {
                before.put(e.run() + "\u0000" + e.step(), e);
            }
            int changed = 0;
            int added = 0;
            String first = null;
            for (Checkpoint c : got) {
                GoldenFile.Entry e = before.remove(c.run() + "\u0000" + c.step());
                boolean same = e != null && c.tensors().size() == e.tensors().size();
                if (e != null) {
                    for (GoldenFile.TensorRef ref : e.tensors()) {
                        double[] v = c.tensors().get(ref.name());
                        same &= v != null && Digest.sha256(v).equals(ref.sha256());
                    }
                    for (Map.Entry<String, String> m : e.metrics().entrySet()) {
                        Double v = c.metrics().get(m.getKey());
                        same &= v != null && Digest.hex(v).equals(m.getValue());
                    }
                    same &= c.metrics().size() == e.metrics().size();
                }
                if (!same) {
                    if (e == null) {
                        added++;
                    } else {
                        changed++;
                    }
                    if (first == null) {
                        first = c.run() + " step " + c.step() + (e == null ? ", new" : "");
                    }
                }
            }
            int removed = before.size();
            if (changed + added + removed == 0) {
                change = "unchanged";
            } else {
                List<String> parts = new ArrayList<>();
                if (changed > 0) {
                    parts.add(changed + " of " + got.size() + " checkpoints changed");
                }
                if (added > 0) {
                    parts.add(added + " added");
                }
                if (removed > 0) {
                    parts.add(removed + " removed");
                }
                change = String.join(", ", parts) + (first != null ? " (first: " + first + ")" : "");
            }
        }
        GoldenFile.write(dir(scale), exp.name(), scale, o.configRecord(), got, tensorBudget);
        return new Result(exp.name(), scale, true, List.of(tag + ": wrote " + GoldenFile.jsonPath(dir(scale), exp.name())
                + " — " + change));
    }

    static void ensureDir(Path p) throws IOException {
        Files.createDirectories(p);
    }
}
