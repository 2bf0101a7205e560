package dev.zeroloss.harness.experiments;

import static dev.zeroloss.harness.experiments.ToyPlots.f;

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
import org.knowm.xchart.XYChart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Fig. 3 (Sec. 3.3): three small zero-loss sets Z and GD-with-decay paths on each. The paper gives the
 * functions only by caption; the project's choices (all with input x = 1 or x = (1,1), one sample):
 * <ul>
 *   <li>curved: ŷ = w2·w1·x, y = target_curved ≠ 0: Z is the hyperbola w1·w2 = y; minimum-norm points
 *       ±√y·(1,1); with decay the stationary points are ±√(y−λ)·(1,1).</li>
 *   <li>singular: the same with y = 0: Z = both axes, singular at the origin, which is also its
 *       minimum-norm point; on an axis only decay acts (rate 1 − 2ηλ).</li>
 *   <li>leaky: one leaky-ReLU unit ŷ = σ(w1·1 + w2·1), σ(z) = z (z ≥ 0), slope·z (z &lt; 0), learning
 *       1+1=2: Z is the line w1+w2 = 2, minimum-norm point (1,1); the decayed fixed point 2/(2+λ)·(1,1).</li>
 * </ul>
 * Objective everywhere: squared error + λ‖w‖², plain GD.
 */
public final class Fig3ZeroLossSets implements Experiment {
    @Override
    public String name() {
        return "fig3";
    }

    @Override
    public String title() {
        return "Fig. 3: three small zero-loss sets (hyperbola, singular axes, leaky-ReLU unit) with GD+decay paths";
    }

    @Override
    public List<Param> params() {
        return List.of(
                Param.real("lambda", 0.05, 0.0, true, 0.5, false, "weight decay λ (project choice)"),
                Param.real("lr", 0.05, 0.0, true, 0.2, false, "GD learning rate η (project choice)"),
                Param.integer("steps", 4000, 1, 10_000_000, "GD steps per path (project choice)"),
                Param.real("target_curved", 1.0, 0.0, true, 2.0, false, "target y of the curved case (Z: w1·w2 = y)"),
                Param.real("leaky_slope", 0.1, 0.0, true, 1.0, false, "leaky-ReLU slope for z < 0 (paper: 1/10)"),
                Param.realList("starts_curved", List.of(2.5, 0.3, 0.3, 2.5, -2.2, -0.6, 2.5, -0.5, -0.4, -2.8),
                        -3.0, 3.0, "starts (w1,w2 pairs) for the curved case"),
                Param.realList("starts_singular", List.of(2.0, 1.5, -1.2, 2.2, 0.5, -2.5, -2.0, -1.0), -3.0, 3.0,
                        "starts (w1,w2 pairs) for the singular case"),
                Param.realList("starts_leaky", List.of(-1.5, -1.0, 2.5, -2.0, -0.5, 3.0, 2.5, 1.5), -3.0, 3.0,
                        "starts (w1,w2 pairs) for the leaky-ReLU case"),
                Param.real("end_rtol", 1e-6, 0.0, true, 1.0, false,
                        "tolerance for 'the path ends at the predicted point' (relative; absolute at the origin)"));
    }

    @Override
    public Map<String, String> ciScale() {
        return Map.of(); // the paper-scale run takes milliseconds
    }

    private enum Panel { CURVED, SINGULAR, LEAKY }

