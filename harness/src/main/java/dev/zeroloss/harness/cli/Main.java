package dev.zeroloss.harness.cli;

import dev.zeroloss.harness.core.Claim;
import dev.zeroloss.harness.core.Experiment;
import dev.zeroloss.harness.core.Param;
import dev.zeroloss.harness.core.Progress;
import dev.zeroloss.harness.core.RunWriter;
import dev.zeroloss.harness.core.Runner;
import dev.zeroloss.harness.core.UsageException;
import dev.zeroloss.harness.experiments.Experiments;
import dev.zeroloss.harness.io.AtomicFiles;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The `./repro` command line. With no subcommand it runs the whole paper and prints the claims table. */
@Command(name = "repro", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Reproduces \"The Geometry of Grokking\" (arXiv 2511.01938) bit for bit.%n"
                + "With no subcommand: runs every experiment at paper scale and prints the claims table.",
        subcommands = {Main.ListCmd.class, Main.RunCmd.class, Main.VerifyCmd.class, SweepCmd.class})
public final class Main implements Callable<Integer> {
    static final int EXIT_USAGE = 2;

    @Option(names = "--threads", description = "Worker threads (default: available processors).")
    Integer threads;

    @Option(names = "--out", description = "Output folder (default: runs/paper-<time>).")
    Path out;

    @Option(names = "--ci-scale", description = "Run every experiment at its small CI scale (seconds).")
    boolean ciScale;

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    public static int execute(String... args) {
        CommandLine cl = new CommandLine(new Main());
        cl.setExecutionExceptionHandler((ex, cmd, parseResult) -> {
            if (ex instanceof UsageException) {
                cmd.getErr().println("error: " + ex.getMessage());
                return EXIT_USAGE;
            }
            cmd.getErr().println("error: " + ex);
            ex.printStackTrace(cmd.getErr());
            return 1;
        });
        return cl.execute(args);
    }

    @Override
    public Integer call() throws Exception {
        String stamp = Instant.now().toString().replace(":", "").replaceAll("\\..*", "");
        Path root = out != null ? out : Path.of("runs", "paper-" + stamp);
        List<Claim> claims = new ArrayList<>();
        List<String> folders = new ArrayList<>();
        List<Experiment> all = Experiments.mainPaper();
        long t0 = System.nanoTime();
        // training simulates seed 0 exactly as fig6 did: share the finished run instead of integrating it twice.
        try (var shared = dev.zeroloss.harness.experiments.SimulationMemo.share()) {
            for (int i = 0; i < all.size(); i++) {
                Experiment e = all.get(i);
                System.err.printf("[%d/%d] %s: %s%n", i + 1, all.size(), e.name(), e.title());
                Runner.Request req = new Runner.Request();
                req.experiment = e.name();
                req.out = root.resolve(e.name());
                req.ciScale = ciScale;
                if (threads != null) {
                    req.threads = threads;
                }
                req.commandLine = "./repro" + (ciScale ? " --ci-scale" : "");
                Runner.Outcome o = Runner.run(e, req);
                claims.addAll(o.claims());
                folders.add(o.dir().toString());
                System.err.printf("      done in %s s -> %s%n", o.summary().get("wall_seconds"), o.dir());
            }
        }
        String table = RunWriter.claimsMarkdown("The Geometry of Grokking (all experiments)", claims);
        AtomicFiles.writeString(root.resolve("claims.md"), table);
        System.out.println(table);
        long passed = claims.stream().filter(Claim::pass).count();
        System.out.printf("%d of %d claims pass. Figures and metrics: %s (one folder per experiment). Total %.0f s.%n",
                passed, claims.size(), root.toAbsolutePath(), (System.nanoTime() - t0) / 1e9);
        return 0;
    }

    @Command(name = "list", description = "Lists the experiments, one line each.")
    static final class ListCmd implements Callable<Integer> {
        @Option(names = "--params", description = "Also list every config key with its default and range.")
        boolean params;

        @Override
        public Integer call() {
            PrintWriter w = new PrintWriter(System.out, true);
            for (Experiment e : Experiments.all()) {
                w.printf("%-10s %s%n", e.name(), e.title());
                if (params) {
                    for (Param p : e.params()) {
                        w.printf("    %-24s default %-14s %s; %s%n", p.key, String.valueOf(p.defaultValue),
                                p.allowed(), p.help);
                    }
                }
            }
            return 0;
        }
    }

    @Command(name = "run", description = "Runs one experiment into its own folder.")
    static final class RunCmd implements Callable<Integer> {
        @Parameters(index = "0", arity = "0..1", paramLabel = "EXPERIMENT", description = "Name from ./repro list.")
        String experiment;

        @Option(names = "--checkpoint-every", paramLabel = "N",
                description = "Save a resumable snapshot every N steps (a killed run continues with --resume).")
        long checkpointEvery;

        @Option(names = "--resume", paramLabel = "DIR", description = "Continue the interrupted run whose --out was DIR.")
        Path resume;

        @Option(names = "--seeds", split = ",", description = "Comma-separated seeds (default: the experiment's).")
        List<Integer> seeds;

