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
import org.knowm.xchart.XYChart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Fig. 4 (Sec. 3.4): L(x, y) = (y − x²)², Z = the parabola y = x². Points p = b + d·n on the normal line
 * through b = (x0, x0²) (n the unit normal on the chosen side). Theorem 4.14 says |cos(∇L(p), v)| ≤ C·dist_Z(p)
 * for tangents v of Z at the projection of p. Here it is linear to first order: with s = √(1 + 4x0²),
 * |cos| = 4x0·d / (s²·√(1 + 4x²)) where x = x0 ∓ 2x0·d/s, so |cos|/d → 4x0/s³ as d → 0.
 * The level sets are exact: L = c ⇔ y = x² ± √c.
 */
public final class Fig4GradientOrthogonality implements Experiment {
    @Override
    public String name() {
        return "fig4";
    }

    @Override
    public String title() {
        return "Fig. 4: gradient orthogonality near Z for L=(y−x²)² (level sets, arrows, |cos| vs distance)";
    }

    @Override
    public List<Param> params() {
        return List.of(
                Param.real("x0", 1.0, 0.25, 2.0, "x of the base point (x0, x0²) whose normal line carries the points"),
                Param.choice("side", "above", List.of("above", "below"),
                        "side of the parabola: above = y > x² (concave side), below = y < x²"),
                Param.realList("distances", List.of(0.6, 0.3, 0.1), 1e-6, 1.0,
                        "distances of the drawn points from Z along the normal (decreasing)"),
                Param.realList("levels", List.of(0.01, 0.05, 0.2, 0.5, 1.0, 2.0), 1e-6, 100.0,
                        "loss values c of the drawn level sets (y = x² ± √c)"),
                Param.real("fit_min", 1e-3, 1e-8, 1.0, "smallest distance of the |cos| vs distance sample"),
                Param.real("fit_max", 0.1, 1e-6, 1.0, "largest distance of the |cos| vs distance sample"),
                Param.integer("fit_points", 25, 3, 100_000, "number of distances (geometric spacing) in the fit"),
                Param.real("r2_min", 0.99, 0.0, 1.0, "required R² of the fit |cos| = k·distance (through the origin)"),
                Param.real("ratio_rtol", 0.01, 0.0, true, 1.0, false,
                        "|cos|/distance at fit_min must be within this relative tolerance of the limit 4x0/s³"),
                Param.real("arrow_length", 0.18, 0.01, 2.0, "drawn length of the normalised −∇L arrows (display only)"));
    }

    @Override
    public Map<String, String> ciScale() {
        return Map.of(); // the paper-scale run takes milliseconds
    }

    /** One measured point: p, its projection, ∇L(p) and |cos(∇L, tangent)|. */
    record Probe(double distance, double px, double py, double qx, double qy, double gx, double gy, double absCos) {
    }

    /** The point at distance d along the normal through (x0, x0²) and its measurements. */
    static Probe probe(double x0, double sign, double d) {
        double s = Math.sqrt(1.0 + 4.0 * x0 * x0);
        double nx = sign * -2.0 * x0 / s;
        double ny = sign / s;
        double px = x0 + d * nx;
        double py = x0 * x0 + d * ny;
        double qx = ToyModels.projectOntoParabola(px, py, x0);
        double qy = qx * qx;
        double[] g = ToyModels.parabolaGradient(px, py);
        double tn = Math.sqrt(1.0 + 4.0 * qx * qx);
        double tx = 1.0 / tn;
        double ty = 2.0 * qx / tn;
        double gn = StrictMath.hypot(g[0], g[1]);
        double cos = Math.abs(g[0] * tx + g[1] * ty) / gn;
        return new Probe(StrictMath.hypot(px - qx, py - qy), px, py, qx, qy, g[0], g[1], cos);
    }

    /** lim_{d→0} |cos|/d = 4x0/(1 + 4x0²)^{3/2} (twice x0 times the parabola's curvature, on either side). */
    static double limitRatio(double x0) {
        double s = Math.sqrt(1.0 + 4.0 * x0 * x0);
        return 4.0 * x0 / (s * s * s);
    }

