package dev.zeroloss.harness.core;

import dev.zeroloss.engine.WorkerPool;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.internal.chartpart.Chart;

/** What a running experiment sees: its config, seeds, thread pool, and the sinks for its outputs. */
public final class RunContext {
    private final String experiment;
    private final Config config;
    private final List<Integer> seeds;
    private final WorkerPool pool;
    private final Path dir;
    private final boolean progress;
    final Map<String, Table> tables = new LinkedHashMap<>();
    final Map<String, Chart<?, ?>> figures = new LinkedHashMap<>();
    final List<Claim> claims = new ArrayList<>();
    final Map<String, Object> summary = new LinkedHashMap<>();
    final List<Checkpoint> checkpoints = new ArrayList<>();
    final Map<String, double[]> carries = new LinkedHashMap<>();
    final java.util.Set<String> completedRuns = new java.util.LinkedHashSet<>();
    private long checkpointEvery;
    private Snapshot resumed;

    public RunContext(String experiment, Config config, List<Integer> seeds, WorkerPool pool, Path dir,
                      boolean progress) {
        this.experiment = experiment;
        this.config = config;
        this.seeds = List.copyOf(seeds);
        this.pool = pool;
        this.dir = dir;
        this.progress = progress;
    }

    /** Turns on snapshots every {@code every} steps (0: off) and, if given, restores a killed run's state. */
    void enableSnapshots(long every, Snapshot from) {
        this.checkpointEvery = every;
        this.resumed = from;
        if (from != null) {
            for (Map.Entry<String, List<String>> t : from.tableColumns.entrySet()) {
                Table table = new Table(t.getKey(), t.getValue().toArray(new String[0]));
                table.rows().addAll(from.tableRows.get(t.getKey()));
                tables.put(t.getKey(), table);
            }
            checkpoints.addAll(from.checkpoints);
            claims.addAll(from.claims);
            summary.putAll(from.summary);
            carries.putAll(from.carries);
            completedRuns.addAll(from.completedRuns);
        }
    }

    /** True when --checkpoint-every is in force (a run must then be snapshot-consistent, e.g. sequential). */
    public boolean snapshotsEnabled() {
        return checkpointEvery > 0;
    }

    /**
     * A context for one independent run executed in a parallel task: same config and seeds, its own pool,
     * no snapshots, no progress line. What it records (checkpoints, carries) is added to this context by
     * {@link #absorb}, which the caller does in a fixed order, so the result does not depend on scheduling.
     */
    public RunContext child(WorkerPool childPool) {
        return new RunContext(experiment, config, seeds, childPool, dir, false);
    }

    /** Appends a child's checkpoints and carries (call in a fixed order, e.g. by seed). */
    public void absorb(RunContext child) {
        checkpoints.addAll(child.checkpoints);
        carries.putAll(child.carries);
    }

    public boolean progressEnabled() {
        return progress;
    }

    public String experiment() {
        return experiment;
    }

    public Config config() {
        return config;
    }

    public List<Integer> seeds() {
        return seeds;
    }

    public WorkerPool pool() {
        return pool;
    }

    /** The (temporary) output folder; it is renamed to its final name only when the run succeeds. */
    public Path dir() {
        return dir;
    }

    /** A table written as {@code fileName} (CSV). The main one is "metrics.csv". */
    public Table table(String fileName, String... columns) {
        Table existing = tables.get(fileName);
        if (existing != null) {
            if (resumed != null && existing.columns().equals(List.of(columns))) {
                return existing; // restored from a snapshot: rows so far are already in it
            }
            throw new IllegalStateException("table " + fileName + " declared twice");
        }
        Table t = new Table(fileName, columns);
        tables.put(fileName, t);
        return t;
    }

    /** A figure panel saved as {@code fileName} (PNG). */
    public void figure(String fileName, Chart<?, ?> chart) {
        if (figures.putIfAbsent(fileName, chart) != null) {
            throw new IllegalStateException("figure " + fileName + " declared twice");
        }
    }

    public void claim(String figure, String claim, String measured, String tolerance, boolean pass) {
        claims.add(new Claim(figure, claim, measured, tolerance, pass));
    }

    public List<Claim> claims() {
        return List.copyOf(claims);
    }

    public void summary(String key, Object value) {
        summary.put(key, value);
    }

