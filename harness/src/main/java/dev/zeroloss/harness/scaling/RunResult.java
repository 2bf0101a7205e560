package dev.zeroloss.harness.scaling;

import java.util.ArrayList;
import java.util.List;

/** What one run measured: events, norms and the evaluation trajectory. Steps are −1 when never reached. */
public final class RunResult {
    public int tMem = -1;
    public int tGrok = -1;
    public int tGrokHi = -1;
    public double vInit;
    public double vAtMem = Double.NaN;
    public double vPeak = Double.NaN;
    public int vPeakStep = -1;
    public double vAtGrok = Double.NaN;
    /** Least-squares slope of log V against step over the evaluations from the V peak to T_grok. */
    public double decayRate = Double.NaN;
    public int decayFrom = -1;
    public int decayTo = -1;
    public double finalTrainAcc;
    public double finalTestAcc;
    public double finalTrainLoss;
    public double finalTestLoss;
    public double collapseFraction;     // train samples with a collapsed softmax, at the last evaluation
    public double maxCollapseFraction;  // the largest over all evaluations
    public int stepsRun;
    public int wdOffStep = -1;
    public double seconds;              // wall time (not part of any bit-compared output)

    public final List<int[]> evalSteps = new ArrayList<>();
    /** Per evaluation: train loss, train acc, test loss, test acc, V, collapse fraction. */
    public final List<double[]> evals = new ArrayList<>();

    public int delay() {
        return tMem >= 0 && tGrok >= 0 ? tGrok - tMem : -1;
    }

    public int delayHi() {
        return tMem >= 0 && tGrokHi >= 0 ? tGrokHi - tMem : -1;
    }

    public double[] series(int column) {
        double[] out = new double[evals.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = evals.get(i)[column];
        }
        return out;
    }

    public double[] steps() {
        double[] out = new double[evalSteps.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = evalSteps.get(i)[0];
        }
        return out;
    }
}
