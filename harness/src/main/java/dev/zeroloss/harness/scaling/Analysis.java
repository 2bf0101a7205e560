package dev.zeroloss.harness.scaling;

import dev.zeroloss.harness.io.AtomicFiles;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Fits and checks on a finished sweep table. Lines through the base config: the runs whose config differs
 * from the spec's base only in one variable (besides seed and max_steps). Fits log(delay) on log(x), delay =
 * T_grok − T_mem, and the raw T_grok too; runs that did not grok are left out (and counted).
 */
public final class Analysis {
    static final Set<String> FREE = Set.of("seed", "max_steps");
    static final int BOOT = 1000;

    private Analysis() {
    }

    /** The fitted quantities, by name (also written as fits.csv). */
    public record Result(Map<String, Fits.Fit> fits, double kappa, double vStar, double mape, int mapeRuns,
                         String report) {
    }

    public static Result analyze(List<Map<String, String>> rows, RunConfig base, Path outDir, Path runsDir)
            throws IOException {
        Files.createDirectories(outDir);
        StringBuilder md = new StringBuilder();
        md.append("# Sweep analysis\n\n");
        Map<String, Fits.Fit> fits = new LinkedHashMap<>();
        Map<String, String> baseMap = base.toMap();
        md.append(String.format(Locale.ROOT, "Base cell: task %s, p %d, %s inputs, %s width %d, loss %s, %s eta %s,"
                + " lambda %s, batch %s. %d runs in the table.%n%n", base.task, base.p, base.input, base.model,
                base.width, base.loss, base.optimizer, base.eta, base.lambda, base.batch == 0 ? "full" : base.batch,
                rows.size()));

        List<Map<String, String>> etaLine = line(rows, baseMap, "eta");
        List<Map<String, String>> lamLine = line(rows, baseMap, "lambda");
        List<Map<String, String>> bLine = line(rows, baseMap, "batch");
        List<Map<String, String>> centre = line(rows, baseMap, null);

        md.append("## Fitted exponents (least squares on log-log; 95 % bootstrap interval over seeds, "
                + BOOT + " replicates)\n\n");
        md.append("| fit | x range | runs (not grokked) | exponent | 95 % CI | R² | published |\n|---|---|---|---|---|---|---|\n");
        addFit(md, fits, "delay_vs_eta", etaLine, "eta", "delay", Double.POSITIVE_INFINITY,
                "η^(−1.02±0.08) AdamW (arXiv 2605.18845)");
        addFit(md, fits, "tgrok_vs_eta", etaLine, "eta", "t_grok", Double.POSITIVE_INFINITY,
                "MLP law T_grok ∝ η^−0.50 (OpenReview TGqGmGZ2Hz)");
        addFit(md, fits, "delay_vs_lambda", lamLine, "lambda", "delay", base.lambda,
                "λ^(−1.26±0.21) (2605.18845); λ^−1.09 over [0.1,1] (2603.13331)");
        addFit(md, fits, "tgrok_vs_lambda", lamLine, "lambda", "t_grok", base.lambda,
                "T_grok ∝ λ^−0.79 (2603.13331); MLP law λ^−0.64");
        if (distinct(lamLine, "lambda") > distinct(filterMax(lamLine, "lambda", base.lambda), "lambda")) {
            addFit(md, fits, "delay_vs_lambda_all", lamLine, "lambda", "delay", Double.POSITIVE_INFINITY,
                    "(incl. λ above the base: the law bends at large λ)");
        }
        if (distinct(bLine, "batch") >= 2) {
            addFit(md, fits, "delay_vs_batch", bLine, "batch", "delay", Double.POSITIVE_INFINITY, "(none published here)");
        }
        md.append("\n");

        // local slopes of the λ line between consecutive cells (cell means of log delay)
        TreeMap<Double, double[]> cells = cellMeans(lamLine, "lambda", "delay");
        if (cells.size() >= 2) {
            md.append("Local slopes d log(delay) / d log(λ) between consecutive λ cells: ");
            Double prev = null;
            List<String> parts = new ArrayList<>();
            for (Map.Entry<Double, double[]> e : cells.entrySet()) {
                if (prev != null) {
                    double s = (e.getValue()[0] / e.getValue()[1] - cells.get(prev)[0] / cells.get(prev)[1])
                            / (StrictMath.log(e.getKey()) - StrictMath.log(prev));
                    parts.add(String.format(Locale.ROOT, "[%s, %s]: %.3f", prev, e.getKey(), s));
                }
                prev = e.getKey();
            }
            md.append(String.join("; ", parts)).append(".\n\n");
        }

        // first-passage law
        double kappa = Double.NaN, vStar = Double.NaN, mape = Double.NaN;
        int mapeRuns = 0;
        md.append("## First-passage law  T_grok − T_mem ≈ log(V_mem / V★) / (2κηλ)\n\n");
        List<Map<String, String>> calib = grokked(centre);
        if (!calib.isEmpty()) {
            double ks = 0, ls = 0;
            int kn = 0;
            for (Map<String, String> r : calib) {
                double k = d(r, "kappa_run");
                if (Double.isFinite(k)) {
                    ks += k;
                    kn++;
                }
            }
            kappa = ks / kn;
            for (Map<String, String> r : calib) {
                ls += StrictMath.log(d(r, "v_mem")) - 2.0 * kappa * d(r, "eta") * d(r, "lambda") * d(r, "delay");
            }
            vStar = StrictMath.exp(ls / calib.size());
            List<Map<String, String>> held = new ArrayList<>();
            for (Map<String, String> r : grokked(etaLine)) {
                if (!centre.contains(r)) {
                    held.add(r);
                }
            }
            for (Map<String, String> r : grokked(lamLine)) {
                if (!centre.contains(r)) {
                    held.add(r);
                }
            }
            double sum = 0;
            StringBuilder per = new StringBuilder();
            for (Map<String, String> r : held) {
                double pred = StrictMath.log(d(r, "v_mem") / vStar) / (2.0 * kappa * d(r, "eta") * d(r, "lambda"));
                double err = Math.abs(pred - d(r, "delay")) / d(r, "delay");
                sum += err;
                per.append(String.format(Locale.ROOT, "| %s | %s | %s | %.0f | %.0f | %.1f %% |%n", r.get("eta"),
                        r.get("lambda"), r.get("seed"), d(r, "delay"), pred, 100 * err));
            }
            mapeRuns = held.size();
            mape = held.isEmpty() ? Double.NaN : sum / held.size();
            md.append(String.format(Locale.ROOT, "Calibrated on the base cell (%d runs): κ = %.4f (mean over its runs of"
                    + " −(slope of log V per step from the V peak to T_grok)/(2ηλ)), V★ = %.2f (so that the law holds"
                    + " on average in log V there). Published κ: 0.17–0.37 (0.21 for MLPs).%n%n", calib.size(), kappa,
                    vStar));
            if (held.isEmpty()) {
                md.append("No other eta or lambda runs in this sweep to predict.\n\n");
            } else {
                md.append(String.format(Locale.ROOT, "Held-out runs: %d; mean absolute percentage error **%.1f %%**"
                        + " (published: 18–23 %%).%n%n", mapeRuns, 100 * mape));
                md.append("| eta | lambda | seed | measured delay | predicted | error |\n|---|---|---|---|---|---|\n")
                        .append(per).append('\n');
                // variants: V_peak in place of V_mem; and the log ratio held at its base-cell value (delay ∝ 1/(ηλ))
                double peakLog = 0;
                double c = 0;
                for (Map<String, String> r : calib) {
                    peakLog += StrictMath.log(d(r, "v_peak")) - 2.0 * kappa * d(r, "eta") * d(r, "lambda") * d(r, "delay");
                    c += d(r, "delay") * d(r, "eta") * d(r, "lambda");
                }
                peakLog /= calib.size();
                c /= calib.size();
                double sumPeak = 0, sumConst = 0;
                for (Map<String, String> r : held) {
                    double x = 2.0 * kappa * d(r, "eta") * d(r, "lambda");
                    sumPeak += Math.abs((StrictMath.log(d(r, "v_peak")) - peakLog) / x - d(r, "delay")) / d(r, "delay");
                    sumConst += Math.abs(c / (d(r, "eta") * d(r, "lambda")) - d(r, "delay")) / d(r, "delay");
                }
                md.append(String.format(Locale.ROOT, "Variants on the same held-out runs: with V_peak in place of V_mem"
                        + " (V★ recalibrated) MAPE %.1f %%; with the log ratio held at its base-cell value (delay ="
                        + " C/(ηλ), C = %.4f from the base cell) MAPE %.1f %%.%n%n", 100 * sumPeak / held.size(), c,
                        100 * sumConst / held.size()));
            }
        } else {
            md.append("The base cell has no grokked run: nothing to calibrate on.\n\n");
        }

        // ablations
        md.append("## Ablations\n\n");
        List<Map<String, String>> wdOff = line(rows, baseMap, "wd_off_at_mem");
        wdOff.removeIf(r -> !r.get("wd_off_at_mem").equals("true"));
        md.append(ablation("weight decay off at T_mem", wdOff, centre,
                "published: turning weight decay off at T_mem stops grokking (0 of 6 runs)"));
        List<Map<String, String>> sgd = line(rows, baseMap, "optimizer");
        sgd.removeIf(r -> r.get("optimizer").equals(base.optimizer));
        md.append(ablation("plain SGD (coupled decay) at equal η, λ", sgd, centre,
                "published: plain SGD stays at chance where AdamW groks"));
        double maxCollapse = 0;
        for (Map<String, String> r : rows) {
            double c = d(r, "collapse_max");
            if (Double.isFinite(c)) {
                maxCollapse = Math.max(maxCollapse, c);
            }
        }
        md.append(String.format(Locale.ROOT, "Largest fraction of train samples with a collapsed softmax "
                + "(1 + Σ exp(z_j − z_c) == 1 in float64) at any evaluation of any run: %.4f.%n%n", maxCollapse));
        md.append("Norm decay window: the κ fits use log V from the V peak after T_mem to T_grok (columns "
                + "decay_window_from/to of the table); V first grows after memorisation, then contracts.\n");

        writeFitsCsv(outDir.resolve("fits.csv"), fits);
        chart(outDir.resolve("delay_vs_eta.png"), "Grokking delay vs learning rate (λ = " + base.lambda + ")", "eta",
                etaLine, fits.get("delay_vs_eta"), fits.get("tgrok_vs_eta"));
        chart(outDir.resolve("delay_vs_lambda.png"), "Grokking delay vs weight decay (η = " + base.eta + ")",
                "lambda", lamLine, fits.get("delay_vs_lambda"), fits.get("tgrok_vs_lambda"));
        if (fits.containsKey("delay_vs_batch")) {
            chart(outDir.resolve("delay_vs_batch.png"), "Grokking delay vs batch size", "batch", bLine,
                    fits.get("delay_vs_batch"), null);
        }
        if (runsDir != null && Files.isDirectory(runsDir)) {
            normChart(outDir.resolve("v_trajectories.png"), runsDir, lamLine, etaLine);
        }
        String report = md.toString();
        AtomicFiles.writeString(outDir.resolve("report.md"), report);
        return new Result(fits, kappa, vStar, mape, mapeRuns, report);
    }