    @Override
    public void run(RunContext ctx) {
        Config cfg = ctx.config();
        double x0 = cfg.getDouble("x0");
        double sign = cfg.getString("side").equals("above") ? 1.0 : -1.0;
        List<Double> dists = new ArrayList<>(cfg.getDoubles("distances"));
        List<Double> levels = cfg.getDoubles("levels");
        double fitMin = cfg.getDouble("fit_min");
        double fitMax = cfg.getDouble("fit_max");
        int fitN = cfg.getInt("fit_points");
        double r2Min = cfg.getDouble("r2_min");
        double ratioTol = cfg.getDouble("ratio_rtol");
        double arrowLen = cfg.getDouble("arrow_length");
        double s = Math.sqrt(1.0 + 4.0 * x0 * x0);
        double radius = s * s * s / 2.0; // radius of curvature at the base point
        if (fitMin >= fitMax) {
            throw new UsageException("--set fit_min=" + fitMin + ": must be below fit_max=" + fitMax);
        }
        dists.sort((a, b) -> Double.compare(b, a));
        double dMax = Math.max(dists.get(0), fitMax);
        if (sign > 0 && dMax >= radius) {
            throw new UsageException("--set distances/fit_max: " + dMax + " reaches the centre of curvature (radius "
                    + f(radius) + " at x0=" + x0 + "); beyond it the base point is no longer the nearest point of Z");
        }

        Table t = ctx.table("metrics.csv", "role", "distance", "px", "py", "proj_x", "proj_y", "grad_x", "grad_y",
                "loss", "abs_cos", "cos_over_distance");
        List<Probe> drawn = new ArrayList<>();
        for (double d : dists) {
            Probe p = probe(x0, sign, d);
            drawn.add(p);
            add(t, "point", p);
        }
        double[] fd = new double[fitN];
        double[] fc = new double[fitN];
        double projShift = 0.0;
        for (int i = 0; i < fitN; i++) {
            double d = fitMin * StrictMath.pow(fitMax / fitMin, i / (double) (fitN - 1));
            Probe p = probe(x0, sign, d);
            add(t, "fit", p);
            fd[i] = p.distance();
            fc[i] = p.absCos();
            projShift = Math.max(projShift, Math.abs(p.qx() - x0));
        }
        // Least squares through the origin, centred R² (the stricter form).
        double sdc = 0;
        double sdd = 0;
        double mean = 0;
        for (int i = 0; i < fitN; i++) {
            sdc += fd[i] * fc[i];
            sdd += fd[i] * fd[i];
            mean += fc[i];
        }
        mean /= fitN;
        double k = sdc / sdd;
        double sse = 0;
        double sst = 0;
        for (int i = 0; i < fitN; i++) {
            double e = fc[i] - k * fd[i];
            sse += e * e;
            sst += (fc[i] - mean) * (fc[i] - mean);
        }
        double r2 = 1.0 - sse / sst;
        double limit = limitRatio(x0);
        double ratioSmall = fc[0] / fd[0];
        double ratioLarge = fc[fitN - 1] / fd[fitN - 1];
        double ratioErr = Math.abs(ratioSmall - limit) / limit;

        ctx.claim("Fig. 4", "|cos(∇L, tangent of Z)| falls linearly with distance (Thm 4.14): fit through the origin on d ∈ ["
                        + f(fitMin) + ", " + f(fitMax) + "]",
                "slope k = " + f(k) + ", R² = " + f(r2) + " (" + fitN + " distances)", "R² ≥ " + f(r2Min), r2 >= r2Min);
        ctx.claim("Fig. 4", "|cos|/distance is constant for small distance and equals the first-order value 4x0/(1+4x0²)^{3/2} = "
                        + f(limit),
                "|cos|/d = " + f(ratioSmall) + " at d = " + f(fd[0]) + " (rel. diff " + f(ratioErr) + "), "
                        + f(ratioLarge) + " at d = " + f(fd[fitN - 1]),
                "≤ " + f(ratioTol) + " relative at d = " + f(fitMin), ratioErr <= ratioTol);
        boolean decreasing = true;
        StringBuilder cosList = new StringBuilder();
        for (int i = 0; i < drawn.size(); i++) {
            if (i > 0) {
                cosList.append(", ");
                decreasing &= drawn.get(i).absCos() < drawn.get(i - 1).absCos();
            }
            cosList.append(f("d=%.3g: %.4f", drawn.get(i).distance(), drawn.get(i).absCos()));
        }
        ctx.claim("Fig. 4", "the drawn points' gradients turn normal to Z as the distance decreases",
                "|cos| " + cosList, "strictly decreasing with distance", decreasing);
        double maxProjErr = 0.0;
        for (Probe p : drawn) {
            maxProjErr = Math.max(maxProjErr, Math.abs(p.qx() - x0));
        }
        Map<String, Object> sum = new LinkedHashMap<>();
        sum.put("slope_through_origin", k);
        sum.put("r2", r2);
        sum.put("limit_ratio_4x0_over_s3", limit);
        sum.put("ratio_at_fit_min", ratioSmall);
        sum.put("ratio_at_fit_max", ratioLarge);
        sum.put("max_projection_shift_from_base_point", Math.max(projShift, maxProjErr));
        ctx.summary("fit", sum);
        ctx.checkpoint("cosine", 0, Map.of("distance", fd, "abs_cos", fc), Map.of("slope", k, "r2", r2));

        ctx.figure("fig4_level_sets.png", levelChart(x0, sign, drawn, levels, arrowLen));
        ctx.figure("fig4_cosine_vs_distance.png", cosChart(x0, sign, drawn, fd, fc, k, limit));
    }

