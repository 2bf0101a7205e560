package dev.zeroloss.harness.experiments;

import dev.zeroloss.engine.Mat;
import dev.zeroloss.harness.analysis.FourierFeatures;
import dev.zeroloss.harness.core.Config;
import dev.zeroloss.harness.core.Experiment;
import dev.zeroloss.harness.core.Param;
import dev.zeroloss.harness.core.Progress;
import dev.zeroloss.harness.core.RunContext;
import dev.zeroloss.harness.core.Table;
import dev.zeroloss.harness.core.TestHooks;
import dev.zeroloss.harness.core.UsageException;
import dev.zeroloss.harness.data.ModularAddition;
import dev.zeroloss.harness.data.PairRows;
import dev.zeroloss.harness.model.Dense;
import dev.zeroloss.harness.model.Init;
import dev.zeroloss.harness.model.Linalg;
import dev.zeroloss.harness.model.TwoLayerNet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.knowm.xchart.XYChart;

/**
 * Real full-batch GD training of the two-layer net beside the isolated-dynamics simulation (paper doc
 * "Real training beside the simulation"): same split, same first-layer init as the simulation's seed, summed
 * squared error, weight decay λ‖θ‖² on both layers. Compares the test-accuracy curves on the rescaled time
 * axis (training: 2·lr·λ·step; simulation: η·step), the norms and the final Fourier features.
 */
public final class RealTraining implements Experiment {

    @Override
    public String name() {
        return "training";
    }

    @Override
    public String title() {
        return "Real GD training of the two-layer net beside the Fig. 6 simulation (accuracy, norms, Fourier)";
    }

    @Override
    public List<Param> params() {
        return List.of(
                Param.integer("p", 37, 3, 2000, "modulus (odd)"),
                Param.real("train_fraction", 0.7, 0.0, true, 1.0, true, "train fraction of the unordered pairs"),
                Param.integer("hidden", 512, 1, 1 << 16, "hidden width d_h (must exceed n_train for the simulation)"),
                Param.real("lr", 4e-4, 0.0, true, 1.0, false, "GD learning rate (summed squared error)"),
                Param.real("weight_decay", 0.1, 0.0, false, 1e3, false, "λ in λ‖θ‖² on both layers (gradient 2λθ)"),
                Param.integer("steps", 40000, 1, 100_000_000, "GD steps"),
                Param.integer("eval_every", 250, 1, 100_000_000, "evaluate every this many steps (and at the last)"),
                Param.real("sim_eta", 1e-3, 0.0, true, 1.0, false, "Euler step of the simulation run beside"),
                Param.integer("sim_steps", 5000, 1, 100_000_000, "Euler steps of the simulation"),
                Param.integer("sim_eval_every", 50, 1, 100_000_000, "simulation evaluation interval"),
                Param.integer("claim_memorise_step", 250, 0, 100_000_000, "claim: train accuracy 100 % by this step"),
                Param.real("claim_grok_acc", 0.99, 0.0, 1.0, "claim: generalised test accuracy"),
                Param.real("claim_norm_cv", 0.1, 0.0, 1e9, "claim: CV of the final Fourier norms of W1 <= this"),
                Param.real("claim_max_cos", 0.1, 0.0, 1.0, "claim: largest off-diagonal |cos| of the final W1 features <= this"),
                Param.real("claim_norm_ratio", 0.05, 0.0, 1e9, "claim: | ‖W1‖/‖W2‖ − 1 | at the end <= this"));
    }

    @Override
    public Map<String, String> ciScale() {
        return Map.of("p", "13", "train_fraction", "0.8", "hidden", "96", "lr", "0.002", "steps", "1000",
                "eval_every", "20", "sim_eta", "0.01", "sim_steps", "400", "sim_eval_every", "10",
                "claim_memorise_step", "1000");
    }

    /** One evaluation of the real net. */
    record Eval(int step, double trainLoss, double trainAcc, double testLoss, double testAcc, double normW1,
                double normW2) {
    }