    @Override
    public void run(RunContext ctx) {
        Config cfg = ctx.config();
        double lambda = cfg.getDouble("lambda");
        double eta = cfg.getDouble("lr");
        int steps = cfg.getInt("steps");
        double y = cfg.getDouble("target_curved");
        double slope = cfg.getDouble("leaky_slope");
        double tol = cfg.getDouble("end_rtol");
        if (lambda >= y) {
            throw new UsageException("--set lambda=" + lambda + ": must be below target_curved=" + y
                    + " (the decayed stationary points ±√(y−λ)·(1,1) exist only for λ < y)");
        }
        List<double[]> sc = pairs("starts_curved", cfg.getDoubles("starts_curved"));
        List<double[]> ss = pairs("starts_singular", cfg.getDoubles("starts_singular"));
        List<double[]> sl = pairs("starts_leaky", cfg.getDoubles("starts_leaky"));

        Table t = ctx.table("metrics.csv", "panel", "start", "step", "w1", "w2", "loss", "norm");
        Map<String, Object> sum = new LinkedHashMap<>();
        sum.put("curved", runPanel(ctx, t, Panel.CURVED, sc, lambda, eta, steps, y, slope, tol));
        sum.put("singular", runPanel(ctx, t, Panel.SINGULAR, ss, lambda, eta, steps, 0.0, slope, tol));
        sum.put("leaky", runPanel(ctx, t, Panel.LEAKY, sl, lambda, eta, steps, 2.0, slope, tol));
        ctx.summary("panels", sum);
    }

    private static List<double[]> pairs(String key, List<Double> v) {
        if (v.size() % 2 != 0 || v.size() > 16) {
            throw new UsageException("--set " + key + "=...: " + v.size() + " numbers given; need pairs (w1,w2),"
                    + " at most 8 starts");
        }
        List<double[]> out = new ArrayList<>();
        for (int i = 0; i < v.size(); i += 2) {
            out.add(new double[] {v.get(i), v.get(i + 1)});
        }
        return out;
    }

    private static double loss(Panel p, double[] w, double y, double slope) {
        double r = p == Panel.LEAKY ? ToyModels.leaky(w[0] + w[1], slope) - y : w[0] * w[1] - y;
        return r * r;
    }