    private static void add(Table t, String role, Probe p) {
        t.add(role, p.distance(), p.px(), p.py(), p.qx(), p.qy(), p.gx(), p.gy(),
                ToyModels.parabolaLoss(p.px(), p.py()), p.absCos(), p.absCos() / p.distance());
    }

    private static XYChart levelChart(double x0, double sign, List<Probe> drawn, List<Double> levels, double arrowLen) {
        double s0 = Math.sqrt(1.0 + 4.0 * x0 * x0);
        double dFar = drawn.get(0).distance();
        double span = Math.max(1.2, 2.2 * dFar + 0.5);
        double cx = x0 + 0.5 * dFar * sign * -2.0 * x0 / s0;
        double cy = x0 * x0 + 0.5 * dFar * sign / s0;
        double xlo = cx - span / 2;
        double xhi = cx + span / 2;
        double ylo = cy - span / 2;
        double yhi = cy + span / 2;
        XYChart c = ToyPlots.chart(1000, 720, "Fig. 4: level sets of L = (y − x²)² and −∇L near Z", "x", "y");
        c.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        c.getStyler().setXAxisDecimalPattern("0.0#").setYAxisDecimalPattern("0.0#");
        c.getStyler().setXAxisMin(xlo).setXAxisMax(xhi).setYAxisMin(ylo).setYAxisMax(yhi);
        int n = 300;
        double[] xs = ToyPlots.range(xlo, xhi, n);
        for (int li = 0; li < levels.size(); li++) {
            double lv = levels.get(li);
            double r = Math.sqrt(lv);
            Color col = ToyPlots.RAMP[Math.min(ToyPlots.RAMP.length - 1, li * ToyPlots.RAMP.length / levels.size())];
            for (int branch = -1; branch <= 1; branch += 2) {
                List<Double> bx = new ArrayList<>();
                List<Double> by = new ArrayList<>();
                for (double x : xs) {
                    double y = x * x + branch * r;
                    if (y >= ylo - 0.5 && y <= yhi + 0.5) {
                        bx.add(x);
                        by.add(y);
                    }
                }
                if (bx.size() < 2) {
                    continue;
                }
                ToyPlots.line(c, branch < 0 ? f("L = %.3g", lv) : f("L = %.3g (upper)", lv), toArray(bx), toArray(by),
                        col, 1.3f, branch < 0);
            }
        }
        double[] py = new double[n];
        for (int i = 0; i < n; i++) {
            py[i] = xs[i] * xs[i];
        }
        ToyPlots.line(c, "Z: y = x² (L = 0)", xs, py, Color.BLACK, 3.5f, true);
        // Normal line through the base point and the tangent there.
        double s = s0;
        double nx = sign * -2.0 * x0 / s;
        double ny = sign / s;
        double reach = drawn.get(0).distance() + 0.2;
        ToyPlots.dashed(c, "normal line at (x0, x0²)", new double[] {x0 - 0.2 * nx, x0 + reach * nx},
                new double[] {x0 * x0 - 0.2 * ny, x0 * x0 + reach * ny}, Color.GRAY, 1.5f, true);
        double tx = 1.0 / s;
        double ty = 2.0 * x0 / s;
        ToyPlots.dashed(c, "tangent of Z at (x0, x0²)", new double[] {x0 - 0.6 * tx, x0 + 0.6 * tx},
                new double[] {x0 * x0 - 0.6 * ty, x0 * x0 + 0.6 * ty}, new Color(120, 120, 200), 1.5f, true);
        double[] ptx = new double[drawn.size()];
        double[] pty = new double[drawn.size()];
        for (int i = 0; i < drawn.size(); i++) {
            Probe p = drawn.get(i);
            ptx[i] = p.px();
            pty[i] = p.py();
            double gn = StrictMath.hypot(p.gx(), p.gy());
            ToyPlots.arrow(c, "arrow " + i, p.px(), p.py(), p.px() - arrowLen * p.gx() / gn,
                    p.py() - arrowLen * p.gy() / gn, 0.25 * arrowLen, new Color(214, 39, 40), i == 0);
            // Label up along the tangent direction, clear of the arrow (which points back toward Z).
            c.addAnnotation(new AnnotationText(f("d=%.2g", p.distance()), p.px() + 0.09 * span / 1.6 * (1.0 / s0) - 0.05,
                    p.py() + 0.09 * span / 1.6 * (2.0 * x0 / s0) + 0.03, false));
        }
        c.getSeriesMap().get("arrow 0").setLabel("−∇L direction (normalised)");
        ToyPlots.points(c, "points on the normal line", ptx, pty, new Color(214, 39, 40), SeriesMarkers.CIRCLE, true);
        ToyPlots.points(c, "base point (x0, x0²)", new double[] {x0}, new double[] {x0 * x0}, Color.BLACK,
                SeriesMarkers.DIAMOND, true);
        return c;
    }

