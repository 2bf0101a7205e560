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
import org.knowm.xchart.AnnotationText;
import org.knowm.xchart.AnnotationTextPanel;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Fig. 2 (Sec. 3.2): ŷ = w·x with one sample x = (1,1,1), y = 3 and (ŷ − y)² + λ‖w‖². GD first reaches
 * the plane w1+w2+w3 = 3 (exactly: the decayed plane w1+w2+w3 = 9/(3+λ), offset by weight decay), then
 * slides in a straight line on it to the minimum-norm point 3/(3+λ)·(1,1,1): the in-plane component only
 * shrinks, by 1 − 2ηλ per step. Paths are drawn in an orthonormal basis of the plane
 * e1 = (1,−1,0)/√2, e2 = (1,1,−2)/√6, coloured by ‖w‖.
 */
public final class Fig2LinearThreeParam implements Experiment {
    private static final double[] E1 = {1 / Math.sqrt(2.0), -1 / Math.sqrt(2.0), 0.0};
    private static final double[] E2 = {1 / Math.sqrt(6.0), 1 / Math.sqrt(6.0), -2 / Math.sqrt(6.0)};
    private static final String[] LABELS = {"A", "B", "C", "D", "E", "F", "G", "H", "I", "J", "K", "L"};

    @Override
    public String name() {
        return "fig2";
    }

    @Override
    public String title() {
        return "Fig. 2: three-parameter linear model learns 1+1+1=3 (paths in the zero-loss plane, shaded by norm)";
    }

    @Override
    public List<Param> params() {
        return List.of(
                Param.real("lambda", 0.1, 0.0, true, 1.0, false, "weight decay λ (paper: 0.1)"),
                Param.real("lr", 0.05, 0.0, true, 1.0, false, "GD learning rate η (paper: 0.05)"),
                Param.integer("steps", 3000, 1, 10_000_000,
                        "GD steps (project choice: (1−2ηλ)^3000 ≈ 8e-14 leaves the paths at the fixed point)"),
                Param.realList("starts", List.of(2.0, -1.0, 0.0, -1.0, 0.5, 2.5, 0.0, 3.0, 2.0, 1.5, -1.5, -1.0),
                        -10.0, 10.0, "initial points, 3 numbers per path (project choice: four spread points)"),
                Param.real("plane_tol", 1e-9, 0.0, true, 1.0, false,
                        "a path has 'reached the plane' once |w1+w2+w3 − 9/(3+λ)| ≤ plane_tol"),
                Param.real("line_tol", 1e-8, 0.0, true, 1.0, false,
                        "max perpendicular distance from the straight line to the fixed point after reaching the plane"),
                Param.real("fixed_point_rtol", 1e-6, 0.0, true, 1.0, false,
                        "relative tolerance for 'final w equals 3/(3+λ)·(1,1,1)'"));
    }

    @Override
    public Map<String, String> ciScale() {
        return Map.of(); // the paper-scale run takes milliseconds
    }

    @Override
    public void run(RunContext ctx) {
        Config cfg = ctx.config();
        double lambda = cfg.getDouble("lambda");
        double eta = cfg.getDouble("lr");
        int steps = cfg.getInt("steps");
        List<Double> starts = cfg.getDoubles("starts");
        double planeTol = cfg.getDouble("plane_tol");
        double lineTol = cfg.getDouble("line_tol");
        double fpTol = cfg.getDouble("fixed_point_rtol");
        if (starts.size() % 3 != 0 || starts.size() > 3 * LABELS.length) {
            throw new UsageException("--set starts=...: " + starts.size() + " numbers given; need 3 per path "
                    + "(w1,w2,w3), at most " + LABELS.length + " paths");
        }
        if (eta * (6.0 + 2.0 * lambda) >= 2.0) {
            throw new UsageException("--set lr=" + eta + ": GD diverges because lr·(6 + 2λ) = "
                    + eta * (6.0 + 2.0 * lambda) + " ≥ 2 (curvature along (1,1,1)); choose lr < " + 2.0 / (6.0 + 2.0 * lambda));
        }
        int paths = starts.size() / 3;
        double fp = ToyModels.linearFixedPoint(3, 3.0, lambda);
        double sStar = 3.0 * fp;
        double[] x = {1.0, 1.0, 1.0};
        Table t = ctx.table("metrics.csv", "path", "step", "w1", "w2", "w3", "norm", "sum", "plane_c1", "plane_c2",
                "offset_from_plane", "loss");

        double[][][] traj = new double[paths][steps + 1][];
        double normMin = Double.POSITIVE_INFINITY;
        double normMax = 0.0;
        for (int p = 0; p < paths; p++) {
            double[] w = {starts.get(3 * p), starts.get(3 * p + 1), starts.get(3 * p + 2)};
            for (int s = 0; s <= steps; s++) {
                double sum = w[0] + w[1] + w[2];
                double norm = Math.sqrt(w[0] * w[0] + w[1] * w[1] + w[2] * w[2]);
                double c1 = dot(w, E1);
                double c2 = dot(w, E2);
                double off = (sum - 3.0) / Math.sqrt(3.0);
                traj[p][s] = new double[] {w[0], w[1], w[2], norm, sum, c1, c2, off};
                t.add(LABELS[p], s, w[0], w[1], w[2], norm, sum, c1, c2, off, (sum - 3.0) * (sum - 3.0));
                if (dev.zeroloss.harness.core.RunContext.isCheckpoint(s, steps)) {
                    ctx.checkpoint("path" + LABELS[p], s, Map.of("w", w), Map.of("norm", norm));
                }
                normMin = Math.min(normMin, norm);
                normMax = Math.max(normMax, norm);
                if (s < steps) {
                    ToyModels.linearStep(w, x, 3.0, lambda, eta);
                }
            }
        }

        List<Map<String, Object>> perPath = new ArrayList<>();
        for (int p = 0; p < paths; p++) {
            perPath.add(claims(ctx, LABELS[p], traj[p], steps, fp, sStar, lambda, planeTol, lineTol, fpTol));
        }
        ctx.summary("fixed_point", fp);
        ctx.summary("decayed_plane_sum", sStar);
        ctx.summary("per_path", perPath);

        ctx.figure("fig2_plane_paths.png", planeChart(traj, paths, steps, normMin, normMax, fp));
        ctx.figure("fig2_side_view.png", sideChart(traj, paths, steps, lambda));
    }

