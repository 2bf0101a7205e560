package dev.zeroloss.harness.experiments;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.util.Locale;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.Marker;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** Shared chart helpers for the toy figures (Figs. 1–4): one look, readable fonts, no per-figure boilerplate. */
final class ToyPlots {
    /** Eight colours sampled from the viridis ramp (dark = small, yellow = large): used for "shaded by norm". */
    static final Color[] RAMP = {
        new Color(68, 1, 84), new Color(70, 50, 126), new Color(54, 92, 141), new Color(39, 127, 142),
        new Color(31, 161, 135), new Color(74, 193, 109), new Color(160, 218, 57), new Color(253, 231, 37)
    };

    /** Qualitative colours for one line per setting (λ, start, …). */
    static final Color[] LINES = {
        new Color(31, 119, 180), new Color(255, 127, 14), new Color(44, 160, 44), new Color(214, 39, 40),
        new Color(148, 103, 189), new Color(140, 86, 75), new Color(227, 119, 194), new Color(127, 127, 127)
    };

    private ToyPlots() {
    }

    static XYChart chart(int width, int height, String title, String xTitle, String yTitle) {
        XYChart c = new XYChartBuilder().width(width).height(height).title(title).xAxisTitle(xTitle)
                .yAxisTitle(yTitle).build();
        var st = c.getStyler();
        st.setChartBackgroundColor(Color.WHITE);
        st.setPlotBackgroundColor(Color.WHITE);
        st.setPlotGridLinesColor(new Color(225, 225, 225));
        st.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        st.setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
        st.setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        st.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        st.setLegendPosition(Styler.LegendPosition.InsideNE);
        st.setLegendBackgroundColor(new Color(255, 255, 255, 225));
        st.setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        st.setMarkerSize(7);
        st.setAnnotationTextFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
        return c;
    }

    /** A plain line (no markers). */
    static XYSeries line(XYChart c, String name, double[] x, double[] y, Color color, float width, boolean legend) {
        XYSeries s = c.addSeries(name, x, y);
        s.setMarker(SeriesMarkers.NONE);
        s.setLineColor(color);
        s.setLineStyle(new BasicStroke(width, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        s.setShowInLegend(legend);
        return s;
    }

    /** A dashed line (no markers). */
    static XYSeries dashed(XYChart c, String name, double[] x, double[] y, Color color, float width, boolean legend) {
        XYSeries s = line(c, name, x, y, color, width, legend);
        s.setLineStyle(new BasicStroke(width, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f,
                new float[] {7f, 5f}, 0f));
        return s;
    }

    /** Markers only. */
    static XYSeries points(XYChart c, String name, double[] x, double[] y, Color color, Marker marker,
                           boolean legend) {
        XYSeries s = c.addSeries(name, x, y);
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        s.setMarker(marker);
        s.setMarkerColor(color);
        s.setShowInLegend(legend);
        return s;
    }

    /** An arrow from (x0,y0) to (x1,y1) as one polyline: shaft plus two head wings. */
    static XYSeries arrow(XYChart c, String name, double x0, double y0, double x1, double y1, double head,
                          Color color, boolean legend) {
        double dx = x1 - x0;
        double dy = y1 - y0;
        double len = Math.sqrt(dx * dx + dy * dy);
        double ux = dx / len;
        double uy = dy / len;
        double ca = StrictMath.cos(StrictMath.toRadians(150));
        double sa = StrictMath.sin(StrictMath.toRadians(150));
        double w1x = x1 + head * (ca * ux - sa * uy);
        double w1y = y1 + head * (sa * ux + ca * uy);
        double w2x = x1 + head * (ca * ux + sa * uy);
        double w2y = y1 + head * (-sa * ux + ca * uy);
        return line(c, name, new double[] {x0, x1, w1x, x1, w2x}, new double[] {y0, y1, w1y, y1, w2y}, color,
                2.2f, legend);
    }

    static double[] range(double lo, double hi, int n) {
        double[] r = new double[n];
        for (int i = 0; i < n; i++) {
            r[i] = lo + (hi - lo) * i / (n - 1);
        }
        return r;
    }

    /** Short, locale-independent number formatting for labels and claims. */
    static String f(double v) {
        return String.format(Locale.ROOT, "%.6g", v);
    }

    static String f(String pattern, Object... args) {
        return String.format(Locale.ROOT, pattern, args);
    }
}