    static String ablation(String what, List<Map<String, String>> runs, List<Map<String, String>> centre,
                           String published) {
        if (runs.isEmpty()) {
            return "- " + what + ": not in this sweep.\n";
        }
        int grok = grokked(runs).size();
        int mem = 0;
        double acc = 0;
        for (Map<String, String> r : runs) {
            mem += r.get("t_mem").isEmpty() ? 0 : 1;
            acc += d(r, "final_test_acc");
        }
        int baseGrok = grokked(centre).size();
        return String.format(Locale.ROOT, "- %s: %d of %d runs grokked (test acc ≥ grok_acc), %d memorised; mean final"
                + " test accuracy %.3f (base cell: %d of %d grokked). %s.%n", what, grok, runs.size(), mem,
                acc / runs.size(), baseGrok, centre.size(), published);
    }

    /** Runs of the line through base along x (x null: the base cell itself). */
    static List<Map<String, String>> line(List<Map<String, String>> rows, Map<String, String> base, String x) {
        List<Map<String, String>> out = new ArrayList<>();
        for (Map<String, String> r : rows) {
            boolean ok = true;
            for (String k : RunConfig.KEYS) {
                if (FREE.contains(k) || k.equals(x)) {
                    continue;
                }
                if (!canon(k, r.get(k)).equals(base.get(k))) {
                    ok = false;
                    break;
                }
            }
            if (ok) {
                out.add(r);
            }
        }
        return out;
    }

