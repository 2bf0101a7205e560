package dev.zeroloss.harness.experiments;

import static dev.zeroloss.harness.experiments.ToyPlots.f;

import dev.zeroloss.engine.Rng;
import dev.zeroloss.harness.core.Config;
import dev.zeroloss.harness.core.Experiment;
import dev.zeroloss.harness.core.Param;
import dev.zeroloss.harness.core.RunContext;
import dev.zeroloss.harness.core.Table;
import dev.zeroloss.harness.core.UsageException;
import java.awt.Color;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.AnnotationText;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Fig. 1 (Sec. 3.1): ŷ = w1·x1 + w2·x2 trained by plain GD on one sample x = (1,1), y = 2 with
 * (ŷ − y)² + λ‖w‖². The data term only sees w1 + w2, so GD first fixes the sum (fast, rate 1 − 4η − 2ηλ)
 * and reaches ≈(0,2) on the zero-loss line; weight decay then shrinks the (1,−1) component by exactly
 * 1 − 2ηλ per step, sliding along the line to the minimum-norm point w1 = w2 = 2/(2+λ). Test loss on
 * x ~ N(0,I), y = x1 + x2 falls only in this second phase: grokking in two parameters.
 */
public final class Fig1LinearTwoParam implements Experiment {
    static final String TEST_SET_PURPOSE = "fig1/test-set";

    @Override
    public String name() {
        return "fig1";
    }

    @Override
    public String title() {
        return "Fig. 1: two-parameter linear model learns 1+1=2 (train/test loss, (w1,w2) paths)";
    }

    @Override
    public List<Param> params() {
        return List.of(
                Param.realList("lambdas", List.of(0.01, 0.1, 0.2), 1e-4, 1.0,
                        "weight-decay coefficients λ, one run each (paper: 0.01, 0.1, 0.2)"),
                Param.real("lr", 0.1, 0.0, true, 1.0, false, "GD learning rate η (project default)"),
                Param.integer("steps", 1000, 1, 10_000_000, "GD steps (project default)"),
                Param.realList("init", List.of(-1.0, 1.0), -10.0, 10.0, "initial (w1, w2) (paper: -1, 1)"),
                Param.integer("test_samples", 100, 1, 1_000_000, "test samples x ~ N(0, I), y = x1 + x2 (paper: 100)"),
                Param.real("fixed_point_rtol", 1e-6, 0.0, true, 1.0, false,
                        "relative tolerance for 'final w equals the fixed point 2/(2+λ)'"),
                Param.real("decay_rtol", 1e-9, 0.0, true, 1.0, false,
                        "relative tolerance for 'the (1,-1) component shrinks by 1 - 2ηλ per step'"));
    }

    @Override
    public Map<String, String> ciScale() {
        return Map.of(); // the paper-scale run takes milliseconds
    }