    private static List<Map<String, Object>> runPanel(RunContext ctx, Table t, Panel panel, List<double[]> starts,
                                                      double lambda, double eta, int steps, double y, double slope,
                                                      double tol) {
        String name = panel.name().toLowerCase(java.util.Locale.ROOT);
        XYChart c;
        double lim = 3.2;
        switch (panel) {
            case CURVED:
                c = ToyPlots.chart(700, 680, f("Fig. 3 left: curved Z (w1·w2 = %.3g)", y), "w1", "w2");
                break;
            case SINGULAR:
                c = ToyPlots.chart(700, 680, "Fig. 3 centre: singular Z (w1·w2 = 0: both axes)", "w1", "w2");
                break;
            default:
                c = ToyPlots.chart(700, 680, f("Fig. 3 right: leaky-ReLU unit σ(w1+w2) = 2 (slope %.3g)", slope),
                        "w1", "w2");
        }
        c.getStyler().setLegendPosition(panel == Panel.LEAKY ? Styler.LegendPosition.InsideSW
                : Styler.LegendPosition.InsideSE);
        c.getStyler().setXAxisMin(-lim).setXAxisMax(lim).setYAxisMin(-lim).setYAxisMax(lim);
        drawZ(c, panel, y, lim);

        List<Map<String, Object>> out = new ArrayList<>();
        double onZ = 2.0 * lambda; // "on Z": |residual| ≤ 2λ (decay holds the stationary point λ off Z)
        List<double[]> ends = new ArrayList<>();
        for (int k = 0; k < starts.size(); k++) {
            double[] w = starts.get(k).clone();
            String sl = f("(%.3g, %.3g)", w[0], w[1]);
            double[] xs = new double[steps + 1];
            double[] ys = new double[steps + 1];
            int arrive = -1;
            double maxResAfter = 0.0;
            double normAtArrive = Double.NaN;
            for (int s = 0; s <= steps; s++) {
                xs[s] = w[0];
                ys[s] = w[1];
                double l = loss(panel, w, y, slope);
                double norm = StrictMath.hypot(w[0], w[1]);
                t.add(name, sl, s, w[0], w[1], l, norm);
                if (dev.zeroloss.harness.core.RunContext.isCheckpoint(s, steps)) {
                    ctx.checkpoint(name + "/start" + k, s, Map.of("w", w), Map.of("loss", l));
                }
                double res = Math.sqrt(l);
                if (arrive < 0 && res <= (panel == Panel.SINGULAR ? 1e-3 : onZ)) {
                    arrive = s;
                    normAtArrive = norm;
                }
                if (arrive >= 0) {
                    maxResAfter = Math.max(maxResAfter, res);
                }
                if (s < steps) {
                    if (panel == Panel.LEAKY) {
                        ToyModels.leakyStep(w, y, slope, lambda, eta);
                    } else {
                        ToyModels.productStep(w, y, lambda, eta);
                    }
                }
            }
            if (!Double.isFinite(xs[steps]) || !Double.isFinite(ys[steps])) {
                throw new UsageException("--set lr=" + eta + ": GD diverges on the " + name + " panel from start " + sl
                        + " (the step is too large for the curvature there); choose a smaller lr or start");
            }
            Color col = ToyPlots.LINES[k % ToyPlots.LINES.length];
            ToyPlots.line(c, "start " + sl, xs, ys, col, 2.2f, true);
            ToyPlots.points(c, "s" + k, new double[] {xs[0]}, new double[] {ys[0]}, col, SeriesMarkers.CIRCLE, false);
            double[] end = {xs[steps], ys[steps]};
            ends.add(end);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("start", List.of(xs[0], ys[0]));
            m.put("end", List.of(end[0], end[1]));
            m.put("step_arrived_on_Z", arrive);
            m.put("norm_at_arrival", normAtArrive);
            m.put("max_residual_after_arrival", maxResAfter);
            claimsFor(ctx, panel, sl, end, arrive, normAtArrive, maxResAfter, xs, ys, lambda, y, tol, onZ, m);
            out.add(m);
        }
        // Where the paths end, and the minimum-norm point(s) of Z.
        double[] ex = new double[ends.size()];
        double[] ey = new double[ends.size()];
        for (int i = 0; i < ex.length; i++) {
            ex[i] = ends.get(i)[0];
            ey[i] = ends.get(i)[1];
        }
        ToyPlots.points(c, "path ends (GD+decay)", ex, ey, Color.BLACK, SeriesMarkers.DIAMOND, true);
        switch (panel) {
            case CURVED: {
                double r = Math.sqrt(y);
                ToyPlots.points(c, f("min-norm points of Z ±%.3g·(1,1)", r), new double[] {r, -r}, new double[] {r, -r},
                        Color.RED, SeriesMarkers.CROSS, true);
                break;
            }
            case SINGULAR:
                ToyPlots.points(c, "min-norm point of Z: origin", new double[] {0}, new double[] {0}, Color.RED,
                        SeriesMarkers.CROSS, true);
                break;
            default:
                ToyPlots.points(c, "min-norm point of Z: (1,1)", new double[] {1}, new double[] {1}, Color.RED,
                        SeriesMarkers.CROSS, true);
        }
        ctx.figure("fig3_" + name + ".png", c);
        return out;
    }

    private static void drawZ(XYChart c, Panel panel, double y, double lim) {
        Color z = new Color(175, 175, 175); // light, so paths running along Z stay visible on top of it
        switch (panel) {
            case CURVED: {
                double a = y / lim;
                int n = 400;
                double[] x1 = new double[n];
                double[] y1 = new double[n];
                double[] x2 = new double[n];
                double[] y2 = new double[n];
                for (int i = 0; i < n; i++) {
                    // Geometric spacing resolves the curve near both asymptotes.
                    double w = a * StrictMath.pow(lim / a, i / (double) (n - 1));
                    x1[i] = w;
                    y1[i] = y / w;
                    x2[i] = -w;
                    y2[i] = -y / w;
                }
                ToyPlots.line(c, "Z: w1·w2 = y", x1, y1, z, 7f, true);
                ToyPlots.line(c, "Z (other branch)", x2, y2, z, 7f, false);
                break;
            }
            case SINGULAR:
                ToyPlots.line(c, "Z: w1 = 0 or w2 = 0", new double[] {-lim, lim}, new double[] {0, 0}, z, 7f, true);
                ToyPlots.line(c, "Z (vertical axis)", new double[] {0, 0}, new double[] {-lim, lim}, z, 7f, false);
                break;
            default:
                ToyPlots.line(c, "Z: w1 + w2 = 2", new double[] {2 - lim, lim}, new double[] {lim, 2 - lim}, z, 7f, true);
                ToyPlots.dashed(c, "kink w1 + w2 = 0 (slope changes)", new double[] {-lim, lim},
                        new double[] {lim, -lim}, Color.GRAY, 1.4f, true);
        }
    }