    private static String canon(String k, String v) {
        RunConfig c = new RunConfig();
        c.set(k, v);
        return c.toMap().get(k);
    }

    static List<Map<String, String>> grokked(List<Map<String, String>> rows) {
        List<Map<String, String>> out = new ArrayList<>();
        for (Map<String, String> r : rows) {
            if (!r.get("delay").isEmpty() && d(r, "delay") > 0) {
                out.add(r);
            }
        }
        return out;
    }

    /** The swept value of x in run r; batch 0 (full batch) is the train-set size. */
    static double xv(Map<String, String> r, String x) {
        double v = d(r, x);
        if (x.equals("batch") && v == 0) {
            return Math.floor(d(r, "train_fraction") * d(r, "p") * d(r, "p"));
        }
        return v;
    }

    static double d(Map<String, String> r, String k) {
        String v = r.get(k);
        return v == null || v.isEmpty() ? Double.NaN : Double.parseDouble(v);
    }

    private static List<Map<String, String>> filterMax(List<Map<String, String>> rows, String x, double max) {
        List<Map<String, String>> out = new ArrayList<>();
        for (Map<String, String> r : rows) {
            if (xv(r, x) <= max) {
                out.add(r);
            }
        }
        return out;
    }

    private static int distinct(List<Map<String, String>> rows, String x) {
        return (int) rows.stream().map(r -> r.get(x)).distinct().count();
    }

