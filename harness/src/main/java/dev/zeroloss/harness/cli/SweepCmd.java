package dev.zeroloss.harness.cli;

import dev.zeroloss.harness.core.UsageException;
import dev.zeroloss.harness.scaling.Analysis;
import dev.zeroloss.harness.scaling.Merge;
import dev.zeroloss.harness.scaling.ResultsTable;
import dev.zeroloss.harness.scaling.SweepRunner;
import dev.zeroloss.harness.scaling.SweepSpec;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ./repro sweep}: grid sweeps of the grokking-time study, sharded, resumable, merged, fitted. */
@Command(name = "sweep", mixinStandardHelpOptions = true,
        description = "Runs a grokking-time sweep (a grid over eta, lambda, batch, seeds, task) and fits"
        + " the scaling exponents (docs/SWEEPS.md).%n"
        + "  sweep SPEC.json [--shard I/N] [--out DIR]  run (a shard of) a sweep; re-run resumes%n"
        + "  sweep --default | --ci                     built-in default (<= 20 min) / tiny sweep%n"
        + "  sweep merge [--out FILE] SHARD.csv|DIR...  combine shard tables, then fit%n"
        + "  sweep analyze DIR                          redo DIR/analysis from DIR/results.csv",
        subcommands = {SweepCmd.MergeCmd.class, SweepCmd.AnalyzeCmd.class})
public final class SweepCmd implements Callable<Integer> {
    @Parameters(index = "0", arity = "0..1", paramLabel = "SPEC.json", description = "The sweep spec (docs/SWEEPS.md).")
    Path spec;

    @Option(names = "--default", description = "The built-in default sweep (sweeps/default.json).")
    boolean builtinDefault;

    @Option(names = "--ci", description = "The built-in seconds-long sweep (sweeps/ci.json).")
    boolean builtinCi;

    @Option(names = "--shard", paramLabel = "I/N", description = "Run only shard I of N (jobs with index % N == I).")
    String shard;

    @Option(names = "--out", paramLabel = "DIR", description = "Sweep folder (default: runs/sweep-<name>-<spec hash>);"
            + " shards may share it.")
    Path out;

    @Option(names = "--threads", description = "Runs in parallel (default: available processors).")
    Integer threads;

    @Option(names = "--no-analysis", description = "Do not fit after an unsharded sweep.")
    boolean noAnalysis;

    @Option(names = "--print-spec", description = "Print the built-in spec and exit.")
    boolean printSpec;

    @Override
    public Integer call() throws Exception {
        int chosen = (spec != null ? 1 : 0) + (builtinDefault ? 1 : 0) + (builtinCi ? 1 : 0);
        if (chosen != 1) {
            throw new UsageException("sweep: give exactly one of SPEC.json, --default, --ci (or: sweep merge ...)");
        }
        String text;
        String source;
        if (spec != null) {
            if (!Files.isRegularFile(spec)) {
                throw new UsageException("sweep: " + spec + ": no such spec file");
            }
            text = Files.readString(spec, StandardCharsets.UTF_8);
            source = spec.toString();
        } else {
            source = builtinDefault ? "sweeps/default.json" : "sweeps/ci.json";
            text = builtin(source);
        }
        if (printSpec) {
            System.out.print(text);
            return 0;
        }
        SweepSpec s = SweepSpec.parse(text, source);
        int[] sh = parseShard(shard);
        s.shard(sh[0], sh[1]); // validates the index before anything is written
        Path dir = out != null ? out : Path.of("runs", "sweep-" + s.name + "-" + s.hash);
        int t = threads != null ? threads : Runtime.getRuntime().availableProcessors();
        long t0 = System.nanoTime();
        SweepRunner.Outcome o = SweepRunner.run(s, dir, sh[0], sh[1], t, System.err);
        System.out.printf(Locale.ROOT, "sweep %s: %d run(s) done, %d skipped (already finished), %.1f s -> %s%n", s.name,
                o.ran(), o.skipped(), o.seconds(), o.table());
        if (sh[1] == 1 && !noAnalysis) {
            Analysis.Result a = Analysis.analyze(ResultsTable.read(o.table()), s.base, dir.resolve("analysis"),
                    dir.resolve("runs"));
            System.out.println(a.report());
            System.out.println("Analysis: " + dir.resolve("analysis"));
        } else if (sh[1] > 1) {
            System.out.println("When every shard has finished: ./repro sweep merge " + dir + "  (or the shard tables)");
        }
        System.out.printf(Locale.ROOT, "wall time %.1f s%n", (System.nanoTime() - t0) / 1e9);
        return 0;
    }

