package dev.zeroloss.harness.core;

/**
 * A simulated kill for resume tests: the long experiments call {@link #step} in their step loops, and a test
 * arms it to throw {@link SimulatedKill} once when a chosen run reaches a chosen step (like kill -9 there,
 * except that the JVM survives). Disarmed (a single volatile read per step) in normal runs.
 */
public final class TestHooks {
    private static volatile String crashRun;
    private static volatile long crashStep = -1;

    private TestHooks() {
    }

    /** The exception a test's simulated kill throws. */
    public static final class SimulatedKill extends RuntimeException {
        public SimulatedKill(String message) {
            super(message);
        }
    }

    /** Arms the hook: the next time run {@code run} reaches {@code step}, throw (once). */
    public static synchronized void crashAt(String run, long step) {
        crashStep = step;
        crashRun = run;
    }

    public static synchronized void disarm() {
        crashRun = null;
        crashStep = -1;
    }

    /** Called by experiments at each step of run {@code run}. */
    public static void step(String run, long step) {
        if (crashRun != null) {
            fire(run, step);
        }
    }

    private static synchronized void fire(String run, long step) {
        if (run.equals(crashRun) && step == crashStep) {
            crashRun = null;
            crashStep = -1;
            throw new SimulatedKill("simulated kill of " + run + " at step " + step);
        }
    }
}
