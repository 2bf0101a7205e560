package dev.zeroloss.harness.core;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A metrics table collected in memory and written as CSV when the run completes. Numbers are written with
 * {@link Double#toString} for people and plotting tools; bit-exact comparisons use the digests instead.
 */
public final class Table {
    private final String fileName;
    private final List<String> columns;
    private final List<Object[]> rows = new ArrayList<>();

    Table(String fileName, String... columns) {
        this.fileName = fileName;
        this.columns = List.of(columns);
    }

    public void add(Object... values) {
        if (values.length != columns.size()) {
            throw new IllegalArgumentException("table " + fileName + ": row has " + values.length
                    + " values, header has " + columns.size() + " " + columns);
        }
        rows.add(Arrays.copyOf(values, values.length));
    }

    public String fileName() {
        return fileName;
    }

    public List<String> columns() {
        return columns;
    }

    public List<Object[]> rows() {
        return rows;
    }
}
