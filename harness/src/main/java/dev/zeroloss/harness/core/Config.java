package dev.zeroloss.harness.core;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** The effective configuration of one experiment: every declared key with its value (defaults filled in). */
public final class Config {
    private final Map<String, Param> spec;
    private final Map<String, Object> values;

    private Config(Map<String, Param> spec, Map<String, Object> values) {
        this.spec = spec;
        this.values = values;
    }

    public static Config defaults(List<Param> params) {
        Map<String, Param> spec = new LinkedHashMap<>();
        Map<String, Object> values = new LinkedHashMap<>();
        for (Param p : params) {
            spec.put(p.key, p);
            values.put(p.key, p.defaultValue);
        }
        return new Config(spec, values);
    }

    /** A copy with {@code key} set from text; unknown keys and bad values throw UsageException. */
    public Config with(String experiment, String key, String text) {
        Param p = spec.get(key);
        if (p == null) {
            throw new UsageException("unknown config key '" + key + "' for experiment " + experiment
                    + "; allowed keys: " + String.join(", ", new TreeSet<>(spec.keySet())));
        }
        Map<String, Object> copy = new LinkedHashMap<>(values);
        copy.put(key, p.parse(text));
        return new Config(spec, copy);
    }

    public Map<String, Object> asMap() {
        return Collections.unmodifiableMap(values);
    }

    public Map<String, Param> spec() {
        return Collections.unmodifiableMap(spec);
    }

    private Object get(String key) {
        Object v = values.get(key);
        if (v == null && !values.containsKey(key)) {
            throw new IllegalStateException("config key not declared: " + key);
        }
        return v;
    }

    public int getInt(String key) {
        return (Integer) get(key);
    }

    public long getLong(String key) {
        return (Long) get(key);
    }

    public double getDouble(String key) {
        return (Double) get(key);
    }

    public boolean getBool(String key) {
        return (Boolean) get(key);
    }

    public String getString(String key) {
        return (String) get(key);
    }

    @SuppressWarnings("unchecked")
    public List<Double> getDoubles(String key) {
        return (List<Double>) get(key);
    }

    @SuppressWarnings("unchecked")
    public List<Integer> getInts(String key) {
        return (List<Integer>) get(key);
    }
}