    /**
     * True at the golden checkpoints of a run of {@code total} steps: step 0, every tenth of the run
     * (step = floor(total·i/10), i = 1..10) and so the final step.
     */
    public static boolean isCheckpoint(long step, long total) {
        if (step == 0 || step == total) {
            return true;
        }
        for (int i = 1; i < 10; i++) {
            if (step == total * i / 10) {
                return true;
            }
        }
        return false;
    }

    /**
     * Records the state of run {@code run} at {@code step}: every state tensor (copied now) and key metrics.
     * Call it at each step where {@link #isCheckpoint} holds. Order of calls is the order compared.
     */
    public void checkpoint(String run, long step, Map<String, double[]> tensors, Map<String, Double> metrics) {
        Map<String, double[]> t = new LinkedHashMap<>();
        ordered(tensors).forEach((k, v) -> t.put(k, v.clone()));
        checkpoints.add(new Checkpoint(run, step, t, new LinkedHashMap<>(ordered(metrics))));
    }

    /**
     * The caller's order for ordered maps (LinkedHashMap, SortedMap); otherwise sorted by name: the iteration
     * order of Map.of / HashMap can differ from one JVM to the next, and digests.json must not.
     */
    private static <V> Map<String, V> ordered(Map<String, V> m) {
        if (m instanceof LinkedHashMap || m instanceof java.util.SortedMap || m.size() <= 1) {
            return m;
        }
        return new java.util.TreeMap<>(m);
    }

    // ---- Resumable runs (--checkpoint-every N, --resume DIR) ----------------------------------------
    // An experiment with a long step loop calls, per run (e.g. per seed):
    //   if (ctx.isRunComplete(run)) skip it (its rows, checkpoints and carries were restored);
    //   ResumePoint rp = ctx.resumePoint(run): if non-null, restore its state tensors and start at rp.step()+1;
    //   inside the loop, after step s is complete: if (ctx.snapshotDue(s)) ctx.snapshot(run, s, state);
    //   at the end of the run: ctx.carry(...) what later aggregation needs, then ctx.completeRun(run).
    // Figures and cross-run claims are built after all runs, from tables and carries only.

    /** The state of a run at its last snapshot. */
    public record ResumePoint(long step, Map<String, double[]> state) {
    }

    public boolean isRunComplete(String run) {
        return completedRuns.contains(run);
    }

    /** Non-null when resuming inside {@code run}: continue after {@code step()} from {@code state()}. */
    public ResumePoint resumePoint(String run) {
        if (resumed != null && run.equals(resumed.currentRun)) {
            ResumePoint rp = new ResumePoint(resumed.currentStep, resumed.currentState);
            resumed.currentRun = null; // a resume point is used once
            return rp;
        }
        return null;
    }

    public boolean snapshotDue(long step) {
        return checkpointEvery > 0 && step > 0 && step % checkpointEvery == 0;
    }

    /** Atomically saves everything so far plus {@code state} of the run in progress after {@code step}. */
    public void snapshot(String run, long step, Map<String, double[]> state) {
        Snapshot s = new Snapshot();
        s.currentRun = run;
        s.currentStep = step;
        state.forEach((k, v) -> s.currentState.put(k, v.clone()));
        s.completedRuns.addAll(completedRuns);
        s.carries.putAll(carries);
        for (Table t : tables.values()) {
            s.tableColumns.put(t.fileName(), t.columns());
            s.tableRows.put(t.fileName(), new ArrayList<>(t.rows()));
        }
        s.checkpoints.addAll(checkpoints);
        s.claims.addAll(claims);
        s.summary.putAll(summary);
        try {
            s.write(dir);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot write snapshot in " + dir, e);
        }
    }

    /** Keeps a per-run result (e.g. final weights) for aggregation after all runs; survives resume. */
    public void carry(String key, double[] value) {
        carries.put(key, value.clone());
    }

    public double[] carried(String key) {
        double[] v = carries.get(key);
        if (v == null) {
            throw new IllegalStateException("nothing carried under " + key);
        }
        return v;
    }

    public void completeRun(String run) {
        completedRuns.add(run);
    }

    public List<Checkpoint> checkpoints() {
        return List.copyOf(checkpoints);
    }

    public Progress progress(String label, long total) {
        return new Progress(experiment + " " + label, total, progress);
    }
}