    @Override
    public void run(RunContext ctx) {
        Config c = ctx.config();
        Fig6IsolatedDynamics.Settings sim = Fig6IsolatedDynamics.Settings.from(c, "p", "train_fraction", "hidden",
                "sim_eta", "sim_steps", "sim_eval_every");
        int p = sim.p();
        int hidden = sim.hidden();
        double lr = c.getDouble("lr");
        double lambda = c.getDouble("weight_decay");
        int steps = c.getInt("steps");
        int evalEvery = c.getInt("eval_every");
        if (!(lr > 0.0)) {
            throw new UsageException("lr = " + lr + ": must be positive");
        }

        Table metrics = ctx.table("metrics.csv", "seed", "step", "train_loss", "train_acc", "test_loss", "test_acc",
                "norm_W1", "norm_W2", "time_rescaled");
        Table simTable = ctx.table("simulation.csv", "seed", "step", "train_loss", "train_acc", "test_loss",
                "test_acc", "norm_E", "norm_W", "time_rescaled");
        Table fourier = ctx.table("fourier.csv", "seed", "k", "re_init", "im_init", "re_final_training",
                "im_final_training", "re_final_simulation", "im_final_simulation");
        Table compare = ctx.table("comparison.csv", "seed", "what", "training", "simulation");

        double grokAcc = c.getDouble("claim_grok_acc");
        // Per seed two resumable runs, "seedN/training" (GD) and "seedN/simulation" (Eq. 20 beside it), then
        // the seed's comparison rows before "seedN" is marked complete. Charts and claims come after all seeds,
        // from the tables and the carried final weights only, so a resumed run rebuilds them identically.
        for (int seed : ctx.seeds()) {
            String base = "seed" + seed;
            if (ctx.isRunComplete(base)) {
                continue;
            }
            String trun = base + "/training";
            if (!ctx.isRunComplete(trun)) {
                train(ctx, seed, trun, p, hidden, sim.trainFraction(), lr, lambda, steps, evalEvery, metrics);
                ctx.completeRun(trun);
            }
            String srun = base + "/simulation";
            if (!ctx.isRunComplete(srun)) {
                boolean reused = Fig6IsolatedDynamics.simulate(ctx, sim, seed, srun, ev -> simTable.add(seed, ev.step,
                        ev.trainLoss, ev.trainAcc, ev.testLoss, ev.testAcc, ev.normE, ev.normW, sim.eta() * ev.step),
                        "training/sim");
                if (reused) {
                    ctx.summary("simulation_" + base, "reused the fig6 run of seed " + seed + " from this invocation"
                            + " (same settings; a recomputation gives the same bits); its seconds are fig6's");
                }
                ctx.completeRun(srun);
            }
            SeedResult r = seedResult(ctx, sim, seed, metrics, simTable);
            FourierFeatures f0 = r.f0;
            FourierFeatures fT = r.fT;
            FourierFeatures fS = r.sr.f1;
            for (int k = 0; k < f0.freqs; k++) {
                fourier.add(seed, k + 1, f0.reNorm[k], f0.imNorm[k], fT.reNorm[k], fT.imNorm[k], fS.reNorm[k],
                        fS.imNorm[k]);
            }
            Eval fin = r.fin();
            var simFin = r.sr.evals.get(r.sr.evals.size() - 1);
            int simGrok = r.sr.firstStepAtLeast(grokAcc);
            int grokStep = r.grokStep(grokAcc);
            double cos0 = FourierFeatures.maxOffDiagonal(f0.cosineMatrix());
            compare.add(seed, "first step test acc >= " + grokAcc, grokStep, simGrok);
            compare.add(seed, "rescaled time of that step", grokStep < 0 ? Double.NaN : 2.0 * lr * lambda * grokStep,
                    simGrok < 0 ? Double.NaN : sim.eta() * simGrok);
            compare.add(seed, "first step train acc = 1", r.memStep(), r.sr.evals.get(0).trainAcc == 1.0 ? 0 : -1);
            compare.add(seed, "final test acc", fin.testAcc(), simFin.testAcc);
            compare.add(seed, "final norm first layer (W1 / E)", fin.normW1(), simFin.normE);
            compare.add(seed, "final norm second layer (W2 / W)", fin.normW2(), simFin.normW);
            compare.add(seed, "final Fourier norm CV", fT.normCv(), fS.normCv());
            compare.add(seed, "final max off-diagonal |cos|", FourierFeatures.maxOffDiagonal(fT.cosineMatrix()),
                    FourierFeatures.maxOffDiagonal(fS.cosineMatrix()));
            compare.add(seed, "initial max off-diagonal |cos|", cos0, cos0);
            FourierFeatures.AbsSimilarity aT = fT.absSimilarity();
            FourierFeatures.AbsSimilarity aS = fS.absSimilarity();
            compare.add(seed, "abs-cos within", aT.withinMean(), aS.withinMean());
            compare.add(seed, "abs-cos across", aT.acrossMean(), aS.acrossMean());
            compare.add(seed, "seconds", r.trainSeconds, r.sr.seconds);
            ctx.completeRun(base);
        }

        XYChart acc = Charts.lines("Test accuracy: real GD training vs isolated dynamics (p = " + p + ")",
                "rescaled time (training: 2·lr·λ·step; simulation: eta·step)", "test accuracy");
        XYChart norms = Charts.lines("Norms: real training (W1, W2) vs simulation (E, W)",
                "rescaled time (training: 2·lr·λ·step; simulation: eta·step)", "Frobenius norm");
        norms.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.OutsideE);
        Config cfg = c;
        List<String> claimsMem = new ArrayList<>();
        boolean allMem = true;
        boolean allGrok = true;
        boolean cvOk = true;
        boolean cosOk = true;
        boolean ratioOk = true;
        StringBuilder grokText = new StringBuilder();
        StringBuilder cvText = new StringBuilder();
        StringBuilder cosText = new StringBuilder();
        StringBuilder ratioText = new StringBuilder();
        for (int seed : ctx.seeds()) {
            SeedResult r = seedResult(ctx, sim, seed, metrics, simTable);
            List<Eval> evals = r.evals;
            Fig6IsolatedDynamics.SimResult sr = r.sr;
            FourierFeatures f0 = r.f0;
            FourierFeatures fT = r.fT;
            FourierFeatures fS = sr.f1;
            Eval fin = r.fin();
            var simFin = sr.evals.get(sr.evals.size() - 1);
            int memStep = r.memStep();
            int grokStep = r.grokStep(grokAcc);
            int simGrok = sr.firstStepAtLeast(grokAcc);
            double cvT = fT.normCv();
            double cosT = FourierFeatures.maxOffDiagonal(fT.cosineMatrix());
            double cos0 = FourierFeatures.maxOffDiagonal(f0.cosineMatrix());
            double ratio = fin.normW1() / fin.normW2();

            double[] tx = new double[evals.size()];
            double[] ta = new double[evals.size()];
            double[] n1 = new double[evals.size()];
            double[] n2 = new double[evals.size()];
            for (int i = 0; i < evals.size(); i++) {
                tx[i] = 2.0 * lr * lambda * evals.get(i).step();
                ta[i] = evals.get(i).testAcc();
                n1[i] = evals.get(i).normW1();
                n2[i] = evals.get(i).normW2();
            }
            double[] sx = sr.series(e -> sim.eta() * e.step);
            Charts.addLine(acc, "training seed " + seed, tx, ta);
            Charts.addLine(acc, "simulation seed " + seed, sx, sr.series(e -> e.testAcc));
            Charts.addLine(norms, "||W1|| training s" + seed, tx, n1);
            Charts.addLine(norms, "||W2|| training s" + seed, tx, n2);
            Charts.addLine(norms, "||E|| simulation s" + seed, sx, sr.series(e -> e.normE));
            Charts.addLine(norms, "||W|| simulation s" + seed, sx, sr.series(e -> e.normW));
            if (seed == ctx.seeds().get(0)) {
                ctx.figure("fourier_norms_training.png", Charts.fourierNorms("Fourier norms of W1, initial vs final"
                        + " (real training, seed " + seed + ")", f0.reNorm, f0.imNorm, fT.reNorm, fT.imNorm));
                ctx.figure("fourier_norms_simulation.png", Charts.fourierNorms("Fourier norms of E, initial vs final"
                        + " (simulation, seed " + seed + ")", f0.reNorm, f0.imNorm, fS.reNorm, fS.imNorm));
                ctx.figure("cos_final_training.png", Charts.cosineHeatmap("cos(Re/Im F_k, Re/Im F_l) of W1, final"
                        + " (real training, seed " + seed + ")", fT.cosineMatrix(), -1.0, 1.0));
                ctx.figure("cos_final_simulation.png", Charts.cosineHeatmap("cos(Re/Im F_k, Re/Im F_l) of E, final"
                        + " (simulation, seed " + seed + ")", fS.cosineMatrix(), -1.0, 1.0));
            }

            allMem &= memStep >= 0 && memStep <= cfg.getInt("claim_memorise_step");
            claimsMem.add(memStep < 0 ? "never" : Integer.toString(memStep));
            allGrok &= grokStep >= 0;
            grokText.append(grokText.length() == 0 ? "" : "; ").append(String.format(Locale.ROOT,
                    "seed %d: step %s (τ %s), simulation step %s (τ %s)", seed, grokStep < 0 ? "never" : grokStep,
                    grokStep < 0 ? "-" : fmt3(2.0 * lr * lambda * grokStep), simGrok < 0 ? "never" : simGrok,
                    simGrok < 0 ? "-" : fmt3(sim.eta() * simGrok)));
            cvOk &= cvT <= cfg.getDouble("claim_norm_cv");
            cvText.append(cvText.length() == 0 ? "" : "; ").append(String.format(Locale.ROOT,
                    "seed %d: training %.4f, simulation %.4f, initial %.3f", seed, cvT, fS.normCv(), f0.normCv()));
            cosOk &= cosT <= cfg.getDouble("claim_max_cos");
            cosText.append(cosText.length() == 0 ? "" : "; ").append(String.format(Locale.ROOT,
                    "seed %d: training %.4f, simulation %.4f, initial %.3f", seed, cosT,
                    FourierFeatures.maxOffDiagonal(fS.cosineMatrix()), cos0));
            ratioOk &= Math.abs(ratio - 1.0) <= cfg.getDouble("claim_norm_ratio");
            ratioText.append(ratioText.length() == 0 ? "" : "; ").append(String.format(Locale.ROOT,
                    "seed %d: ||W1|| %.3f, ||W2|| %.3f (simulation ||E|| %.3f, ||W|| %.3f)", seed, fin.normW1(),
                    fin.normW2(), simFin.normE, simFin.normW));
            ctx.summary("seed" + seed + "_first_step_test_acc_ge_grok", grokStep);
            ctx.summary("seed" + seed + "_final_test_acc", fin.testAcc());
        }
        acc.getStyler().setYAxisMin(0.0).setYAxisMax(1.0);
        ctx.figure("test_accuracy.png", acc);
        ctx.figure("norms.png", norms);
        String fig = "training";
        ctx.claim(fig, "real training memorises early (train accuracy 100 %)",
                "first step with train acc = 1: " + String.join(", ", claimsMem),
                "by step " + cfg.getInt("claim_memorise_step"), allMem);
        ctx.claim(fig, "real training generalises eventually (test acc >= " + grokAcc + ")", grokText.toString(),
                "reached within " + steps + " steps", allGrok);
        ctx.claim(fig, "final Fourier norms equalised like the simulation's", "CV " + cvText,
                "training CV <= " + cfg.getDouble("claim_norm_cv"), cvOk);
        ctx.claim(fig, "final {Re F_k, Im F_k} of W1 near-orthogonal like the simulation's",
                "max off-diagonal |cos| " + cosText, "training <= " + cfg.getDouble("claim_max_cos"), cosOk);
        ctx.claim(fig, "equal decay on both layers equalises ||W1|| and ||W2||", ratioText.toString(),
                "| ||W1||/||W2|| - 1 | <= " + cfg.getDouble("claim_norm_ratio"), ratioOk);
    }

    /**
     * Runs (or, after --resume, continues) full-batch GD of one seed as run {@code run}: evaluation rows into
     * {@code metrics}, golden checkpoints (W1, W2 and the evaluation metrics, evaluated there even off the
     * evaluation grid: evaluation does not touch the weights), a snapshot at the top of step t with θ_t (the whole
     * state of full-batch GD) and the rows of steps &lt; t. Carries {@code run + "/W1_final"} and
     * {@code run + "/seconds"} (compute seconds summed over resumes; not digested).
     */
    private static void train(RunContext ctx, int seed, String run, int p, int hidden, double trainFraction,
                              double lr, double lambda, int steps, int evalEvery, Table metrics) {
        ModularAddition data = ModularAddition.create(p, trainFraction, seed);
        Linalg la = new Linalg(ctx.pool());
        PairRows xtr = data.train.rows(p);
        PairRows xte = data.test.rows(p);
        Mat w1 = Init.embedding(seed, p, hidden);
        Mat w2 = Init.secondLayer(seed, hidden, p);
        TwoLayerNet net = new TwoLayerNet(la, xtr, data.train.label, w1, w2);
        int start = 0;
        double secondsBefore = 0.0;
        RunContext.ResumePoint rp = ctx.resumePoint(run);
        if (rp != null) {
            start = (int) rp.step();
            net.restore(rp.state().get("W1"), rp.state().get("W2"));
            secondsBefore = rp.state().get("seconds")[0];
        }
        Progress prog = ctx.progress("training seed " + seed, steps);
        long t0 = System.nanoTime();
        for (int t = start; t <= steps; t++) {
            if (t > start && ctx.snapshotDue(t)) {
                Map<String, double[]> state = new LinkedHashMap<>();
                state.put("W1", net.w1().data);
                state.put("W2", net.w2().data);
                state.put("seconds", new double[] {secondsBefore + (System.nanoTime() - t0) / 1e9});
                ctx.snapshot(run, t, state);
            }
            boolean evalStep = t % evalEvery == 0 || t == steps;
            boolean checkpoint = RunContext.isCheckpoint(t, steps);
            if (evalStep || checkpoint) {
                Eval ev = evaluate(net, data, xtr, xte, t);
                if (evalStep) {
                    if (!Double.isFinite(ev.trainLoss())) {
                        throw new IllegalStateException(String.format(Locale.ROOT, "training seed %d: the train loss"
                                + " is %s at step %d (lr = %g is above the stability limit; the paper doc uses"
                                + " 4e-4)", seed, ev.trainLoss(), t, lr));
                    }
                    metrics.add(seed, t, ev.trainLoss(), ev.trainAcc(), ev.testLoss(), ev.testAcc(), ev.normW1(),
                            ev.normW2(), 2.0 * lr * lambda * t);
                    prog.update(t, String.format(Locale.ROOT, "train acc %.3f test acc %.3f", ev.trainAcc(),
                            ev.testAcc()));
                }
                if (checkpoint) {
                    Map<String, double[]> tensors = new LinkedHashMap<>();
                    tensors.put("W1", net.w1().data);
                    tensors.put("W2", net.w2().data);
                    Map<String, Double> m = new LinkedHashMap<>();
                    m.put("train_loss", ev.trainLoss());
                    m.put("train_acc", ev.trainAcc());
                    m.put("test_loss", ev.testLoss());
                    m.put("test_acc", ev.testAcc());
                    m.put("norm_W1", ev.normW1());
                    m.put("norm_W2", ev.normW2());
                    ctx.checkpoint(run, t, tensors, m);
                }
            }
            TestHooks.step(run, t);
            if (t == steps) {
                break;
            }
            net.descend(lr, lambda);
        }
        prog.done();
        ctx.carry(run + "/W1_final", net.w1().data);
        ctx.carry(run + "/seconds", new double[] {secondsBefore + (System.nanoTime() - t0) / 1e9});
    }

    /** One seed's training and simulation results, rebuilt from the tables and the carried final weights. */
    private record SeedResult(List<Eval> evals, double trainSeconds, FourierFeatures f0, FourierFeatures fT,
                              Fig6IsolatedDynamics.SimResult sr) {
        Eval fin() {
            return evals.get(evals.size() - 1);
        }

        int memStep() {
            for (Eval ev : evals) {
                if (ev.trainAcc() == 1.0) {
                    return ev.step();
                }
            }
            return -1;
        }

        int grokStep(double grokAcc) {
            for (Eval ev : evals) {
                if (ev.testAcc() >= grokAcc) {
                    return ev.step();
                }
            }
            return -1;
        }
    }

    private static SeedResult seedResult(RunContext ctx, Fig6IsolatedDynamics.Settings sim, int seed, Table metrics,
                                         Table simTable) {
        String trun = "seed" + seed + "/training";
        List<Eval> evals = new ArrayList<>();
        for (Object[] row : metrics.rows()) {
            if (((Number) row[0]).intValue() == seed) {
                evals.add(new Eval(((Number) row[1]).intValue(), ((Number) row[2]).doubleValue(),
                        ((Number) row[3]).doubleValue(), ((Number) row[4]).doubleValue(),
                        ((Number) row[5]).doubleValue(), ((Number) row[6]).doubleValue(),
                        ((Number) row[7]).doubleValue()));
            }
        }
        FourierFeatures f0 = FourierFeatures.of(Init.embedding(seed, sim.p(), sim.hidden()));
        FourierFeatures fT = FourierFeatures.of(new Mat(sim.p(), sim.hidden(), ctx.carried(trun + "/W1_final").clone()));
        Fig6IsolatedDynamics.SimResult sr = Fig6IsolatedDynamics.result(ctx, sim, seed, "seed" + seed + "/simulation",
                simTable);
        return new SeedResult(evals, ctx.carried(trun + "/seconds")[0], f0, fT, sr);
    }

    private static String fmt3(double v) {
        return String.format(Locale.ROOT, "%.3f", v);
    }

    private static Eval evaluate(TwoLayerNet net, ModularAddition data, PairRows xtr, PairRows xte, int step) {
        Mat yTr = net.predict(xtr);
        Mat yTe = net.predict(xte);
        return new Eval(step, Dense.sumSquaredError(yTr, data.train.label) / xtr.rows(),
                Dense.accuracy(yTr, data.train.label),
                Dense.sumSquaredError(yTe, data.test.label) / xte.rows(), Dense.accuracy(yTe, data.test.label),
                Dense.frobenius(net.w1()), Dense.frobenius(net.w2()));
    }
}
