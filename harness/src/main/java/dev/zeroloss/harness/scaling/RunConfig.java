package dev.zeroloss.harness.scaling;

import dev.zeroloss.engine.Rng;
import dev.zeroloss.harness.core.UsageException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Everything that defines one training run of the scaling study. A run is a pure function of this
 * config: same values ⇒ same bits. {@link #hash()} keys the run (sweep resume, shard outputs).
 *
 * <p>Keys (JSON / CSV names) and defaults are the project's base cell (paper doc scaling-laws.md):
 * modular addition mod 23 over ordered pairs, concatenated one-hots, two-layer ReLU width 512, mean
 * cross-entropy, full-batch AdamW η = 1e-3, λ = 1, β = (0.9, 0.98), ε = 1e-8.
 */
public final class RunConfig {
    /** The keys in their canonical order (hash, CSV columns). */
    public static final List<String> KEYS = List.of("task", "p", "train_fraction", "input", "model", "width",
            "init_scale", "loss", "optimizer", "eta", "lambda", "beta1", "beta2", "eps", "batch", "seed",
            "max_steps", "eval_every", "stop_after", "mem_acc", "grok_acc", "grok_acc_hi", "wd_off_at_mem");

    public String task = "add";          // add | mul
    public int p = 23;
    public double trainFraction = 0.75;
    public String input = "concat";      // concat | sum
    public String model = "relu2";       // relu2 | gelu2 | relu3
    public int width = 512;
    public double initScale = 0.1;       // weights ~ init_scale·N(0,1)/√p
    public String loss = "ce";           // ce | mse_mean | mse_sum
    public String optimizer = "adamw";   // adamw | sgd (sgd with batch 0 = full-batch GD)
    public double eta = 1e-3;
    public double lambda = 1.0;
    public double beta1 = 0.9;
    public double beta2 = 0.98;
    public double eps = 1e-8;
    public int batch = 0;                // 0: full batch
    public long seed = 0;
    public int maxSteps = 6000;
    public int evalEvery = 10;
    public int stopAfter = 100;          // stop this many steps after T_grok_hi
    public double memAcc = 0.99;
    public double grokAcc = 0.95;
    public double grokAccHi = 0.99;
    public boolean wdOffAtMem = false;

    public RunConfig copy() {
        RunConfig c = new RunConfig();
        for (Map.Entry<String, String> e : toMap().entrySet()) {
            c.set(e.getKey(), e.getValue());
        }
        return c;
    }

    /** Sets one key from text; throws UsageException naming the key, the value and what is allowed. */
    public void set(String key, String value) {
        String v = value.trim();
        try {
            switch (key) {
                case "task": task = choice(key, v, "add", "mul"); break;
                case "p": p = intIn(key, v, 3, 997); break;
                case "train_fraction": trainFraction = realIn(key, v, 0.0, 1.0, true); break;
                case "input": input = choice(key, v, "concat", "sum"); break;
                case "model": model = choice(key, v, "relu2", "gelu2", "relu3"); break;
                case "width": width = intIn(key, v, 1, 1 << 16); break;
                case "init_scale": initScale = realIn(key, v, 0.0, 100.0, false); break;
                case "loss": loss = choice(key, v, "ce", "mse_mean", "mse_sum"); break;
                case "optimizer": optimizer = choice(key, v, "adamw", "sgd"); break;
                case "eta": eta = realIn(key, v, 0.0, 100.0, true); break;
                case "lambda": lambda = realIn(key, v, 0.0, 1e4, false); break;
                case "beta1": beta1 = realIn(key, v, 0.0, 1.0, false); break;
                case "beta2": beta2 = realIn(key, v, 0.0, 1.0, false); break;
                case "eps": eps = realIn(key, v, 0.0, 1.0, false); break;
                case "batch": batch = intIn(key, v, 0, 1 << 24); break;
                case "seed": seed = Long.parseLong(v); break;
                case "max_steps": maxSteps = intIn(key, v, 1, 100_000_000); break;
                case "eval_every": evalEvery = intIn(key, v, 1, 100_000_000); break;
                case "stop_after": stopAfter = intIn(key, v, 0, 100_000_000); break;
                case "mem_acc": memAcc = realIn(key, v, 0.0, 1.0, false); break;
                case "grok_acc": grokAcc = realIn(key, v, 0.0, 1.0, false); break;
                case "grok_acc_hi": grokAccHi = realIn(key, v, 0.0, 1.0, false); break;
                case "wd_off_at_mem":
                    if (!v.equals("true") && !v.equals("false")) {
                        throw new UsageException(key + " = " + v + ": must be true or false");
                    }
                    wdOffAtMem = Boolean.parseBoolean(v);
                    break;
                default:
                    throw new UsageException("unknown run key '" + key + "'; known: " + String.join(", ", KEYS));
            }
        } catch (NumberFormatException e) {
            throw new UsageException(key + " = " + v + ": not a number");
        }
    }

    /** Cross-field checks (after all keys are set). */
    public void validate() {
        int n = trainCount();
        if (n < 1 || n >= pairCount()) {
            throw new UsageException(String.format(Locale.ROOT, "train_fraction = %s with p = %d gives %d train of"
                    + " %d pairs: need at least one train and one test pair", trainFraction, p, n, pairCount()));
        }
        if (batch > n) {
            throw new UsageException("batch = " + batch + ": larger than the " + n + " train pairs (0 = full batch)");
        }
        if (grokAccHi < grokAcc) {
            throw new UsageException("grok_acc_hi = " + grokAccHi + " must be >= grok_acc = " + grokAcc);
        }
    }

    public int pairCount() {
        return p * p;
    }

    /** ⌊f·p²⌋ ordered pairs for training. */
    public int trainCount() {
        return (int) Math.floor(trainFraction * pairCount());
    }

    public int inputDim() {
        return input.equals("concat") ? 2 * p : p;
    }

    /** Key → canonical text ({@link Num#format} / Long.toString, JDK-independent), in {@link #KEYS} order. */
    public Map<String, String> toMap() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("task", task);
        m.put("p", Integer.toString(p));
        m.put("train_fraction", Num.format(trainFraction));
        m.put("input", input);
        m.put("model", model);
        m.put("width", Integer.toString(width));
        m.put("init_scale", Num.format(initScale));
        m.put("loss", loss);
        m.put("optimizer", optimizer);
        m.put("eta", Num.format(eta));
        m.put("lambda", Num.format(lambda));
        m.put("beta1", Num.format(beta1));
        m.put("beta2", Num.format(beta2));
        m.put("eps", Num.format(eps));
        m.put("batch", Integer.toString(batch));
        m.put("seed", Long.toString(seed));
        m.put("max_steps", Integer.toString(maxSteps));
        m.put("eval_every", Integer.toString(evalEvery));
        m.put("stop_after", Integer.toString(stopAfter));
        m.put("mem_acc", Num.format(memAcc));
        m.put("grok_acc", Num.format(grokAcc));
        m.put("grok_acc_hi", Num.format(grokAccHi));
        m.put("wd_off_at_mem", Boolean.toString(wdOffAtMem));
        return m;
    }

    /** The canonical text "k=v;k=v;…" hashed into the run key. */
    public String canonical() {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, String> e : toMap().entrySet()) {
            sb.append(e.getKey()).append('=').append(e.getValue()).append(';');
        }
        return sb.toString();
    }

    /** 16 hex digits: FNV-1a 64 of the canonical text, then SplitMix64 finalised. */
    public String hash() {
        return String.format(Locale.ROOT, "%016x", Rng.mix64(Rng.fnv1a64(canonical().getBytes(StandardCharsets.UTF_8))));
    }

    public static RunConfig fromMap(Map<String, String> m) {
        RunConfig c = new RunConfig();
        for (Map.Entry<String, String> e : m.entrySet()) {
            c.set(e.getKey(), e.getValue());
        }
        return c;
    }

    /** The keys whose values differ between a and b. */
    public static List<String> differing(RunConfig a, RunConfig b) {
        List<String> out = new ArrayList<>();
        Map<String, String> ma = a.toMap();
        Map<String, String> mb = b.toMap();
        for (String k : KEYS) {
            if (!ma.get(k).equals(mb.get(k))) {
                out.add(k);
            }
        }
        return out;
    }

    private static String choice(String key, String v, String... allowed) {
        for (String a : allowed) {
            if (a.equals(v)) {
                return v;
            }
        }
        throw new UsageException(key + " = '" + v + "': must be one of " + String.join(", ", allowed));
    }

    private static int intIn(String key, String v, int lo, int hi) {
        double d = Double.parseDouble(v);
        if (d != Math.rint(d) || d < lo || d > hi) {
            throw new UsageException(key + " = " + v + ": must be an integer in [" + lo + ", " + hi + "]");
        }
        return (int) d;
    }

    private static double realIn(String key, String v, double lo, double hi, boolean loOpen) {
        double d = Double.parseDouble(v);
        if (Double.isNaN(d) || (loOpen ? d <= lo : d < lo) || d > hi) {
            throw new UsageException(key + " = " + v + ": must be a number in " + (loOpen ? "(" : "[") + lo + ", "
                    + hi + "]");
        }
        return d;
    }
}