    private static Map<String, Object> claims(RunContext ctx, String label, double[][] tr, int steps, double fp,
                                              double sStar, double lambda, double planeTol, double lineTol,
                                              double fpTol) {
        int tp = -1;
        for (int s = 0; s <= steps; s++) {
            if (Math.abs(tr[s][4] - sStar) <= planeTol) {
                tp = s;
                break;
            }
        }
        double offBound = lambda / Math.sqrt(3.0);
        double offAtTp = tp >= 0 ? Math.abs(tr[tp][7]) : Double.NaN;
        ctx.claim("Fig. 2", "path " + label + " reaches the plane w1+w2+w3=3 (decay-shifted to 9/(3+λ) = " + f(sStar) + ")",
                tp < 0 ? "never within " + f(planeTol) + " of 9/(3+λ) in " + steps + " steps"
                        : "at step " + tp + "; distance from w1+w2+w3=3 then " + f(offAtTp),
                "|sum − 9/(3+λ)| ≤ " + f(planeTol) + " and distance ≤ λ/√3 = " + f(offBound),
                tp >= 0 && offAtTp <= offBound);
        // Straight line after reaching the plane: perpendicular distance of every later point from the line
        // through w(tp) and the fixed point.
        double maxDev = Double.NaN;
        if (tp >= 0) {
            double[] a = {tr[tp][0] - fp, tr[tp][1] - fp, tr[tp][2] - fp};
            double an = Math.sqrt(dot(a, a));
            maxDev = 0.0;
            if (an > 0) {
                for (int s = tp; s <= steps; s++) {
                    double[] b = {tr[s][0] - fp, tr[s][1] - fp, tr[s][2] - fp};
                    // |b × a|/|a|: no cancellation (|b|² − along² would lose ~√ε·|b| ≈ 1e-8 to rounding).
                    double cx = b[1] * a[2] - b[2] * a[1];
                    double cy = b[2] * a[0] - b[0] * a[2];
                    double cz = b[0] * a[1] - b[1] * a[0];
                    maxDev = Math.max(maxDev, Math.sqrt(cx * cx + cy * cy + cz * cz) / an);
                }
            }
        }
        ctx.claim("Fig. 2", "path " + label + " then moves in a straight line to the fixed point",
                tp < 0 ? "not measured (plane not reached)" : "max perpendicular deviation " + f(maxDev)
                        + " over steps " + tp + ".." + steps,
                "≤ " + f(lineTol), tp >= 0 && maxDev <= lineTol);
        double relErr = 0.0;
        for (int i = 0; i < 3; i++) {
            relErr = Math.max(relErr, Math.abs(tr[steps][i] - fp) / fp);
        }
        ctx.claim("Fig. 2", "path " + label + " ends at 3/(3+λ)·(1,1,1) = " + f(fp) + "·(1,1,1)",
                "w = (" + f(tr[steps][0]) + ", " + f(tr[steps][1]) + ", " + f(tr[steps][2]) + "), max rel. error "
                        + f(relErr), "≤ " + f(fpTol) + " relative", relErr <= fpTol);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("path", label);
        m.put("start", List.of(tr[0][0], tr[0][1], tr[0][2]));
        m.put("step_reached_plane", tp);
        m.put("distance_from_sum3_plane_at_reach", offAtTp);
        m.put("max_line_deviation_after_reach", maxDev);
        m.put("final", List.of(tr[steps][0], tr[steps][1], tr[steps][2]));
        m.put("final_max_rel_error", relErr);
        return m;
    }

