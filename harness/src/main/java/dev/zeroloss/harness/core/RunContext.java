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

    public Progress progress(String label, long total) {
        return new Progress(experiment + " " + label, total, progress);
    }
}
