package dev.zeroloss.harness.experiments;

import dev.zeroloss.engine.Mat;
import dev.zeroloss.harness.core.Config;
import dev.zeroloss.harness.core.Experiment;
import dev.zeroloss.harness.core.Param;
import dev.zeroloss.harness.core.RunContext;
import dev.zeroloss.harness.core.Table;
import dev.zeroloss.harness.core.UsageException;
import dev.zeroloss.harness.data.ModularAddition;
import dev.zeroloss.harness.data.PairRows;
import dev.zeroloss.harness.model.DynamicsBreakdownException;
import dev.zeroloss.harness.model.IsolatedDynamics;
import dev.zeroloss.harness.model.Linalg;
import dev.zeroloss.harness.scaling.ModTask;
import dev.zeroloss.harness.scaling.RunConfig;
import dev.zeroloss.harness.scaling.RunResult;
import dev.zeroloss.harness.scaling.Trainer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Open question "finite learning rate": does the real GD update of the first layer follow the paper's
 * Eq. 20 direction, and how does that change as the step grows? The paper's setting (paper doc §3–4):
 * unordered pairs, summed one-hot inputs, two-layer ReLU net without biases, summed squared error with
 * weight decay λ‖θ‖² (gradient 2λθ), full-batch GD. For each learning rate lr the run lasts the same
 * rescaled time τ = 2·lr·λ·steps; at evenly spaced steps t it records
 * cos(W1_t − W1_{t−lag}, Eq. 20 direction at E = W1_t) (the direction from {@link IsolatedDynamics}: the
 * flow of W1 when the second layer is the minimum-norm interpolant). Both layers start at N(0, 1/p).
 */
public final class OpenStepSize implements Experiment {
    /** An open-question study of the scaling-law issue: runs only when named, not in `./repro`. */
    @Override
    public boolean mainPaper() {
        return false;
    }


    @Override
    public String name() {
        return "open-stepsize";
    }

    @Override
    public String title() {
        return "Open question: finite step size — cosine of the real GD update of W1 with the Eq. 20 direction";
    }

    @Override
    public List<Param> params() {
        return List.of(
                Param.integer("p", 23, 3, 997, "modulus (unordered pairs, summed one-hots)"),
                Param.real("train_fraction", 0.7, 0.0, true, 1.0, true, "train fraction of the unordered pairs"),
                Param.integer("hidden", 256, 1, 1 << 16, "hidden width (must exceed n_train for Eq. 20)"),
                Param.realList("lrs", List.of(2.5e-4, 5e-4, 1e-3, 2e-3), 0.0, 10.0, "GD learning rates compared"),
                Param.real("lambda", 0.01, 0.0, true, 1e3, false, "weight decay λ in λ‖θ‖² (gradient 2λθ)"),
                Param.real("tau", 0.1, 0.0, true, 1e6, false, "rescaled time 2·lr·λ·steps of every run"),
                Param.integer("measurements", 40, 2, 100_000, "cosine measurements per run (evenly spaced)"),
                Param.integer("lag", 1, 1, 1000, "the real update is W1_t − W1_{t−lag}"));
    }

    @Override
    public Map<String, String> ciScale() {
        return Map.of("p", "7", "train_fraction", "0.8", "hidden", "32", "lrs", "2e-3,4e-3,8e-3", "tau", "0.05",
                "measurements", "8");
    }

