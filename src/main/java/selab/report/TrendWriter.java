package selab.report;

import java.awt.Color;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** A trend as a Markdown page, a CSV and a PNG: each series' difference with its 95% CI against x. */
final class TrendWriter {
    private TrendWriter() {}

    static String markdown(ReportInput in, Trend t, String png) {
        String title = t.spec().title() == null ? t.spec().name() : t.spec().title();
        StringBuilder sb = new StringBuilder("# ").append(title).append("\n\n");
        sb.append(HeaderBlock.markdown(in)).append('\n');
        sb.append("Each point is the difference in final-epoch test top-1 error, variant − baseline (points; below 0 ="
                + " the variant is better), at the variant's `").append(t.spec().x()).append("`, with its 95% CI:"
                + " paired over the seeds both have done when there are two or more, else Welch. *Loses*: the CI lies"
                + " above 0; *wins*: below 0; *cannot tell*: it contains 0. The CIs are per point, not adjusted for the"
                + " number of points.\n\n");
        for (Trend.Line l : t.lines()) {
            sb.append("- **").append(l.label()).append("**: ").append(l.summary()).append('\n');
        }
        sb.append('\n');
        MarkdownTable table = new MarkdownTable(List.of("Series", t.spec().x(), "Δ top-1 err", "95% CI", "p (test)",
                "Verdict", "n variant / baseline", "Variant", "Baseline"));
        for (Trend.Line l : t.lines()) {
            for (Trend.Point p : l.points()) {
                table.row(List.of(l.label(), Trend.num(p.x()), Fmt.signed(p.comparison().delta()),
                        Double.isNaN(p.ciLow()) ? Fmt.UNDEFINED
                                : Fmt.interval(p.ciLow(), p.ciHigh()),
                        p.comparison().testable() ? Fmt.p(p.comparison().p()) + " (" + p.comparison().method() + ")"
                                : Fmt.UNDEFINED,
                        p.verdict().text(), p.nVariant() + " / " + p.nBaseline(), p.pair().variant(),
                        p.pair().baseline()));
            }
        }
        sb.append(table.render()).append('\n');
        if (png != null) {
            sb.append("![").append(png).append("](").append(png).append(")\n");
        }
        return sb.toString();
    }

    static String csv(Trend t) {
        StringBuilder sb = new StringBuilder(Csv.line(List.of("trend", "series", "x_path", "x", "variant", "baseline",
                "n_variant", "n_baseline", "delta_top1_err", "ci95_low", "ci95_high", "p_value", "test", "pairs",
                "verdict")));
        for (Trend.Line l : t.lines()) {
            for (Trend.Point p : l.points()) {
                Comparison c = p.comparison();
                sb.append(Csv.line(List.of(t.spec().name(), l.label(), t.spec().x(), Fmt.raw(p.x()), p.pair().variant(),
                        p.pair().baseline(), String.valueOf(p.nVariant()), String.valueOf(p.nBaseline()),
                        Fmt.raw(c.delta()), Fmt.raw(p.ciLow()), Fmt.raw(p.ciHigh()), Fmt.raw(c.p()),
                        c.testable() ? c.test().method() : "", String.valueOf(c.pairs()), p.verdict().text())));
            }
        }
        return sb.toString();
    }

    /**
     * The differences against x (log2 axis when every x is positive, as lengths and ratios double), one colour per
     * series, slightly offset so that CIs at the same x do not hide each other; null when no point has runs.
     */
    static XYChart plot(Trend t) {
        boolean any = t.lines().stream().flatMap(l -> l.points().stream()).anyMatch(p -> p.verdict() != Trend.Verdict.NO_RUNS);
        if (!any) {
            return null;
        }
        boolean log = t.lines().stream().flatMap(l -> l.points().stream()).allMatch(p -> p.x() > 0);
        XYChart c = new XYChartBuilder().width(Plots.WIDTH).height(Plots.HEIGHT)
                .title((t.spec().title() == null ? t.spec().name() : t.spec().title()) + " (mean ± 95% CI)")
                .xAxisTitle(t.spec().x() + (log ? " (log2 scale)" : ""))
                .yAxisTitle("Δ top-1 err, variant − baseline (points; < 0 = variant better)").build();
        c.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        if (log) {
            c.getStyler().setxAxisTickLabelsFormattingFunction(Plots::powerOfTwoLabel);
        }
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        int n = t.lines().size();
        for (int i = 0; i < n; i++) {
            Trend.Line l = t.lines().get(i);
            List<Double> x = new ArrayList<>();
            List<Double> y = new ArrayList<>();
            List<Double> e = new ArrayList<>();
            double offset = (i - (n - 1) / 2.0) * 0.06;
            for (Trend.Point p : l.points()) {
                if (p.verdict() == Trend.Verdict.NO_RUNS || Double.isNaN(p.comparison().delta())) {
                    continue;
                }
                double px = (log ? Plots.log2(p.x()) : p.x()) + offset;
                x.add(px);
                y.add(p.comparison().delta());
                e.add(Double.isNaN(p.ciLow()) ? 0.0 : (p.ciHigh() - p.ciLow()) / 2);
                min = Math.min(min, px);
                max = Math.max(max, px);
            }
            if (x.isEmpty()) {
                continue;
            }
            XYSeries s = c.addSeries(l.label(), x, y, e);
            Color color = Plots.color(i);
            s.setLineColor(color);
            s.setMarkerColor(color);
            s.setMarker(SeriesMarkers.CIRCLE);
        }
        double pad = Math.max(0.5, (max - min) * 0.08);
        c.getStyler().setXAxisMin(min - pad);
        c.getStyler().setXAxisMax(max + pad);
        if (log) {
            c.getStyler().setXAxisTickMarkSpacingHint((int) ((Plots.WIDTH - 120) / (max - min + 2 * pad) * 0.9));
        }
        XYSeries zero = c.addSeries("no difference", List.of(min - pad, max + pad), List.of(0.0, 0.0));
        zero.setMarker(SeriesMarkers.NONE).setLineStyle(SeriesLines.DASH_DASH).setLineColor(Color.GRAY);
        return c;
    }
}