    private static void addFit(StringBuilder md, Map<String, Fits.Fit> fits, String name,
                               List<Map<String, String>> lineRows, String x, String y, double xMax, String published) {
        List<Map<String, String>> use = filterMax(lineRows, x, xMax);
        if (distinct(use, x) < 2) {
            md.append("| ").append(name).append(" | fewer than two ").append(x).append(" values | | | | | ")
                    .append(published).append(" |\n");
            return;
        }
        List<Fits.Point> pts = new ArrayList<>();
        int missed = 0;
        double lo = Double.POSITIVE_INFINITY, hi = 0;
        for (Map<String, String> r : use) {
            double yv = d(r, y);
            if (!(yv > 0) || r.get("delay").isEmpty()) {
                missed++;
                continue;
            }
            double xv = xv(r, x);
            lo = Math.min(lo, xv);
            hi = Math.max(hi, xv);
            pts.add(new Fits.Point(Long.parseLong(r.get("seed")), StrictMath.log(xv), StrictMath.log(yv)));
        }
        Fits.Fit f = Fits.fit(pts, BOOT, 20260101L);
        fits.put(name, f);
        md.append(String.format(Locale.ROOT, "| %s | [%s, %s] | %d (%d) | **%.3f** | [%.3f, %.3f] | %.3f | %s |%n", name,
                lo, hi, pts.size(), missed, f.line().slope(), f.lo(), f.hi(), f.line().r2(), published));
    }

    private static TreeMap<Double, double[]> cellMeans(List<Map<String, String>> rows, String x, String y) {
        TreeMap<Double, double[]> m = new TreeMap<>();
        for (Map<String, String> r : grokked(rows)) {
            double[] acc = m.computeIfAbsent(xv(r, x), k -> new double[2]);
            acc[0] += StrictMath.log(d(r, y));
            acc[1] += 1;
        }
        return m;
    }

    private static void writeFitsCsv(Path file, Map<String, Fits.Fit> fits) throws IOException {
        StringBuilder sb = new StringBuilder("fit,exponent,intercept,r2,points,ci_lo,ci_hi,replicates\n");
        for (Map.Entry<String, Fits.Fit> e : fits.entrySet()) {
            Fits.Fit f = e.getValue();
            sb.append(e.getKey()).append(',').append(f.line().slope()).append(',').append(f.line().intercept())
                    .append(',').append(f.line().r2()).append(',').append(f.line().n()).append(',').append(f.lo())
                    .append(',').append(f.hi()).append(',').append(f.replicates()).append('\n');
        }
        AtomicFiles.writeString(file, sb.toString());
    }