        @Option(names = "--threads", description = "Worker threads (default: available processors).")
        Integer threads;

        @Option(names = "--out", description = "Output folder; must not exist or be empty (default: runs/<name>-<time>).")
        Path out;

        @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Overrides one config value (repeatable).")
        List<String> sets = new ArrayList<>();

        @Option(names = "--config", paramLabel = "FILE.json", description = "Config values from a JSON object (or a run's config.json).")
        Path config;

        @Option(names = "--ci-scale", description = "Start from the experiment's small CI-scale config.")
        boolean ciScale;

        @Override
        public Integer call() throws Exception {
            if (resume != null) {
                if (experiment != null || out != null || !sets.isEmpty() || config != null || seeds != null || ciScale) {
                    throw new UsageException("--resume " + resume + ": takes no experiment, --out, --set, --config, "
                            + "--seeds or --ci-scale (the interrupted run's own are used)");
                }
                Runner.Request req = new Runner.Request();
                req.resume = resume;
                if (threads != null) {
                    req.threads = threads;
                }
                req.progress = Progress.terminalAttached();
                Runner.Outcome o = Runner.resume(req);
                System.out.print(RunWriter.claimsMarkdown(o.experiment(), o.claims()));
                System.out.println("Output: " + o.dir());
                return 0;
            }
            if (experiment == null) {
                throw new UsageException("run: name an experiment (./repro list) or give --resume DIR");
            }
            Experiment e = Experiments.byName(experiment);
            Runner.Request req = new Runner.Request();
            req.checkpointEvery = checkpointEvery;
            req.experiment = experiment;
            req.seeds = seeds;
            if (threads != null) {
                req.threads = threads;
            }
            req.out = out;
            req.sets = sets;
            req.configFile = config;
            req.ciScale = ciScale;
            req.progress = Progress.terminalAttached();
            req.commandLine = "./repro run " + experiment;
            Runner.Outcome o;
            try {
                o = Runner.run(e, req);
            } catch (UsageException ue) {
                throw ue;
            } catch (Exception | Error ex) {
                if (checkpointEvery > 0 && req.out != null) {
                    System.err.println("run interrupted; continue it from its last snapshot with: ./repro run --resume "
                            + req.out);
                }
                throw ex;
            }
            System.out.print(RunWriter.claimsMarkdown(e.name(), o.claims()));
            System.out.println("Output: " + o.dir());
            return 0;
        }
    }

    @Command(name = "verify", description = "Replays seeded experiments and compares them bit for bit with golden/.")
    static final class VerifyCmd implements Callable<Integer> {
        @Option(names = "--full", description = "Also replay the paper-scale goldens (minutes).")
        boolean full;

        @Option(names = "--threads", description = "Worker threads (default: available processors).")
        Integer threads;

        @Option(names = "--only", paramLabel = "EXPERIMENT", description = "Only this experiment.")
        String only;

        @Option(names = "--update", description = "Rewrite the goldens from this replay (prints what changed).")
        boolean update;

        @Option(names = "--golden", paramLabel = "DIR", description = "Golden folder (default: golden/ of the checkout).")
        Path golden;

        @Override
        public Integer call() throws Exception {
            Path root = golden != null ? golden : defaultGoldenRoot();
            int t = threads != null ? threads : Runtime.getRuntime().availableProcessors();
            if (t < 1 || t > 256) {
                throw new UsageException("--threads " + t + ": must be in 1..256");
            }
            List<Experiment> exps = only != null ? List.of(Experiments.byName(only)) : Experiments.all();
            if (!update && !java.nio.file.Files.isDirectory(root)) {
                throw new UsageException("--golden " + root + ": no such folder");
            }
            java.nio.file.Path work = java.nio.file.Files.createTempDirectory("zeroloss-verify-");
            try {
                dev.zeroloss.harness.golden.Verifier v = new dev.zeroloss.harness.golden.Verifier(root, t, work);
                List<String> scales = full ? List.of("ci", "paper") : List.of("ci");
                int failed = 0;
                int total = 0;
                for (String scale : scales) {
                    for (Experiment e : exps) {
                        total++;
                        dev.zeroloss.harness.golden.Verifier.Result r = update ? v.update(e, scale) : v.verify(e, scale);
                        for (String line : r.lines()) {
                            (r.ok() ? System.out : System.err).println(line);
                        }
                        if (!r.ok()) {
                            failed++;
                        }
                    }
                }
                if (update) {
                    System.out.println("updated " + total + " golden(s) in " + root);
                    return 0;
                }
                System.out.println((total - failed) + " passed, " + failed + " failed");
                return failed == 0 ? 0 : 1;
            } finally {
                AtomicFiles.deleteTree(work);
            }
        }

        static Path defaultGoldenRoot() {
            String home = System.getProperty("zeroloss.home");
            return home != null ? Path.of(home, "golden") : Path.of("golden");
        }
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"zeroloss " + dev.zeroloss.harness.core.Provenance.codeVersion()};
        }
    }
}
