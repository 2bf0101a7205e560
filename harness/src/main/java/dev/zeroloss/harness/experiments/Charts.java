package dev.zeroloss.harness.experiments;

import dev.zeroloss.engine.Mat;
import java.awt.Color;
import java.awt.Font;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.AnnotationText;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** Chart builders shared by the Fig. 6 and real-training experiments. */
final class Charts {
    private Charts() {
    }

    static XYChart lines(String title, String xTitle, String yTitle) {
        XYChart c = new XYChartBuilder().width(820).height(520).title(title).xAxisTitle(xTitle).yAxisTitle(yTitle)
                .build();
        c.getStyler().setLegendPosition(Styler.LegendPosition.InsideSE);
        c.getStyler().setMarkerSize(0);
        c.getStyler().setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        return c;
    }

    static void addLine(XYChart c, String name, double[] x, double[] y) {
        XYSeries s = c.addSeries(name, x, y);
        s.setMarker(SeriesMarkers.NONE);
    }

    /** Grouped bars: ‖Re F_k‖, ‖Im F_k‖ initial and final per k. */
    static CategoryChart fourierNorms(String title, double[] reInit, double[] imInit, double[] reFinal,
                                      double[] imFinal) {
        CategoryChart c = new CategoryChartBuilder().width(900).height(520).title(title).xAxisTitle("frequency k")
                .yAxisTitle("norm").build();
        c.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        c.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
        c.getStyler().setOverlapped(false);
        List<Integer> ks = new ArrayList<>();
        for (int k = 1; k <= reInit.length; k++) {
            ks.add(k);
        }
        c.addSeries("|Re F_k| initial", ks, box(reInit));
        c.addSeries("|Im F_k| initial", ks, box(imInit));
        c.addSeries("|Re F_k| final", ks, box(reFinal));
        c.addSeries("|Im F_k| final", ks, box(imFinal));
        return c;
    }

    private static List<Double> box(double[] x) {
        List<Double> out = new ArrayList<>();
        for (double v : x) {
            out.add(v);
        }
        return out;
    }

    /** A heat map of a 2K×2K cosine matrix (vectors ordered Re 1, Im 1, Re 2, …); NaN drawn as 0. */
    static HeatMapChart cosineHeatmap(String title, Mat m, double min, double max) {
        HeatMapChart c = new HeatMapChartBuilder().width(760).height(680).title(title).xAxisTitle("vector")
                .yAxisTitle("vector").build();
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < m.rows; i++) {
            labels.add((i % 2 == 0 ? "R" : "I") + (i / 2 + 1));
        }
        List<Number[]> cells = new ArrayList<>();
        for (int i = 0; i < m.rows; i++) {
            for (int j = 0; j < m.cols; j++) {
                double v = m.get(i, j);
                // XChart 3.8.8 indexes past its colour array for a value at (or above) max: clamp inside.
                double shown = Double.isNaN(v) ? 0.0 : Math.max(min, Math.min(v, max - 1e-6 * (max - min)));
                cells.add(new Number[] {j, m.rows - 1 - i, shown});
            }
        }
        List<String> ylabels = new ArrayList<>();
        for (int i = m.rows - 1; i >= 0; i--) {
            ylabels.add(labels.get(i));
        }
        c.addSeries("cos", labels, ylabels, cells);
        c.getStyler().setMin(min);
        c.getStyler().setMax(max);
        c.getStyler().setRangeColors(min < 0
                ? new Color[] {new Color(33, 102, 172), Color.WHITE, new Color(178, 24, 43)}
                : new Color[] {Color.WHITE, new Color(253, 174, 97), new Color(178, 24, 43)});
        c.getStyler().setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 8));
        c.getStyler().setXAxisLabelRotation(90);
        c.getStyler().setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
        return c;
    }

    /** Points of a projection (p×2) labelled by j, joined in the order j = 0, 1, 2, … (each step advances k). */
    static XYChart circle(String title, Mat proj) {
        int p = proj.rows;
        XYChart c = new XYChartBuilder().width(560).height(560).title(title).xAxisTitle("along Re F_k")
                .yAxisTitle("along Im F_k (orthogonalised)").build();
        c.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        c.getStyler().setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
        double[] x = new double[p + 1];
        double[] y = new double[p + 1];
        for (int j = 0; j <= p; j++) {
            x[j] = proj.get(j % p, 0);
            y[j] = proj.get(j % p, 1);
        }
        XYSeries path = c.addSeries("path j = 0, 1, 2, ...", x, y);
        path.setMarker(SeriesMarkers.NONE);
        path.setLineColor(new Color(190, 190, 190));
        double[] px = new double[p];
        double[] py = new double[p];
        System.arraycopy(x, 0, px, 0, p);
        System.arraycopy(y, 0, py, 0, p);
        XYSeries pts = c.addSeries("E_j projected", px, py);
        pts.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        pts.setMarker(SeriesMarkers.CIRCLE);
        for (int j = 0; j < p; j++) {
            c.addAnnotation(new AnnotationText(Integer.toString(j), px[j], py[j], false));
        }
        c.getStyler().setAnnotationTextFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
        return c;
    }
}
