package dev.zeroloss.harness.experiments;

import dev.zeroloss.harness.core.Experiment;
import dev.zeroloss.harness.core.UsageException;
import java.util.ArrayList;
import java.util.List;

/** The registry: every experiment the CLI knows, in the order `./repro` runs them. */
public final class Experiments {
    private Experiments() {
    }

    public static List<Experiment> all() {
        List<Experiment> list = new ArrayList<>();
        list.add(new Fig1LinearTwoParam());
        list.add(new Fig2LinearThreeParam());
        list.add(new Fig3ZeroLossSets());
        list.add(new Fig4GradientOrthogonality());
        list.add(new Fig5TangentCosine());
        list.add(new Fig6IsolatedDynamics());
        list.add(new RealTraining());
        list.add(new OpenVariants.CrossEntropy());
        list.add(new OpenVariants.Gelu());
        list.add(new OpenVariants.Deep());
        list.add(new OpenVariants.Multiplication());
        list.add(new OpenStepSize());
        return list;
    }

    /** The experiments `./repro` runs with no arguments: those of the main paper. */
    public static List<Experiment> mainPaper() {
        List<Experiment> list = new ArrayList<>();
        for (Experiment e : all()) {
            if (e.mainPaper()) {
                list.add(e);
            }
        }
        return list;
    }

    public static Experiment byName(String name) {
        List<String> names = new ArrayList<>();
        for (Experiment e : all()) {
            if (e.name().equals(name)) {
                return e;
            }
            names.add(e.name());
        }
        throw new UsageException("unknown experiment '" + name + "'; known: " + String.join(", ", names)
                + " (./repro list describes them)");
    }
}
