package selab.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.TreeMap;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;
import selab.train.HistoryRow;

/**
 * PNG figures for a built table, rendered headless with XChart: a bar chart of the primary error with
 * 95% CI bars, error vs SE reduction ratio (when the rows vary r), and test top-1 error per epoch
 * (mean over seeds with dashed mean ± std lines). Error bars are omitted where n &lt; 2.
 */
public final class Plots {
    static {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    static final int WIDTH = 900;
    static final int HEIGHT = 560;
    private static final Color[] PALETTE = {
        new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c), new Color(0xd62728), new Color(0x9467bd),
        new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f), new Color(0xbcbd22), new Color(0x17becf)
    };

    private Plots() {}

    /** File name (under the table's report directory) to PNG bytes; plots without data are left out. */
    public static Map<String, byte[]> forTable(
            BuiltTable t, RecordTable runs, Map<String, List<HistoryRow>> historyByRunId) {
        Map<String, byte[]> out = new LinkedHashMap<>();
        String stem = t.spec().name();
        put(out, stem + "-delta.png", delta(t));
        put(out, stem + "-ratio.png", ratio(t, runs));
        put(out, stem + "-curves.png", curves(t, runs, historyByRunId));
        return out;
    }

    private static void put(Map<String, byte[]> out, String name, Chart<?, ?> chart) {
        if (chart != null) {
            out.put(name, png(chart));
        }
    }

    static byte[] png(Chart<?, ?> chart) {
        try {
            return BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode chart '" + chart.getTitle() + "' as PNG", e);
        }
    }

    /**
     * What the claims test: each row's difference in the primary error from the table's baseline, as a point
     * with its 95% CI (paired over common seeds when there are two, else Welch), and the paper's difference
     * for the same rows as a second marker: direction and size side by side on one axis, with zero marked.
     * Null when the table has no baseline or no row can be compared.
     */
    static XYChart delta(BuiltTable t) {
        Metric m = t.primary();
        String base = t.spec().baseline();
        if (base == null) {
            return null;
        }
        Double basePaper = t.rows().stream().filter(BuiltTable.Row::baseline).findFirst()
                .map(r -> r.paper() == null ? null : r.paper().top1Err()).orElse(null);
        List<String> labels = new ArrayList<>();
        List<Double> x = new ArrayList<>();
        List<Double> y = new ArrayList<>();
        List<Double> e = new ArrayList<>();
        List<Double> px = new ArrayList<>();
        List<Double> py = new ArrayList<>();
        for (BuiltTable.Row r : t.rows()) {
            Comparison c = r.deltas().get(m);
            if (r.baseline() || c == null || Double.isNaN(c.delta())) {
                continue;
            }
            double i = labels.size();
            labels.add(r.label());
            x.add(i);
            y.add(c.delta());
            e.add(c.ci95HalfWidth());
            if (m == Metric.TOP1_ERR && basePaper != null && r.paper() != null && r.paper().top1Err() != null) {
                px.add(i);
                py.add(r.paper().top1Err() - basePaper);
            }
        }
        if (labels.isEmpty()) {
            return null;
        }
        XYChart c = new XYChartBuilder().width(WIDTH).height(HEIGHT)
                .title(title(t) + ": Δ " + m.label() + " vs " + base + " (measured: mean ± 95% CI)")
                .xAxisTitle("row").yAxisTitle("Δ " + m.label() + " (points; < 0 = better than " + base + ")").build();
        c.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        c.getStyler().setXAxisMin(-0.5);
        c.getStyler().setXAxisMax(labels.size() - 0.5);
        c.getStyler().setXAxisTickMarkSpacingHint((int) ((WIDTH - 120) / (labels.size() + 1.0) * 0.9));
        c.getStyler().setxAxisTickLabelsFormattingFunction(v -> {
            int i = (int) Math.round(v);
            return Math.abs(v - i) < 1e-9 && i >= 0 && i < labels.size() ? labels.get(i) : "";
        });
        XYSeries zero = c.addSeries("no difference", List.of(-0.5, labels.size() - 0.5), List.of(0.0, 0.0));
        zero.setMarker(SeriesMarkers.NONE).setLineStyle(SeriesLines.DASH_DASH).setLineColor(Color.GRAY);
        XYSeries measured = c.addSeries("measured (selab)", x, y, e);
        measured.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter).setMarker(SeriesMarkers.CIRCLE).setMarkerColor(PALETTE[0]);
        if (!px.isEmpty()) {
            XYSeries paper = c.addSeries("paper (ImageNet SE-ResNet-50, cited)", px, py);
            paper.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter).setMarker(SeriesMarkers.DIAMOND).setMarkerColor(PALETTE[1]);
        }
        c.getStyler().setErrorBarsColor(PALETTE[0]);
        return c;
    }

    /** Primary error vs r for SE rows, non-SE rows as dashed horizontal lines; null unless r varies. */
    static XYChart ratio(BuiltTable t, RecordTable runs) {
        Metric m = t.primary();
        TreeMap<Double, BuiltTable.Row> seRows = new TreeMap<>();
        List<BuiltTable.Row> plainRows = new ArrayList<>();
        java.util.Set<Double> ratios = new java.util.HashSet<>();
        for (BuiltTable.Row r : t.rows()) {
            OptionalDouble ratio = runs.seRatio(r.variant());
            ratio.ifPresent(ratios::add);
            if (r.measured().get(m).n() == 0) {
                continue;
            }
            if (ratio.isPresent()) {
                seRows.putIfAbsent(ratio.getAsDouble(), r);
            } else {
                plainRows.add(r);
            }
        }
        if (ratios.size() < 2 || seRows.isEmpty()) {
            return null;
        }
        XYChart c = new XYChartBuilder().width(WIDTH).height(HEIGHT)
                .title(title(t) + ": " + m.label() + " vs reduction ratio r (mean ± 95% CI)")
                .xAxisTitle("reduction ratio r (log2 scale)").yAxisTitle(m.label()).build();
        c.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        // XChart's log axis labels decades only; plot log2(r) and label the powers of two instead.
        c.getStyler().setxAxisTickLabelsFormattingFunction(Plots::powerOfTwoLabel);
        List<Double> x = new ArrayList<>();
        List<Double> y = new ArrayList<>();
        List<Double> e = new ArrayList<>();
        for (Map.Entry<Double, BuiltTable.Row> entry : seRows.entrySet()) {
            Stats.Summary s = entry.getValue().measured().get(m);
            x.add(log2(entry.getKey()));
            y.add(s.mean());
            e.add(Double.isNaN(s.ci95()) ? 0.0 : s.ci95());
        }
        double x0 = x.get(0) - 0.5;
        double x1 = x.get(x.size() - 1) + 0.5;
        c.getStyler().setXAxisMin(x0);
        c.getStyler().setXAxisMax(x1);
        // Ask for about one tick per power of two (XChart rounds the spacing to 1, 2 or 5 units).
        c.getStyler().setXAxisTickMarkSpacingHint((int) ((WIDTH - 120) / (x1 - x0) * 0.9));
        XYSeries se = c.addSeries("SE rows", x, y, e);
        se.setLineColor(PALETTE[0]);
        se.setMarkerColor(PALETTE[0]);
        for (int i = 0; i < plainRows.size(); i++) {
            BuiltTable.Row r = plainRows.get(i);
            double mean = r.measured().get(m).mean();
            XYSeries line = c.addSeries(r.label() + " (no SE)", List.of(x0, x1), List.of(mean, mean));
            Color color = PALETTE[(i + 1) % PALETTE.length];
            line.setMarker(SeriesMarkers.NONE).setLineStyle(SeriesLines.DASH_DASH).setLineColor(color);
        }
        return c;
    }

    /**
     * Test top-1 error per evaluated epoch, mean over the done runs of each row, dashed mean ± std; null unless some
     * row has two evaluated epochs (a table with {@code curves: true} has every epoch evaluated).
     */
    static XYChart curves(BuiltTable t, RecordTable runs, Map<String, List<HistoryRow>> historyByRunId) {
        XYChart c = new XYChartBuilder().width(WIDTH).height(HEIGHT)
                .title(title(t) + ": test top-1 error per epoch (mean over seeds, dashed: ± std)")
                .xAxisTitle("epoch").yAxisTitle("test top-1 err (%)").build();
        c.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        boolean any = false;
        for (int i = 0; i < t.rows().size(); i++) {
            BuiltTable.Row r = t.rows().get(i);
            TreeMap<Integer, List<Double>> byEpoch = new TreeMap<>();
            for (String id : runs.doneRunIds(r.variant())) {
                for (HistoryRow h : historyByRunId.getOrDefault(id, List.of())) {
                    if (!Double.isNaN(h.testTop1Err())) {
                        byEpoch.computeIfAbsent(h.epoch(), k -> new ArrayList<>()).add(h.testTop1Err());
                    }
                }
            }
            if (byEpoch.isEmpty()) {
                continue;
            }
            any |= byEpoch.size() >= 2; // one evaluated epoch (the default schedule) is no curve
            Color color = PALETTE[i % PALETTE.length];
            List<Integer> epochs = new ArrayList<>();
            List<Double> mean = new ArrayList<>();
            List<Integer> bandEpochs = new ArrayList<>();
            List<Double> lower = new ArrayList<>();
            List<Double> upper = new ArrayList<>();
            for (Map.Entry<Integer, List<Double>> e : byEpoch.entrySet()) {
                Stats.Summary s = Stats.summarize(e.getValue().stream().mapToDouble(Double::doubleValue).toArray());
                epochs.add(e.getKey());
                mean.add(s.mean());
                if (s.n() >= 2) {
                    bandEpochs.add(e.getKey());
                    lower.add(s.mean() - s.std());
                    upper.add(s.mean() + s.std());
                }
            }
            XYSeries main = c.addSeries(r.label(), epochs, mean);
            main.setLineColor(color);
            main.setMarker(SeriesMarkers.NONE);
            if (!bandEpochs.isEmpty()) {
                band(c, r.label() + " -std", bandEpochs, lower, color);
                band(c, r.label() + " +std", bandEpochs, upper, color);
            }
        }
        return any ? c : null;
    }

    private static void band(XYChart c, String name, List<Integer> x, List<Double> y, Color color) {
        XYSeries s = c.addSeries(name, x, y);
        s.setMarker(SeriesMarkers.NONE);
        s.setLineStyle(new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f));
        s.setLineColor(color);
        s.setShowInLegend(false);
    }

    /** The palette's i-th colour (cycling). */
    static Color color(int i) {
        return PALETTE[i % PALETTE.length];
    }

    static double log2(double v) {
        return Math.log(v) / Math.log(2);
    }

    static String powerOfTwoLabel(double log2Value) {
        long k = Math.round(log2Value);
        double r = Math.pow(2, log2Value);
        // Labels must stay distinct (XChart drops ticks otherwise), so off-grid ticks show r itself.
        return Math.abs(log2Value - k) < 1e-6 ? String.valueOf((long) Math.pow(2, k))
                : String.format(java.util.Locale.ROOT, "%.3g", r);
    }

    private static String title(BuiltTable t) {
        return t.spec().title() == null ? t.spec().name() : t.spec().title();
    }
}
