package dev.zeroloss.harness.core;

import dev.zeroloss.harness.io.AtomicFiles;
import dev.zeroloss.harness.io.Json;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.internal.chartpart.Chart;

/**
 * Owns a run's output folder: everything is written into {@code <out>.partial} and the folder is renamed
 * to {@code <out>} only when the run has succeeded, so a failed or killed run leaves no half-written result.
 */
public final class RunWriter {
    private final Path finalDir;
    private final Path partialDir;

    private RunWriter(Path finalDir, Path partialDir) {
        this.finalDir = finalDir;
        this.partialDir = partialDir;
    }

    /** Re-opens the temporary folder of a killed run for --resume. */
    public static RunWriter reopen(Path out) {
        Path abs = out.toAbsolutePath().normalize();
        Path partial = abs.resolveSibling(abs.getFileName() + ".partial");
        if (!Files.isDirectory(partial)) {
            if (Files.isDirectory(abs)) {
                throw new UsageException("--resume " + out + ": that run already completed (no " + partial.getFileName()
                        + " folder to resume)");
            }
            throw new UsageException("--resume " + out + ": no interrupted run there (expected the folder " + partial + ")");
        }
        return new RunWriter(abs, partial);
    }

    /** Checks the target up front (exists? writable?) and creates the temporary folder. */
    public static RunWriter open(Path out) {
        Path abs = out.toAbsolutePath().normalize();
        if (Files.exists(abs)) {
            if (!Files.isDirectory(abs)) {
                throw new UsageException("--out " + out + ": exists and is not a folder");
            }
            try (var s = Files.list(abs)) {
                if (s.findAny().isPresent()) {
                    throw new UsageException("--out " + out + ": folder exists and is not empty; choose a new folder"
                            + " or remove it");
                }
            } catch (IOException e) {
                throw new UsageException("--out " + out + ": cannot read the folder (" + e.getMessage() + ")");
            }
        }
        Path partial = abs.resolveSibling(abs.getFileName() + ".partial");
        try {
            AtomicFiles.deleteTree(partial);
            Files.createDirectories(partial);
            Path probe = Files.createTempFile(partial, ".probe", "");
            Files.delete(probe);
        } catch (IOException | SecurityException e) {
            AtomicFiles.deleteTree(partial);
            throw new UsageException("--out " + out + ": the output folder is not writable (" + e.getMessage() + ")");
        }
        return new RunWriter(abs, partial);
    }

    public Path partialDir() {
        return partialDir;
    }

    public Path finalDir() {
        return finalDir;
    }

    /** Writes config.json, tables, figures, claims.md and summary.json, then renames the folder. */
    public void finish(RunContext ctx, Map<String, Object> configRecord) throws IOException {
        writeJson(partialDir.resolve("config.json"), configRecord);
        for (Table t : ctx.tables.values()) {
            writeCsv(partialDir.resolve(t.fileName()), t);
        }
        for (Map.Entry<String, Chart<?, ?>> f : ctx.figures.entrySet()) {
            Path png = partialDir.resolve(f.getKey());
            BitmapEncoder.saveBitmapWithDPI(f.getValue(), png.toString(), BitmapEncoder.BitmapFormat.PNG, 110);
        }
        Files.writeString(partialDir.resolve("claims.md"), claimsMarkdown(ctx.experiment(), ctx.claims),
                StandardCharsets.UTF_8);
        Map<String, Object> summary = new LinkedHashMap<>(ctx.summary);
        summary.put("claims_passed", ctx.claims.stream().filter(Claim::pass).count());
        summary.put("claims_total", ctx.claims.size());
        writeJson(partialDir.resolve("summary.json"), summary);
        writeJson(partialDir.resolve("digests.json"), digestRecord(ctx.checkpoints));
        if (Files.exists(finalDir)) {
            Files.delete(finalDir); // checked empty in open()
        }
        AtomicFiles.move(partialDir, finalDir);
    }

    public void abort() {
        AtomicFiles.deleteTree(partialDir);
    }

    /** The run's bit-level fingerprint: per checkpoint, SHA-256 of each state tensor and hex-float metrics. */
    public static List<Map<String, Object>> digestRecord(List<Checkpoint> checkpoints) {
        List<Map<String, Object>> out = new java.util.ArrayList<>();
        for (Checkpoint c : checkpoints) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("run", c.run());
            m.put("step", c.step());
            Map<String, Object> t = new LinkedHashMap<>();
            c.tensors().forEach((k, v) -> {
                // ordered map: Map.of's iteration order changes from one JVM to the next
                Map<String, Object> d = new LinkedHashMap<>();
                d.put("length", v.length);
                d.put("sha256", dev.zeroloss.harness.golden.Digest.sha256(v));
                t.put(k, d);
            });
            m.put("tensors", t);
            Map<String, String> met = new LinkedHashMap<>();
            c.metrics().forEach((k, v) -> met.put(k, dev.zeroloss.harness.golden.Digest.hex(v)));
            m.put("metrics", met);
            out.add(m);
        }
        return out;
    }

    static void writeJson(Path p, Object value) throws IOException {
        Files.writeString(p, Json.GSON.toJson(value) + "\n", StandardCharsets.UTF_8);
    }

    static void writeCsv(Path p, Table t) throws IOException {
        CSVFormat fmt = CSVFormat.DEFAULT.builder().setHeader(t.columns().toArray(new String[0]))
                .setRecordSeparator('\n').get();
        try (Writer w = Files.newBufferedWriter(p, StandardCharsets.UTF_8); CSVPrinter csv = new CSVPrinter(w, fmt)) {
            for (Object[] row : t.rows()) {
                csv.printRecord(row);
            }
        }
    }

    /** A Markdown table cell: pipes escaped, line breaks flattened. */
    static String cell(String s) {
        return s.replace("|", "\\|").replace("\n", " ");
    }

    public static String claimsMarkdown(String title, List<Claim> claims) {
        StringBuilder sb = new StringBuilder();
        sb.append("# Claims: ").append(title).append("\n\n");
        sb.append("| figure | claim | measured | tolerance | result |\n|---|---|---|---|---|\n");
        for (Claim c : claims) {
            sb.append("| ").append(cell(c.figure())).append(" | ").append(cell(c.claim())).append(" | ")
                    .append(cell(c.measured())).append(" | ").append(cell(c.tolerance())).append(" | ")
                    .append(c.status()).append(" |\n");
        }
        return sb.toString();
    }
}