    @Override
    public void run(RunContext ctx) {
        Config cfg = ctx.config();
        List<Double> lambdas = cfg.getDoubles("lambdas");
        double eta = cfg.getDouble("lr");
        int steps = cfg.getInt("steps");
        List<Double> init = cfg.getDoubles("init");
        int nTest = cfg.getInt("test_samples");
        double fpTol = cfg.getDouble("fixed_point_rtol");
        double decayTol = cfg.getDouble("decay_rtol");
        if (init.size() != 2) {
            throw new UsageException("--set init=" + init + ": needs exactly 2 numbers (w1, w2)");
        }
        for (double lambda : lambdas) {
            // The (1,1) direction has curvature 2(2 + λ) (data Hessian 2·xxᵀ, eigenvalue 4, plus 2λ).
            if (eta * (4.0 + 2.0 * lambda) >= 2.0) {
                throw new UsageException("--set lr=" + eta + " with λ=" + lambda + ": GD diverges because "
                        + "lr·(4 + 2λ) = " + eta * (4.0 + 2.0 * lambda) + " ≥ 2; choose lr < " + 2.0 / (4.0 + 2.0 * lambda));
            }
        }
        double w10 = init.get(0);
        double w20 = init.get(1);
        double u0 = (w10 - w20) / Math.sqrt(2.0);

        Table t = ctx.table("metrics.csv", "seed", "lambda", "step", "w1", "w2", "u_perp", "train_loss",
                "test_loss", "objective");
        XYChart loss = ToyPlots.chart(980, 560, "Fig. 1: loss vs step (train: line, test: line with markers)", "GD step",
                "loss (log scale)");
        loss.getStyler().setYAxisLogarithmic(true);
        loss.getStyler().setXAxisMin(0.0).setXAxisMax((double) steps);
        loss.getStyler().setXAxisTickMarkSpacingHint(110);
        loss.getStyler().setMarkerSize(5);
        loss.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.OutsideE);
        XYChart traj = ToyPlots.chart(720, 680, "Fig. 1: (w1, w2) paths for 1+1=2", "w1", "w2");
        traj.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideSW);

        List<Map<String, Object>> perLambda = new ArrayList<>();
        for (int seed : ctx.seeds()) {
            double[][] xs = testSet(seed, nTest);
            for (int li = 0; li < lambdas.size(); li++) {
                double lambda = lambdas.get(li);
                double[] w = {w10, w20};
                double[] x = {1.0, 1.0};
                double[] w1s = new double[steps + 1];
                double[] w2s = new double[steps + 1];
                double[] train = new double[steps + 1];
                double[] test = new double[steps + 1];
                double[] stepAxis = new double[steps + 1];
                for (int s = 0; s <= steps; s++) {
                    double r = w[0] + w[1] - 2.0;
                    w1s[s] = w[0];
                    w2s[s] = w[1];
                    train[s] = r * r;
                    test[s] = testLoss(w, xs);
                    stepAxis[s] = s;
                    double obj = r * r + lambda * (w[0] * w[0] + w[1] * w[1]);
                    t.add(seed, lambda, s, w[0], w[1], (w[0] - w[1]) / Math.sqrt(2.0), train[s], test[s], obj);
                    if (dev.zeroloss.harness.core.RunContext.isCheckpoint(s, steps)) {
                        ctx.checkpoint("seed" + seed + "/lambda=" + lambda, s, Map.of("w", w),
                                Map.of("train_loss", train[s], "test_loss", test[s]));
                    }
                    if (s < steps) {
                        ToyModels.linearStep(w, x, 2.0, lambda, eta);
                    }
                }
                if (seed != ctx.seeds().get(0)) {
                    continue; // trajectories are seed-independent; only the test loss differs
                }
                Color col = ToyPlots.LINES[li % ToyPlots.LINES.length];
                String lab = "λ=" + lambda;
                ToyPlots.line(loss, "train " + lab, stepAxis, positive(train), col, 2.2f, true);
                // Test loss: a thin line plus markers every ~T/40 steps (dashes would not survive 1000
                // one-step segments); the legend shows the markers.
                ToyPlots.line(loss, "test line " + lab, stepAxis, positive(test), col, 1.3f, false);
                int[] idx = sparseSteps(steps);
                double[] sx = new double[idx.length];
                double[] sy = new double[idx.length];
                for (int i = 0; i < idx.length; i++) {
                    sx[i] = idx[i];
                    sy[i] = Math.max(test[idx[i]], 1e-300);
                }
                ToyPlots.points(loss, "test " + lab, sx, sy, col, SeriesMarkers.CIRCLE, true);
                ToyPlots.line(traj, "path " + lab, w1s, w2s, col, 2.2f, true);
                perLambda.add(claims(ctx, lambda, eta, steps, u0, w1s, w2s, train, test, fpTol, decayTol));
            }
        }
        // Zero-loss line, start, memorisation point and the fixed points.
        ToyPlots.dashed(traj, "zero-loss line w1+w2=2", new double[] {-0.75, 2.75}, new double[] {2.75, -0.75},
                Color.BLACK, 1.6f, true);
        ToyPlots.points(traj, "start " + f("(%.3g, %.3g)", w10, w20), new double[] {w10}, new double[] {w20},
                Color.BLACK, SeriesMarkers.CIRCLE, true);
        double[] fx = new double[lambdas.size()];
        for (int i = 0; i < fx.length; i++) {
            fx[i] = ToyModels.linearFixedPoint(2, 2.0, lambdas.get(i));
        }
        ToyPlots.points(traj, "fixed points 2/(2+λ)·(1,1)", fx, fx, Color.BLACK, SeriesMarkers.DIAMOND, true);
        double shift = (2.0 - w10 - w20) / 2.0;
        traj.addAnnotation(new AnnotationText(f("≈(%.3g, %.3g): memorised", w10 + shift, w20 + shift),
                w10 + shift + 0.45, w20 + shift + 0.07, false));
        traj.getStyler().setXAxisMin(-1.25).setXAxisMax(1.75).setYAxisMin(-0.25).setYAxisMax(2.75);
        ctx.figure("fig1_loss.png", loss);
        ctx.figure("fig1_trajectories.png", traj);
        ctx.summary("per_lambda", perLambda);
        ctx.summary("test_set", "x ~ N(0, I) from Rng.stream(seed, \"" + TEST_SET_PURPOSE + "\"), "
                + nTest + " samples, y = x1 + x2; test_loss = mean squared error");
    }

    /** Test inputs for one seed: row i = (x1, x2), drawn in order x1, x2 for i = 0, 1, …. */
    static double[][] testSet(int seed, int n) {
        Rng rng = Rng.stream(seed, TEST_SET_PURPOSE);
        double[][] xs = new double[n][2];
        for (int i = 0; i < n; i++) {
            xs[i][0] = rng.nextGaussian();
            xs[i][1] = rng.nextGaussian();
        }
        return xs;
    }

    /** Mean over the test set of (w·x − (x1 + x2))², summed in index order. */
    static double testLoss(double[] w, double[][] xs) {
        double sum = 0.0;
        for (double[] x : xs) {
            double e = w[0] * x[0] + w[1] * x[1] - (x[0] + x[1]);
            sum += e * e;
        }
        return sum / xs.length;
    }

    /** About 40 evenly spaced steps, always the first and the last. */
    static int[] sparseSteps(int steps) {
        List<Integer> idx = new ArrayList<>();
        int stride = Math.max(1, steps / 40);
        for (int s = 0; s <= steps; s++) {
            if (s % stride == 0 || s == steps) {
                idx.add(s);
            }
        }
        return idx.stream().mapToInt(Integer::intValue).toArray();
    }

    private static double[] positive(double[] v) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = Math.max(v[i], 1e-300); // log axis: an exact zero would not draw
        }
        return out;
    }

    private static Map<String, Object> claims(RunContext ctx, double lambda, double eta, int steps, double u0,
                                              double[] w1s, double[] w2s, double[] train, double[] test,
                                              double fpTol, double decayTol) {
        String lab = "λ=" + lambda;
        double fp = ToyModels.linearFixedPoint(2, 2.0, lambda);
        double q = ToyModels.orthogonalDecay(lambda, eta);
        double w1 = w1s[steps];
        double w2 = w2s[steps];
        double relErr = Math.max(Math.abs(w1 - fp), Math.abs(w2 - fp)) / fp;
        // Distance to the fixed point left after T steps, predicted by the (1,-1) decay alone (the (1,1)
        // component converges at rate |1 − 4η − 2ηλ|, far faster).
        double predictedGap = Math.abs(u0) * StrictMath.pow(q, steps);
        double gap = StrictMath.hypot(w1 - fp, w2 - fp);
        long stepsNeeded = (long) Math.ceil(StrictMath.log(fpTol * fp / Math.max(Math.abs(u0), 1e-300))
                / StrictMath.log(q));
        if (predictedGap <= fpTol * fp) {
            ctx.claim("Fig. 1", "final (w1,w2) equals the fixed point 2/(2+λ) = " + f(fp) + " (" + lab + ")",
                    "w = (" + f(w1) + ", " + f(w2) + "), max rel. error " + f(relErr),
                    "≤ " + f(fpTol) + " relative", relErr <= fpTol);
        } else {
            double gapRel = Math.abs(gap - predictedGap) / predictedGap;
            ctx.claim("Fig. 1", "after " + steps + " steps (" + lab + ") GD has NOT reached 2/(2+λ) = " + f(fp)
                            + "; the remaining distance equals the predicted |u0|·(1−2ηλ)^T",
                    "w = (" + f(w1) + ", " + f(w2) + "), distance " + f(gap) + " vs predicted " + f(predictedGap)
                            + " (rel. diff " + f(gapRel) + "); ≈" + stepsNeeded + " steps needed for "
                            + f(fpTol) + " relative",
                    "≤ 1e-6 relative to the prediction", gapRel <= 1e-6);
        }
        // Decay ratio of u = (w1 − w2)/√2 per step, over steps where u is far above rounding of w1 − w2.
        double maxRatioErr = 0.0;
        int used = 0;
        for (int s = 0; s < steps; s++) {
            double u = (w1s[s] - w2s[s]) / Math.sqrt(2.0);
            double un = (w1s[s + 1] - w2s[s + 1]) / Math.sqrt(2.0);
            if (Math.abs(un) < 1e-4) {
                break;
            }
            maxRatioErr = Math.max(maxRatioErr, Math.abs(un / u - q) / q);
            used++;
        }
        ctx.claim("Fig. 1", "(1,−1) component shrinks by exactly 1−2ηλ = " + f(q) + " per step (" + lab + ")",
                "max rel. error " + f(maxRatioErr) + " over " + used + " steps (those with |u| ≥ 1e-4)",
                "≤ " + f(decayTol) + " relative", used > 0 && maxRatioErr <= decayTol);
        // The path first reaches the projection of the start onto the zero-loss line ((0,2) for the paper's
        // start (−1,1)): closest approach to that memorisation point.
        double shift = (2.0 - w1s[0] - w2s[0]) / 2.0;
        double mx = w1s[0] + shift;
        double my = w2s[0] + shift;
        double startDist = StrictMath.hypot(shift, shift);
        double best = Double.POSITIVE_INFINITY;
        int bestStep = 0;
        for (int s = 0; s <= steps; s++) {
            double d = StrictMath.hypot(w1s[s] - mx, w2s[s] - my);
            if (d < best) {
                best = d;
                bestStep = s;
            }
        }
        // Grokking delay: first step with train loss ≤ 0.1 vs first step with test loss ≤ 0.1.
        int tTrain = firstBelow(train, 0.1);
        int tTest = firstBelow(test, 0.1);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("lambda", lambda);
        m.put("final_w1", w1);
        m.put("final_w2", w2);
        m.put("fixed_point", fp);
        m.put("final_rel_error", relErr);
        m.put("decay_per_step", q);
        m.put("predicted_gap", predictedGap);
        m.put("steps_needed_for_fixed_point_rtol", stepsNeeded);
        m.put("max_decay_ratio_rel_error", maxRatioErr);
        m.put("closest_to_memorisation_point", best);
        m.put("closest_to_memorisation_point_step", bestStep);
        m.put("first_step_train_loss_le_0.1", tTrain);
        m.put("first_step_test_loss_le_0.1", tTest);
        m.put("final_train_loss", train[steps]);
        m.put("final_test_loss", test[steps]);
        String start = "(" + f(w1s[0]) + ", " + f(w2s[0]) + ")";
        String mem = "(" + f(mx) + ", " + f(my) + ")";
        ctx.claim("Fig. 1", "path goes " + start + " → ≈" + mem + " (start projected on the zero-loss line) → fixed point ("
                        + lab + ")",
                "closest approach to " + mem + ": " + f(best) + " at step " + bestStep,
                "≤ 0.5 × distance of start from it = " + f(0.5 * startDist), best <= 0.5 * startDist);
        ctx.claim("Fig. 1", "test loss falls long after train loss (" + lab + ")",
                "first step with train loss ≤ 0.1: " + tTrain + "; with test loss ≤ 0.1: "
                        + (tTest < 0 ? "never (in " + steps + " steps)" : tTest),
                "test step ≥ 5 × train step (or never)", tTrain >= 0 && (tTest < 0 || tTest >= 5 * Math.max(tTrain, 1)));
        return m;
    }

    private static int firstBelow(double[] v, double thr) {
        for (int i = 0; i < v.length; i++) {
            if (v[i] <= thr) {
                return i;
            }
        }
        return -1;
    }
}
