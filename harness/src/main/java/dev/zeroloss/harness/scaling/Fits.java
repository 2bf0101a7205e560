package dev.zeroloss.harness.scaling;

import dev.zeroloss.engine.Rng;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Least-squares power-law fits with R² and a seeded bootstrap over seeds. */
public final class Fits {
    private Fits() {
    }

    /** y ≈ intercept + slope·x. */
    public record Line(double slope, double intercept, double r2, int n) {
    }

    /** A fit with its bootstrap interval (2.5 and 97.5 percentiles of the slope), NaN if too few points. */
    public record Fit(Line line, double lo, double hi, int replicates) {
    }

    /** One observation: a seed (the resampling unit), x and y (already logged). */
    public record Point(long seed, double x, double y) {
    }

    public static Line ols(double[] x, double[] y) {
        int n = x.length;
        if (n < 2) {
            return new Line(Double.NaN, Double.NaN, Double.NaN, n);
        }
        double mx = 0, my = 0;
        for (int i = 0; i < n; i++) {
            mx += x[i];
            my += y[i];
        }
        mx /= n;
        my /= n;
        double sxx = 0, sxy = 0, syy = 0;
        for (int i = 0; i < n; i++) {
            double dx = x[i] - mx, dy = y[i] - my;
            sxx += dx * dx;
            sxy += dx * dy;
            syy += dy * dy;
        }
        if (sxx == 0) {
            return new Line(Double.NaN, Double.NaN, Double.NaN, n);
        }
        double slope = sxy / sxx;
        double icpt = my - slope * mx;
        double sse = 0;
        for (int i = 0; i < n; i++) {
            double e = y[i] - (icpt + slope * x[i]);
            sse += e * e;
        }
        double r2 = syy == 0 ? 1.0 : 1.0 - sse / syy;
        return new Line(slope, icpt, r2, n);
    }

    public static Line ols(List<Point> pts) {
        double[] x = new double[pts.size()];
        double[] y = new double[pts.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = pts.get(i).x();
            y[i] = pts.get(i).y();
        }
        return ols(x, y);
    }

    /**
     * OLS on all points, and a bootstrap over seeds: each replicate draws as many seeds as there are, with
     * replacement (stream "scaling-bootstrap" of {@code rngSeed}), takes all points of the drawn seeds
     * (a seed drawn twice counts twice) and refits; replicates with one distinct x are skipped.
     */
    public static Fit fit(List<Point> pts, int replicates, long rngSeed) {
        Line all = ols(pts);
        long[] seeds = pts.stream().mapToLong(Point::seed).distinct().sorted().toArray();
        if (pts.size() < 3 || seeds.length < 2) {
            return new Fit(all, Double.NaN, Double.NaN, 0);
        }
        Rng rng = Rng.stream(rngSeed, "scaling-bootstrap");
        double[] slopes = new double[replicates];
        int m = 0;
        List<Point> sample = new ArrayList<>();
        for (int b = 0; b < replicates; b++) {
            sample.clear();
            for (int k = 0; k < seeds.length; k++) {
                long s = seeds[rng.nextInt(seeds.length)];
                for (Point p : pts) {
                    if (p.seed() == s) {
                        sample.add(p);
                    }
                }
            }
            Line l = ols(sample);
            if (!Double.isNaN(l.slope())) {
                slopes[m++] = l.slope();
            }
        }
        if (m < 10) {
            return new Fit(all, Double.NaN, Double.NaN, m);
        }
        double[] s = Arrays.copyOf(slopes, m);
        Arrays.sort(s);
        return new Fit(all, s[(int) Math.floor(0.025 * (m - 1))], s[(int) Math.ceil(0.975 * (m - 1))], m);
    }
}
