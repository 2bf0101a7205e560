package dev.zeroloss.harness.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One configurable value of an experiment: its key, type, default, allowed range and a one-line meaning.
 * Parsing and range checks live here so every experiment reports bad values the same way.
 */
public final class Param {
    public enum Type { INT, LONG, DOUBLE, BOOL, STRING, DOUBLE_LIST, INT_LIST }

    public final String key;
    public final Type type;
    public final Object defaultValue;
    public final double min;
    public final double max;
    public final boolean minExclusive;
    public final boolean maxExclusive;
    public final List<String> choices;
    public final String help;

    private Param(String key, Type type, Object def, double min, boolean minEx, double max, boolean maxEx,
                  List<String> choices, String help) {
        this.key = key;
        this.type = type;
        this.defaultValue = def;
        this.min = min;
        this.max = max;
        this.minExclusive = minEx;
        this.maxExclusive = maxEx;
        this.choices = choices;
        this.help = help;
    }

    public static Param integer(String key, int def, int min, int max, String help) {
        return new Param(key, Type.INT, def, min, false, max, false, null, help);
    }

    public static Param longValue(String key, long def, long min, long max, String help) {
        return new Param(key, Type.LONG, def, min, false, max, false, null, help);
    }

    /** A double in [min, max] (bounds inclusive). */
    public static Param real(String key, double def, double min, double max, String help) {
        return new Param(key, Type.DOUBLE, def, min, false, max, false, null, help);
    }

    /** A double in an interval whose open ends are given by the flags. */
    public static Param real(String key, double def, double min, boolean minExclusive, double max,
                             boolean maxExclusive, String help) {
        return new Param(key, Type.DOUBLE, def, min, minExclusive, max, maxExclusive, null, help);
    }

    public static Param bool(String key, boolean def, String help) {
        return new Param(key, Type.BOOL, def, 0, false, 1, false, null, help);
    }

    public static Param choice(String key, String def, List<String> choices, String help) {
        return new Param(key, Type.STRING, def, 0, false, 0, false, List.copyOf(choices), help);
    }

    /** A comma-separated list of doubles, each in [min, max]. */
    public static Param realList(String key, List<Double> def, double min, double max, String help) {
        return new Param(key, Type.DOUBLE_LIST, List.copyOf(def), min, false, max, false, null, help);
    }

    public static Param intList(String key, List<Integer> def, int min, int max, String help) {
        return new Param(key, Type.INT_LIST, List.copyOf(def), min, false, max, false, null, help);
    }

    /** Parses and range-checks a textual value; throws UsageException naming the key, value and range. */
    public Object parse(String text) {
        String t = text.trim();
        try {
            switch (type) {
                case INT:
                    return (int) checkRange(Integer.parseInt(t), text);
                case LONG:
                    return (long) checkRange(Long.parseLong(t), text);
                case DOUBLE:
                    return checkRange(Double.parseDouble(t), text);
                case BOOL:
                    if (t.equalsIgnoreCase("true") || t.equalsIgnoreCase("false")) {
                        return Boolean.parseBoolean(t);
                    }
                    throw new UsageException("--set " + key + "=" + text + ": must be true or false");
                case STRING:
                    if (!choices.contains(t)) {
                        throw new UsageException("--set " + key + "=" + text + ": must be one of " + choices);
                    }
                    return t;
                case DOUBLE_LIST: {
                    List<Double> out = new ArrayList<>();
                    for (String part : splitList(t)) {
                        out.add(checkRange(Double.parseDouble(part.trim()), text));
                    }
                    return List.copyOf(out);
                }
                case INT_LIST: {
                    List<Integer> out = new ArrayList<>();
                    for (String part : splitList(t)) {
                        out.add((int) checkRange(Integer.parseInt(part.trim()), text));
                    }
                    return List.copyOf(out);
                }
                default:
                    throw new IllegalStateException(type.toString());
            }
        } catch (NumberFormatException e) {
            throw new UsageException("--set " + key + "=" + text + ": not a valid " + typeName() + "; allowed: "
                    + allowed());
        }
    }

    private List<String> splitList(String t) {
        String s = t;
        if (s.startsWith("[") && s.endsWith("]")) {
            s = s.substring(1, s.length() - 1);
        }
        if (s.isBlank()) {
            throw new UsageException("--set " + key + "=" + t + ": the list is empty; allowed: " + allowed());
        }
        return List.of(s.split(","));
    }

    private double checkRange(double v, String text) {
        boolean ok = !Double.isNaN(v)
                && (minExclusive ? v > min : v >= min)
                && (maxExclusive ? v < max : v <= max);
        if (!ok) {
            throw new UsageException("--set " + key + "=" + text + ": out of range; allowed: " + allowed());
        }
        return v;
    }

    public String typeName() {
        switch (type) {
            case INT: return "integer";
            case LONG: return "integer";
            case DOUBLE: return "number";
            case BOOL: return "boolean";
            case STRING: return "choice";
            case DOUBLE_LIST: return "list of numbers";
            case INT_LIST: return "list of integers";
            default: return type.toString();
        }
    }

    /** The allowed values in words, e.g. "a number in (0, 1)". */
    public String allowed() {
        switch (type) {
            case BOOL:
                return "true or false";
            case STRING:
                return "one of " + choices;
            default:
                String lo = minExclusive ? "(" : "[";
                String hi = maxExclusive ? ")" : "]";
                return (type == Type.DOUBLE_LIST || type == Type.INT_LIST ? "comma-separated, each " : "a " + typeName() + " ")
                        + "in " + lo + fmt(min) + ", " + fmt(max) + hi;
        }
    }

    private String fmt(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return String.format(Locale.ROOT, "%d", (long) v);
        }
        return String.valueOf(v);
    }
}