    static String builtin(String name) throws IOException {
        try (InputStream in = SweepCmd.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("built-in " + name + " missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** "I/N" → {I, N}; null → {0, 1}. */
    static int[] parseShard(String text) {
        if (text == null) {
            return new int[] {0, 1};
        }
        String[] parts = text.trim().split("/", -1);
        try {
            if (parts.length != 2) {
                throw new NumberFormatException();
            }
            int i = Integer.parseInt(parts[0].trim());
            int n = Integer.parseInt(parts[1].trim());
            if (n < 1) {
                throw new UsageException("--shard " + text + ": the shard count N must be at least 1");
            }
            if (i < 0 || i >= n) {
                throw new UsageException("--shard " + text + ": the shard index must be in 0.." + (n - 1)
                        + " (indexes count from 0; a Slurm array or Indexed Job gives 0..N-1)");
            }
            return new int[] {i, n};
        } catch (NumberFormatException e) {
            throw new UsageException("--shard " + text + ": expected I/N with integers, e.g. --shard 0/4");
        }
    }

    @Command(name = "merge", mixinStandardHelpOptions = true, description = "Combines shard tables of one sweep into one table, then fits.")
    static final class MergeCmd implements Callable<Integer> {
        @Parameters(arity = "1..*", paramLabel = "SHARD", description = "Shard tables or sweep folders.")
        List<Path> inputs = new ArrayList<>();

        @Option(names = "--out", paramLabel = "FILE", description = "Merged table (default: results.csv in the folder"
                + " of the first input).")
        Path out;

        @Option(names = "--no-analysis", description = "Only merge.")
        boolean noAnalysis;

        @Override
        public Integer call() throws Exception {
            List<Path> tables = Merge.tables(inputs);
            List<Map<String, String>> rows = Merge.merge(tables);
            Path first = tables.get(0).toAbsolutePath().getParent();
            Path target = out != null ? out : first.resolve("results.csv");
            if (tables.stream().anyMatch(t -> t.toAbsolutePath().normalize().equals(target.toAbsolutePath().normalize()))) {
                throw new UsageException("merge: --out " + target + " is one of the inputs");
            }
            ResultsTable.write(target, rows);
            System.out.printf(Locale.ROOT, "merged %d tables, %d runs -> %s%n", tables.size(), rows.size(), target);
            if (!noAnalysis) {
                Path specFile = null;
                for (Path t : tables) {
                    Path cand = t.toAbsolutePath().getParent().resolve("spec.json");
                    if (Files.isRegularFile(cand)) {
                        specFile = cand;
                        break;
                    }
                }
                if (specFile == null) {
                    System.out.println("no spec.json beside the shard tables: skipping the analysis");
                    return 0;
                }
                SweepSpec s = SweepRunner.specOf(specFile);
                if (!s.hash.equals(rows.get(0).get("spec_hash"))) {
                    throw new UsageException("merge: " + specFile + " is spec " + s.hash + ", the tables are "
                            + rows.get(0).get("spec_hash"));
                }
                Path adir = target.toAbsolutePath().getParent().resolve("analysis");
                Analysis.Result a = Analysis.analyze(rows, s.base, adir, specFile.getParent().resolve("runs"));
                System.out.println(a.report());
                System.out.println("Analysis: " + adir);
            }
            return 0;
        }
    }

    @Command(name = "analyze", mixinStandardHelpOptions = true, description = "Fits the exponents of a finished sweep folder (DIR/results.csv).")
    static final class AnalyzeCmd implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "DIR", description = "The sweep folder.")
        Path dir;

        @Override
        public Integer call() throws Exception {
            Path specFile = dir.resolve("spec.json");
            if (!Files.isRegularFile(specFile)) {
                throw new UsageException("analyze: " + dir + " has no spec.json (not a sweep folder)");
            }
            SweepSpec s = SweepRunner.specOf(specFile);
            List<Map<String, String>> rows = ResultsTable.read(dir.resolve("results.csv"));
            Analysis.Result a = Analysis.analyze(rows, s.base, dir.resolve("analysis"), dir.resolve("runs"));
            System.out.println(a.report());
            return 0;
        }
    }
}
