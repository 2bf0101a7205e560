package dev.zeroloss.harness.core;

import java.util.List;

/** One experiment = one paper figure (or one study): its name, parameters and the run itself. */
public interface Experiment {
    /** Short CLI name, e.g. "fig1". */
    String name();

    /** One line for {@code ./repro list}. */
    String title();

    /** Every configurable value with its paper-scale default. */
    List<Param> params();

    /**
     * True for the experiments of "The Geometry of Grokking" (run by {@code ./repro} with no arguments);
     * false for the open-question studies, which run only when named.
     */
    default boolean mainPaper() {
        return true;
    }

    /** Seeds used when the user gives none. */
    default List<Integer> defaultSeeds() {
        return List.of(0);
    }

    /** Overrides that make a CI-scale run of seconds (used by tests and golden replay). */
    default java.util.Map<String, String> ciScale() {
        return java.util.Map.of();
    }

    /** Runs the experiment, writing metrics, figures, claims and summary through the context. */
    void run(RunContext ctx) throws Exception;
}