    private static XYChart cosChart(double x0, double sign, List<Probe> drawn, double[] fd, double[] fc, double k,
                                    double limit) {
        XYChart c = ToyPlots.chart(780, 560, "Fig. 4: |cos(∇L, tangent of Z)| vs distance from Z",
                "distance from Z", "|cos(∇L, tangent)|");
        c.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
        double dMax = drawn.get(0).distance();
        int n = 200;
        double[] dd = new double[n];
        double[] cc = new double[n];
        for (int i = 0; i < n; i++) {
            dd[i] = dMax * (i + 1) / n;
            cc[i] = probe(x0, sign, dd[i]).absCos();
        }
        ToyPlots.line(c, "measured |cos| (dense)", dd, cc, new Color(31, 119, 180), 2.2f, true);
        ToyPlots.points(c, f("fit sample (d ≤ %.3g)", fd[fd.length - 1]), fd, fc, new Color(44, 160, 44),
                SeriesMarkers.CIRCLE, true);
        ToyPlots.dashed(c, f("fit through origin: %.4f·d", k), new double[] {0, dMax}, new double[] {0, k * dMax},
                Color.BLACK, 1.6f, true);
        ToyPlots.dashed(c, f("first order 4x0/s³·d = %.4f·d", limit), new double[] {0, dMax},
                new double[] {0, limit * dMax}, new Color(255, 127, 14), 1.6f, true);
        double[] px = new double[drawn.size()];
        double[] py = new double[drawn.size()];
        for (int i = 0; i < drawn.size(); i++) {
            px[i] = drawn.get(i).distance();
            py[i] = drawn.get(i).absCos();
        }
        ToyPlots.points(c, "the three drawn points", px, py, new Color(214, 39, 40), SeriesMarkers.DIAMOND, true);
        c.getStyler().setXAxisMin(0.0).setYAxisMin(0.0);
        c.getStyler().setXAxisDecimalPattern("0.00").setYAxisDecimalPattern("0.00");
        return c;
    }

    private static double[] toArray(List<Double> v) {
        double[] a = new double[v.size()];
        for (int i = 0; i < a.length; i++) {
            a[i] = v.get(i);
        }
        return a;
    }
}
