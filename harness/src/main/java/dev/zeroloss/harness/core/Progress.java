package dev.zeroloss.harness.core;

import java.io.PrintStream;
import java.util.Locale;

/**
 * A one-line progress display (step, rate, ETA, current test accuracy) redrawn in place on stderr when
 * stderr is a terminal, and silent otherwise (so logs and CI output stay clean).
 */
public final class Progress {
    private final PrintStream err;
    private final boolean enabled;
    private final String label;
    private final long total;
    private final long startNanos;
    private long lastDraw;

    public Progress(String label, long total, boolean enabled) {
        this.err = System.err;
        this.enabled = enabled;
        this.label = label;
        this.total = total;
        this.startNanos = System.nanoTime();
    }

    /**
     * Whether stderr is a terminal. Java 17 cannot ask that of stderr itself, so ./repro tests it
     * ({@code [ -t 2 ]}) and passes {@code -Dzeroloss.stderrTty}; ZEROLOSS_PROGRESS=always|never overrides.
     * Without either, a console on stdin/stdout is taken as the sign of a terminal.
     */
    public static boolean terminalAttached() {
        String force = System.getenv("ZEROLOSS_PROGRESS");
        if ("always".equals(force)) {
            return true;
        }
        if ("never".equals(force)) {
            return false;
        }
        String tty = System.getProperty("zeroloss.stderrTty");
        if (tty != null) {
            return Boolean.parseBoolean(tty);
        }
        return System.console() != null;
    }

    /** Redraws at most every 200 ms; {@code extra} is e.g. "test acc 0.512" (may be null). */
    public void update(long step, String extra) {
        if (!enabled) {
            return;
        }
        long now = System.nanoTime();
        if (now - lastDraw < 200_000_000L && step < total) {
            return;
        }
        lastDraw = now;
        double sec = (now - startNanos) / 1e9;
        double rate = step / Math.max(sec, 1e-9);
        double eta = rate > 0 ? (total - step) / rate : Double.NaN;
        err.print(String.format(Locale.ROOT, "\r%s  step %d/%d  %.0f steps/s  ETA %s%s\u001b[K", label, step, total,
                rate, formatSeconds(eta), extra == null ? "" : "  " + extra));
        err.flush();
    }

    public void done() {
        if (enabled) {
            err.print("\r\u001b[K");
            err.flush();
        }
    }

    static String formatSeconds(double s) {
        if (Double.isNaN(s) || Double.isInfinite(s)) {
            return "?";
        }
        long t = Math.round(s);
        return t >= 60 ? (t / 60) + "m" + String.format(Locale.ROOT, "%02d", t % 60) + "s" : t + "s";
    }
}
