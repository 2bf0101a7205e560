package dev.zeroloss.harness.scaling;

import dev.zeroloss.harness.core.UsageException;
import dev.zeroloss.harness.io.AtomicFiles;
import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;

/**
 * The sweep results table: one row per run, every cell TEXT fixed when the run finished (integers in
 * decimal, doubles by {@link Num#format} (the same text on every JDK), a missing step or undefined number as the empty cell), rows
 * sorted by job index. Written with Commons CSV, "\n" line ends. So a table built from any subset of
 * runs, or merged from shard tables, is byte for byte the table one machine would write.
 */
public final class ResultsTable {
    public static final List<String> RESULT_COLUMNS = List.of("t_mem", "t_grok", "t_grok_hi", "delay", "delay_hi",
            "v_init", "v_mem", "v_peak", "v_peak_step", "v_grok", "log_v_decay_rate", "decay_window_from",
            "decay_window_to", "kappa_run", "final_train_acc", "final_test_acc", "final_train_loss",
            "final_test_loss", "collapse_final", "collapse_max", "steps_run", "wd_off_step");

    private ResultsTable() {
    }

    public static List<String> columns() {
        List<String> cols = new ArrayList<>(List.of("job", "n_jobs", "spec_hash", "run_hash", "grid"));
        cols.addAll(RunConfig.KEYS);
        cols.addAll(RESULT_COLUMNS);
        return cols;
    }

    /** The row of a finished run. */
    public static Map<String, String> row(SweepSpec spec, SweepSpec.Job job, RunResult r) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("job", Integer.toString(job.index()));
        m.put("n_jobs", Integer.toString(spec.jobs.size()));
        m.put("spec_hash", spec.hash);
        m.put("run_hash", job.hash());
        m.put("grid", job.grid());
        m.putAll(job.config().toMap());
        RunConfig c = job.config();
        m.put("t_mem", step(r.tMem));
        m.put("t_grok", step(r.tGrok));
        m.put("t_grok_hi", step(r.tGrokHi));
        m.put("delay", step(r.delay()));
        m.put("delay_hi", step(r.delayHi()));
        m.put("v_init", num(r.vInit));
        m.put("v_mem", num(r.vAtMem));
        m.put("v_peak", num(r.vPeak));
        m.put("v_peak_step", step(r.vPeakStep));
        m.put("v_grok", num(r.vAtGrok));
        m.put("log_v_decay_rate", num(r.decayRate));
        m.put("decay_window_from", step(r.decayFrom));
        m.put("decay_window_to", step(r.decayTo));
        double denom = 2.0 * c.eta * c.lambda;
        m.put("kappa_run", num(denom > 0 ? -r.decayRate / denom : Double.NaN));
        m.put("final_train_acc", num(r.finalTrainAcc));
        m.put("final_test_acc", num(r.finalTestAcc));
        m.put("final_train_loss", num(r.finalTrainLoss));
        m.put("final_test_loss", num(r.finalTestLoss));
        m.put("collapse_final", num(r.collapseFraction));
        m.put("collapse_max", num(r.maxCollapseFraction));
        m.put("steps_run", Integer.toString(r.stepsRun));
        m.put("wd_off_step", step(r.wdOffStep));
        return m;
    }

    static String step(int s) {
        return s < 0 ? "" : Integer.toString(s);
    }

    static String num(double v) {
        return Double.isFinite(v) ? Num.format(v) : "";
    }

    /** The CSV text of rows (sorted by job). */
    public static String format(List<Map<String, String>> rows) {
        List<Map<String, String>> sorted = new ArrayList<>(rows);
        sorted.sort(Comparator.comparingInt(m -> Integer.parseInt(m.get("job"))));
        List<String> cols = columns();
        StringWriter w = new StringWriter();
        CSVFormat fmt = CSVFormat.DEFAULT.builder().setHeader(cols.toArray(new String[0])).setRecordSeparator("\n")
                .get();
        try (CSVPrinter p = new CSVPrinter(w, fmt)) {
            for (Map<String, String> m : sorted) {
                List<String> vals = new ArrayList<>();
                for (String c : cols) {
                    String v = m.get(c);
                    if (v == null) {
                        throw new IllegalStateException("row of job " + m.get("job") + " has no " + c);
                    }
                    vals.add(v);
                }
                p.printRecord(vals);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return w.toString();
    }

    public static void write(Path file, List<Map<String, String>> rows) throws IOException {
        AtomicFiles.writeString(file, format(rows));
    }

    /** Reads a table written by {@link #write}; a wrong header is a UsageException naming the file. */
    public static List<Map<String, String>> read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new UsageException(file + ": no such results table");
        }
        List<String> cols = columns();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8);
             CSVParser parser = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(r)) {
            if (!parser.getHeaderNames().equals(cols)) {
                throw new UsageException(file + ": not a sweep results table (its header differs from this version's"
                        + " " + cols.size() + " columns)");
            }
            List<Map<String, String>> rows = new ArrayList<>();
            for (CSVRecord rec : parser) {
                if (rec.size() != cols.size()) {
                    throw new UsageException(file + ": line " + rec.getRecordNumber() + " has " + rec.size()
                            + " cells, expected " + cols.size() + " (a truncated file?)");
                }
                Map<String, String> m = new LinkedHashMap<>();
                for (String c : cols) {
                    m.put(c, rec.get(c));
                }
                rows.add(m);
            }
            return rows;
        } catch (IllegalArgumentException | java.io.UncheckedIOException e) {
            throw new UsageException(file + ": cannot read the table (" + e.getMessage() + ")");
        }
    }
}