    @Override
    public void run(RunContext ctx) {
        Config c = ctx.config();
        int p = c.getInt("p");
        double f = c.getDouble("train_fraction");
        int hidden = c.getInt("hidden");
        List<Double> lrs = c.getDoubles("lrs");
        double lambda = c.getDouble("lambda");
        double tau = c.getDouble("tau");
        int measurements = c.getInt("measurements");
        int lag = c.getInt("lag");
        for (double lr : lrs) {
            int steps = (int) Math.max(2, Math.round(tau / (2.0 * lr * lambda)));
            if (lag >= Math.max(1, steps / measurements)) {
                throw new UsageException("lag = " + lag + ": must be below the measurement interval steps/measurements"
                        + " = " + Math.max(1, steps / measurements) + " of the run at lr = " + lr + " (" + steps
                        + " steps); lower lag or measurements, or raise tau");
            }
        }
        int nTrain = ModularAddition.trainCount(p, f);
        if (hidden <= nTrain) {
            throw new UsageException("hidden = " + hidden + ": must exceed n_train = " + nTrain + " (p = " + p
                    + ", train_fraction = " + f + "): the Eq. 20 direction needs H·Hᵀ invertible");
        }
        Table m = ctx.table("metrics.csv", "lr", "seed", "step", "tau", "cosine", "train_acc", "test_acc",
                "train_loss");
        Table sum = ctx.table("summary_by_lr.csv", "lr", "seed", "steps", "t_mem", "t_grok", "mean_cos_after_mem",
                "measured_after_mem", "final_test_acc", "finite");
        XYChart cosChart = Charts.lines("cos(real GD update of W1, Eq. 20 direction) vs rescaled time",
                "rescaled time τ = 2·lr·λ·step", "cosine");
        cosChart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.OutsideE);
        XYChart meanChart = Charts.lines("Mean cosine after memorisation vs learning rate", "learning rate",
                "mean cosine after T_mem");
        meanChart.getStyler().setXAxisDecimalPattern("0.0E0").setLegendPosition(
                org.knowm.xchart.style.Styler.LegendPosition.OutsideS);
        Linalg la = new Linalg(ctx.pool());
        List<String> means = new ArrayList<>();
        List<Double> meanValues = new ArrayList<>();
        boolean allFinite = true;
        for (int seed : ctx.seeds()) {
            ModularAddition data = ModularAddition.create(p, f, seed);
            PairRows xtr = data.train.rows(p);
            PairRows xte = data.test.rows(p);
            ModTask task = new ModTask(p, p, xtr.sparse(), data.train.label.clone(), xte.sparse(),
                    data.test.label.clone());
            double[] lrArr = new double[lrs.size()];
            double[] meanArr = new double[lrs.size()];
            for (int li = 0; li < lrs.size(); li++) {
                double lr = lrs.get(li);
                RunConfig rc = new RunConfig();
                rc.p = p;
                rc.input = "sum";
                rc.width = hidden;
                rc.initScale = 1.0;
                rc.loss = "mse_sum";
                rc.optimizer = "sgd";
                rc.eta = lr;
                rc.lambda = 2.0 * lambda; // SGD decay adds λ'θ to the gradient; the paper's λ‖θ‖² gives 2λθ
                rc.seed = seed;
                int steps = (int) Math.max(2, Math.round(tau / (2.0 * lr * lambda)));
                rc.maxSteps = steps;
                rc.evalEvery = Math.max(1, steps / measurements);
                rc.stopAfter = Integer.MAX_VALUE / 4;
                int every = rc.evalEvery;
                String run = String.format(Locale.ROOT, "lr%s/seed%d", lr, seed);
                Mat prev = new Mat(p, hidden);
                double[] cosSum = {0.0, 0.0};
                List<double[]> pts = new ArrayList<>();
                var prog = ctx.progress(run, steps);
                RunResult r = Trainer.run(rc, task, la, (step, net, ev, so) -> {
                    if (RunContext.isCheckpoint(step, steps)) {
                        Map<String, double[]> t = new LinkedHashMap<>();
                        t.put("W1", net.w1.data);
                        t.put("W2", net.w2.data);
                        ctx.checkpoint(run, step, t, Map.of("V", net.squaredNorm()));
                    }
                    if ((step + lag) % every == 0) {
                        prev.copyFrom(net.w1);
                    }
                    if (ev && step >= lag && step % every == 0) {
                        double cos = Double.NaN;
                        try {
                            IsolatedDynamics dyn = new IsolatedDynamics(la, xtr, data.train.label, xte,
                                    data.test.label, net.w1);
                            dyn.forward();
                            Mat dir = dyn.direction();
                            double dot = 0, nd = 0, nu = 0;
                            for (int i = 0; i < dir.data.length; i++) {
                                double u = net.w1.data[i] - prev.data[i];
                                dot = Math.fma(u, dir.data[i], dot);
                                nd = Math.fma(dir.data[i], dir.data[i], nd);
                                nu = Math.fma(u, u, nu);
                            }
                            cos = dot / (Math.sqrt(nd) * Math.sqrt(nu));
                        } catch (DynamicsBreakdownException e) {
                            cos = Double.NaN; // H·Hᵀ singular (dead rows): no Eq. 20 direction here
                        }
                        double[] e = so.evals.get(so.evals.size() - 1);
                        pts.add(new double[] {step, cos, e[1], e[3], e[0]});
                        if (so.tMem >= 0 && Double.isFinite(cos)) {
                            cosSum[0] += cos;
                            cosSum[1] += 1;
                        }
                        prog.update(step, String.format(Locale.ROOT, "cos %.3f train %.3f", cos, e[1]));
                    }
                });
                prog.done();
                double[] tx = new double[pts.size()];
                double[] cy = new double[pts.size()];
                for (int i = 0; i < pts.size(); i++) {
                    double[] q = pts.get(i);
                    tx[i] = 2.0 * lr * lambda * q[0];
                    cy[i] = Double.isFinite(q[1]) ? q[1] : 0.0;
                    m.add(lr, seed, (int) q[0], tx[i], q[1], q[2], q[3], q[4]);
                }
                boolean finite = Double.isFinite(r.finalTrainLoss);
                allFinite &= finite;
                double mean = cosSum[1] > 0 ? cosSum[0] / cosSum[1] : Double.NaN;
                sum.add(lr, seed, r.stepsRun, r.tMem, r.tGrok, mean, (int) cosSum[1], r.finalTestAcc, finite);
                if (pts.size() > 1) {
                    Charts.addLine(cosChart, String.format(Locale.ROOT, "lr %s s%d", lr, seed), tx, cy);
                }
                lrArr[li] = lr;
                meanArr[li] = Double.isFinite(mean) ? mean : 0.0;
                means.add(String.format(Locale.ROOT, "lr %s seed %d: %.4f (%d points after T_mem %s)", lr, seed, mean,
                        (int) cosSum[1], r.tMem < 0 ? "never" : Integer.toString(r.tMem)));
                meanValues.add(mean);
                ctx.summary(String.format(Locale.ROOT, "mean_cos_lr%s_seed%d", lr, seed), mean);
            }
            XYSeries s = meanChart.addSeries("seed " + seed, lrArr, meanArr);
            s.setMarker(SeriesMarkers.CIRCLE);
        }
        meanChart.getStyler().setMarkerSize(8);
        ctx.figure("cosine_vs_time.png", cosChart);
        ctx.figure("mean_cosine_vs_lr.png", meanChart);
        boolean falls = true;
        int per = lrs.size();
        for (int s = 0; s < ctx.seeds().size(); s++) {
            for (int i = 1; i < per; i++) {
                double a = meanValues.get(s * per + i - 1), b = meanValues.get(s * per + i);
                falls &= Double.isFinite(a) && Double.isFinite(b) && b < a;
            }
        }
        ctx.claim(name(), "the post-memorisation cosine with the Eq. 20 direction falls as the step size grows",
                String.join("; ", means), "strictly decreasing in lr for every seed", falls);
        ctx.claim(name(), "GD stays finite at every step size", allFinite ? "all runs finite" : "a run diverged",
                "final train loss finite", allFinite);
    }
}
