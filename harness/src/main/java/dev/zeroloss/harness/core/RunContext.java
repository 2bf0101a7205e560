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

    public RunContext(String experiment, Config config, List<Integer> seeds, WorkerPool pool, Path dir,
                      boolean progress) {
        this.experiment = experiment;
        this.config = config;
        this.seeds = List.copyOf(seeds);
        this.pool = pool;
        this.dir = dir;
        this.progress = progress;
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
        Table t = new Table(fileName, columns);
        if (tables.putIfAbsent(fileName, t) != null) {
            throw new IllegalStateException("table " + fileName + " declared twice");
        }
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
        tensors.forEach((k, v) -> t.put(k, v.clone()));
        checkpoints.add(new Checkpoint(run, step, t, new LinkedHashMap<>(metrics)));
    }

    public List<Checkpoint> checkpoints() {
        return List.copyOf(checkpoints);
    }

    public Progress progress(String label, long total) {
        return new Progress(experiment + " " + label, total, progress);
    }
}