    private static void chart(Path file, String title, String x, List<Map<String, String>> rows, Fits.Fit delayFit,
                              Fits.Fit tgrokFit) throws IOException {
        List<Double> xs = new ArrayList<>(), ds = new ArrayList<>(), ts = new ArrayList<>();
        for (Map<String, String> r : grokked(rows)) {
            xs.add(xv(r, x));
            ds.add(d(r, "delay"));
            ts.add(d(r, "t_grok"));
        }
        if (xs.size() < 2) {
            return;
        }
        XYChart c = new XYChartBuilder().width(820).height(560).title(title).xAxisTitle(x + " (log)")
                .yAxisTitle("steps (log)").build();
        c.getStyler().setXAxisLogarithmic(true).setYAxisLogarithmic(true);
        c.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        c.getStyler().setDefaultSeriesRenderStyle(org.knowm.xchart.XYSeries.XYSeriesRenderStyle.Scatter);
        c.addSeries("delay T_grok − T_mem (runs)", xs, ds).setMarker(SeriesMarkers.CIRCLE).setMarkerColor(
                new Color(31, 119, 180));
        c.addSeries("raw T_grok (runs)", xs, ts).setMarker(SeriesMarkers.DIAMOND).setMarkerColor(new Color(255, 127, 14));
        addFitLine(c, "delay fit", delayFit, xs, new Color(31, 119, 180));
        addFitLine(c, "T_grok fit", tgrokFit, xs, new Color(255, 127, 14));
        BitmapEncoder.saveBitmap(c, file.toString().replaceAll("\\.png$", ""), BitmapEncoder.BitmapFormat.PNG);
    }

    private static void addFitLine(XYChart c, String name, Fits.Fit f, List<Double> xs, Color color) {
        if (f == null || Double.isNaN(f.line().slope())) {
            return;
        }
        double lo = xs.stream().mapToDouble(v -> v).min().orElse(1), hi = xs.stream().mapToDouble(v -> v).max().orElse(1);
        double[] fx = {lo, hi};
        double[] fy = {StrictMath.exp(f.line().intercept() + f.line().slope() * StrictMath.log(lo)),
                StrictMath.exp(f.line().intercept() + f.line().slope() * StrictMath.log(hi))};
        XYSeries s = c.addSeries(String.format(Locale.ROOT, "%s: slope %.2f, R² %.2f", name, f.line().slope(),
                f.line().r2()), fx, fy);
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        s.setMarker(SeriesMarkers.NONE);
        s.setLineColor(color);
    }

    private static void normChart(Path file, Path runsDir, List<Map<String, String>> lam,
                                  List<Map<String, String>> eta) throws IOException {
        XYChart c = new XYChartBuilder().width(820).height(560).title("V = ||θ||² along the λ line (first seed of each cell)")
                .xAxisTitle("step").yAxisTitle("V (log)").build();
        c.getStyler().setYAxisLogarithmic(true);
        c.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        c.getStyler().setMarkerSize(0);
        Set<String> seen = new java.util.HashSet<>();
        for (Map<String, String> r : lam) {
            if (!seen.add(r.get("lambda"))) {
                continue;
            }
            double[] s = SweepRunner.trajectory(runsDir, r.get("run_hash"), "step");
            double[] v = SweepRunner.trajectory(runsDir, r.get("run_hash"), "v");
            if (s == null || v == null || s.length < 2) {
                continue;
            }
            c.addSeries("λ = " + r.get("lambda") + " (seed " + r.get("seed") + ")", s, v).setMarker(SeriesMarkers.NONE);
        }
        if (c.getSeriesMap().isEmpty()) {
            return;
        }
        BitmapEncoder.saveBitmap(c, file.toString().replaceAll("\\.png$", ""), BitmapEncoder.BitmapFormat.PNG);
    }
}