    private static void claimsFor(RunContext ctx, Panel panel, String sl, double[] end, int arrive,
                                  double normAtArrive, double maxResAfter, double[] xs, double[] ys, double lambda,
                                  double y, double tol, double onZ, Map<String, Object> m) {
        switch (panel) {
            case CURVED: {
                double a = Math.sqrt(y - lambda);
                double sign = end[0] >= 0 ? 1.0 : -1.0;
                double err = Math.max(Math.abs(end[0] - sign * a), Math.abs(end[1] - sign * a)) / a;
                double shift = Math.sqrt(2.0) * (Math.sqrt(y) - a);
                m.put("predicted_end", sign * a);
                m.put("end_rel_error", err);
                ctx.claim("Fig. 3 left", "start " + sl + " ends at the decayed min-norm point ±√(y−λ)·(1,1) (same sign)",
                        "end (" + f(end[0]) + ", " + f(end[1]) + "), predicted " + f(sign * a) + "·(1,1), rel. error "
                                + f(err) + "; distance to Z's min-norm point √y·(1,1): " + f(shift) + " (decay shift)",
                        "≤ " + f(tol) + " relative", err <= tol);
                double travel = arrive < 0 ? Double.NaN : StrictMath.hypot(xs[arrive] - end[0], ys[arrive] - end[1]);
                m.put("distance_left_at_arrival", travel);
                ctx.claim("Fig. 3 left", "start " + sl + ": reaches Z away from the min-norm point, then moves along Z",
                        arrive < 0 ? "never within 2λ of Z"
                                : "arrives (|w1w2−y| ≤ 2λ) at step " + arrive + " with " + f(travel)
                                        + " still to travel; afterwards max |w1w2−y| = " + f(maxResAfter),
                        "distance left ≥ 0.5 and |w1w2−y| ≤ 2λ = " + f(onZ) + " after arrival",
                        arrive >= 0 && travel >= 0.5 && maxResAfter <= onZ);
                break;
            }
            case SINGULAR: {
                double n = StrictMath.hypot(end[0], end[1]);
                double n0 = StrictMath.hypot(xs[0], ys[0]);
                ctx.claim("Fig. 3 centre", "start " + sl + " ends at the origin (min-norm point of Z, singular)",
                        "final ‖w‖ = " + f(n), "≤ " + f(tol), n <= tol);
                ctx.claim("Fig. 3 centre", "start " + sl + ": lands on an axis away from the origin, then slides along it",
                        arrive < 0 ? "never reached |w1·w2| ≤ 1e-3"
                                : "reaches |w1·w2| ≤ 1e-3 at step " + arrive + " with ‖w‖ = " + f(normAtArrive)
                                        + " (start ‖w‖ = " + f(n0) + ")",
                        "‖w‖ at arrival ≥ 0.25 × start ‖w‖", arrive >= 0 && normAtArrive >= 0.25 * n0);
                break;
            }
            default: {
                double fp = 2.0 / (2.0 + lambda);
                double err = Math.max(Math.abs(end[0] - fp), Math.abs(end[1] - fp)) / fp;
                m.put("predicted_end", fp);
                m.put("end_rel_error", err);
                ctx.claim("Fig. 3 right", "start " + sl + " ends at 2/(2+λ)·(1,1) (decayed min-norm point of Z)",
                        "end (" + f(end[0]) + ", " + f(end[1]) + "), predicted " + f(fp) + ", rel. error " + f(err)
                                + "; reached |σ(w1+w2)−2| ≤ 2λ at step " + arrive,
                        "≤ " + f(tol) + " relative", err <= tol);
            }
        }
    }
}
