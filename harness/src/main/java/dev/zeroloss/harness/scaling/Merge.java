package dev.zeroloss.harness.scaling;

import dev.zeroloss.harness.core.UsageException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Combines shard tables into the one table of the sweep. Refuses (UsageException, nothing written) shards
 * of different sweeps (spec hash), a job given twice with different rows, and an incomplete set of jobs.
 */
public final class Merge {
    private Merge() {
    }

    /** The shard tables named by inputs: a CSV file, or a sweep folder (its results-shard-*.csv). */
    public static List<Path> tables(List<Path> inputs) throws IOException {
        if (inputs.isEmpty()) {
            throw new UsageException("merge: give the shard tables (results-shard-I-of-N.csv) or sweep folders");
        }
        List<Path> out = new ArrayList<>();
        for (Path in : inputs) {
            if (Files.isDirectory(in)) {
                List<Path> found;
                try (Stream<Path> s = Files.list(in)) {
                    found = s.filter(p -> p.getFileName().toString().matches("results-shard-\\d+-of-\\d+\\.csv"))
                            .sorted().toList();
                }
                if (found.isEmpty()) {
                    throw new UsageException("merge: " + in + " holds no results-shard-I-of-N.csv (has that shard"
                            + " finished?)");
                }
                for (Path f : found) {
                    if (!out.contains(f)) {
                        out.add(f);
                    }
                }
            } else if (Files.isRegularFile(in)) {
                if (!out.contains(in)) {
                    out.add(in);
                }
            } else {
                throw new UsageException("merge: " + in + ": no such file or folder");
            }
        }
        return out;
    }

    /** The merged rows, validated. */
    public static List<Map<String, String>> merge(List<Path> tables) throws IOException {
        String spec = null;
        Path specFrom = null;
        int nJobs = -1;
        Map<Integer, Map<String, String>> byJob = new TreeMap<>();
        Map<Integer, Path> from = new LinkedHashMap<>();
        for (Path t : tables) {
            List<Map<String, String>> rows = ResultsTable.read(t);
            for (Map<String, String> r : rows) {
                String h = r.get("spec_hash");
                if (spec == null) {
                    spec = h;
                    specFrom = t;
                } else if (!spec.equals(h)) {
                    throw new UsageException("merge: the shards come from different sweeps: " + specFrom
                            + " has spec hash " + spec + ", " + t + " has " + h + " (merge only shards of one spec)");
                }
                int n = Integer.parseInt(r.get("n_jobs"));
                if (nJobs < 0) {
                    nJobs = n;
                } else if (n != nJobs) {
                    throw new UsageException("merge: " + t + " says the sweep has " + n + " jobs, " + specFrom + " says "
                            + nJobs);
                }
                int job = Integer.parseInt(r.get("job"));
                Map<String, String> prev = byJob.putIfAbsent(job, r);
                if (prev != null && !prev.equals(r)) {
                    throw new UsageException("merge: job " + job + " is in " + from.get(job) + " and in " + t
                            + " with different results");
                }
                from.putIfAbsent(job, t);
            }
        }
        if (nJobs < 0) {
            throw new UsageException("merge: the shard tables have no rows");
        }
        List<Integer> missing = new ArrayList<>();
        for (int j = 0; j < nJobs; j++) {
            if (!byJob.containsKey(j)) {
                missing.add(j);
            }
        }
        if (!missing.isEmpty()) {
            throw new UsageException("merge: " + missing.size() + " of " + nJobs + " jobs are missing (first: job "
                    + missing.get(0) + "); give every shard's table, after every shard has finished");
        }
        return new ArrayList<>(byJob.values());
    }
}