    private static XYChart planeChart(double[][][] traj, int paths, int steps, double nMin, double nMax, double fp) {
        XYChart c = ToyPlots.chart(760, 700, "Fig. 2: paths in the plane w1+w2+w3=3 (colour = ‖w‖)",
                "c1 = w·(1,−1,0)/√2", "c2 = w·(1,1,−2)/√6");
        c.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        int bins = ToyPlots.RAMP.length;
        double width = (nMax - nMin) / bins;
        // Legend-only series: a single point draws nothing but shows the bin's colour in the legend.
        for (int b = 0; b < bins; b++) {
            String name = f("‖w‖ %.2f–%.2f", nMin + b * width, nMin + (b + 1) * width);
            ToyPlots.line(c, name, new double[] {0.0}, new double[] {0.0}, ToyPlots.RAMP[b], 6f, true);
        }
        double lim = 0.0;
        for (int p = 0; p < paths; p++) {
            double[][] tr = traj[p];
            int runStart = 0;
            int runBin = bin(tr[0][3], nMin, width, bins);
            for (int s = 1; s <= steps + 1; s++) {
                int b = s <= steps ? bin(tr[s][3], nMin, width, bins) : -1;
                if (b != runBin) {
                    int end = Math.min(s, steps); // include the first point of the next run: no gaps
                    double[] xs = new double[end - runStart + 1];
                    double[] ys = new double[end - runStart + 1];
                    for (int k = runStart; k <= end; k++) {
                        xs[k - runStart] = tr[k][5];
                        ys[k - runStart] = tr[k][6];
                    }
                    ToyPlots.line(c, "path " + LABELS[p] + " seg " + s, xs, ys, ToyPlots.RAMP[runBin], 4f, false);
                    runStart = s;
                    runBin = b;
                }
            }
            lim = Math.max(lim, Math.max(Math.abs(tr[0][5]), Math.abs(tr[0][6])));
            ToyPlots.points(c, LABELS[p] + f(": start (%.3g, %.3g, %.3g)", tr[0][0], tr[0][1], tr[0][2]),
                    new double[] {tr[0][5]}, new double[] {tr[0][6]}, Color.BLACK, SeriesMarkers.CIRCLE, true);
            // Letter just beyond the start, radially outward from the fixed point (paths are rays into it).
            double r0 = StrictMath.hypot(tr[0][5], tr[0][6]);
            double ox = r0 > 0 ? tr[0][5] / r0 : 0.0;
            double oy = r0 > 0 ? tr[0][6] / r0 : 1.0;
            c.addAnnotation(new AnnotationText(LABELS[p], tr[0][5] + 0.22 * ox, tr[0][6] + 0.22 * oy, false));
        }
        ToyPlots.points(c, f("fixed point %.4g·(1,1,1)", fp), new double[] {0.0}, new double[] {0.0},
                Color.RED, SeriesMarkers.DIAMOND, true);
        double m = Math.ceil((lim + 0.4) * 2) / 2;
        c.addAnnotation(new AnnotationTextPanel("Each path is a straight ray into the fixed point:\n"
                + "the in-plane part of w only shrinks (1 − 2ηλ per step).\n"
                + "Colour: ‖w‖ (dark = small, yellow = large).", -m + 0.05 * m, 0.72 * m, false)); // (x, y) = lower-left corner
        c.getStyler().setXAxisMin(-m).setXAxisMax(m).setYAxisMin(-m).setYAxisMax(m);
        return c;
    }

    private static XYChart sideChart(double[][][] traj, int paths, int steps, double lambda) {
        XYChart c = ToyPlots.chart(760, 560, "Fig. 2: side view: first onto the plane, then straight along it",
                "in-plane distance from the fixed point", "signed distance from plane w1+w2+w3=3");
        c.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        double maxR = 0.0;
        for (int p = 0; p < paths; p++) {
            double[] xs = new double[steps + 1];
            double[] ys = new double[steps + 1];
            for (int s = 0; s <= steps; s++) {
                xs[s] = StrictMath.hypot(traj[p][s][5], traj[p][s][6]);
                ys[s] = traj[p][s][7];
            }
            maxR = Math.max(maxR, xs[0]);
            Color col = ToyPlots.LINES[p % ToyPlots.LINES.length];
            ToyPlots.line(c, "path " + LABELS[p], xs, ys, col, 2.2f, true);
            ToyPlots.points(c, "start " + LABELS[p], new double[] {xs[0]}, new double[] {ys[0]}, col,
                    SeriesMarkers.CIRCLE, false);
        }
        double off = (9.0 / (3.0 + lambda) - 3.0) / Math.sqrt(3.0);
        ToyPlots.dashed(c, f("decayed plane sum=9/(3+λ) (%.4f)", off), new double[] {0.0, maxR * 1.05},
                new double[] {off, off}, Color.GRAY, 1.4f, true);
        ToyPlots.points(c, "fixed point", new double[] {0.0}, new double[] {off}, Color.RED, SeriesMarkers.DIAMOND,
                true);
        return c;
    }

    private static int bin(double v, double lo, double width, int bins) {
        if (!(width > 0)) {
            return 0;
        }
        return Math.min(bins - 1, Math.max(0, (int) ((v - lo) / width)));
    }

    private static double dot(double[] a, double[] b) {
        return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
    }
}
