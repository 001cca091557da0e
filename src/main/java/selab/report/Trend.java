package selab.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import selab.plan.Variant;
import selab.spec.SpecJson;
import selab.spec.TrendSpec;

/**
 * A trend computed: for each series, each pair's difference in top-1 error (variant − baseline) with its 95% CI,
 * placed at the variant's value of the trend's config path, and where along that axis the variant loses (the CI
 * lies above 0), wins (below 0) or cannot be told from the baseline. The CIs are per point, not adjusted for the
 * number of points.
 */
public record Trend(TrendSpec spec, List<Line> lines) {

    public enum Verdict {
        LOSES("loses"), WINS("wins"), CANNOT_TELL("cannot tell"), NO_RUNS("no runs yet");

        private final String text;

        Verdict(String text) {
            this.text = text;
        }

        public String text() {
            return text;
        }
    }

    /**
     * @param comparison top-1 error of variant − baseline (paired over common seeds when two or more, else Welch)
     * @param ciLow 95% CI of the difference; NaN when untestable
     */
    public record Point(TrendSpec.Pair pair, double x, Comparison comparison, int nVariant, int nBaseline,
            double ciLow, double ciHigh, Verdict verdict) {}

    /** One series, its points in ascending x, and the sentence that reads them. */
    public record Line(String label, List<Point> points, String summary) {}

    static Trend of(TrendSpec spec, RecordTable runs, List<Variant> planned) {
        List<Line> lines = new ArrayList<>();
        for (TrendSpec.Series s : spec.series()) {
            List<Point> points = new ArrayList<>();
            for (TrendSpec.Pair p : s.pairs()) {
                double x = x(spec.x(), p.variant(), planned);
                Comparison c = Comparison.of(runs, p.variant(), p.baseline(), Metric.TOP1_ERR);
                double lo = Double.NaN;
                double hi = Double.NaN;
                if (c.testable()) {
                    double half = c.ci95HalfWidth();
                    lo = c.delta() - half;
                    hi = c.delta() + half;
                }
                int na = runs.values(p.variant(), Metric.TOP1_ERR).length;
                int nb = runs.values(p.baseline(), Metric.TOP1_ERR).length;
                Verdict v = na == 0 || nb == 0 ? Verdict.NO_RUNS
                        : lo > 0 ? Verdict.LOSES : hi < 0 ? Verdict.WINS : Verdict.CANNOT_TELL;
                points.add(new Point(p, x, c, na, nb, lo, hi, v));
            }
            points.sort(Comparator.comparingDouble(Point::x));
            lines.add(new Line(s.label(), List.copyOf(points), summary(spec.x(), points)));
        }
        return new Trend(spec, List.copyOf(lines));
    }

    /** The variant's value at the config path (the first planned run of that name has it). */
    private static double x(String path, String variant, List<Variant> planned) {
        Variant v = planned.stream().filter(p -> p.name().equals(variant)).findFirst().orElseThrow(
                () -> new IllegalArgumentException("trend variant '" + variant + "' is not planned"));
        JsonNode tree = SpecJson.CANONICAL.valueToTree(v.config());
        JsonNode value = tree.at("/" + path.replace('.', '/'));
        if (!value.isNumber()) {
            throw new IllegalArgumentException("trend x '" + path + "' of variant '" + variant + "' is "
                    + value + ", not a number");
        }
        return value.asDouble();
    }

    /**
     * Where the variant loses and wins along x, and from which x on it is no longer shown to lose and wins (a point
     * of each kind at every larger x, too); "no runs yet" points are skipped.
     */
    static String summary(String xName, List<Point> points) {
        List<Point> measured = points.stream().filter(p -> p.verdict() != Verdict.NO_RUNS).toList();
        if (measured.isEmpty()) {
            return "no runs yet.";
        }
        List<String> parts = new ArrayList<>();
        for (Verdict v : List.of(Verdict.LOSES, Verdict.CANNOT_TELL, Verdict.WINS)) {
            String xs = measured.stream().filter(p -> p.verdict() == v).map(p -> num(p.x()))
                    .collect(Collectors.joining(", "));
            if (!xs.isEmpty()) {
                parts.add(v.text() + " at " + xName + " = " + xs);
            }
        }
        StringBuilder sb = new StringBuilder(String.join("; ", parts)).append(". ");
        // A point that cannot tell is neither a loss nor a win: the sentence says "shown", never "does not".
        boolean everLoses = measured.stream().anyMatch(p -> p.verdict() == Verdict.LOSES);
        boolean everWins = measured.stream().anyMatch(p -> p.verdict() == Verdict.WINS);
        Integer stop = fromOn(measured, p -> p.verdict() != Verdict.LOSES);
        Integer win = fromOn(measured, p -> p.verdict() == Verdict.WINS);
        if (!everLoses && !everWins) {
            return sb.append("Neither a loss nor a win is shown at any ").append(xName).append(" tried.").toString();
        }
        if (stop == null) { // the last point loses, so no win lasts either
            return sb.append("It still loses at the largest ").append(xName).append(" tried (").append(xName)
                    .append(" = ").append(num(measured.get(measured.size() - 1).x())).append(").").toString();
        }
        if (!everLoses) {
            sb.append("It is not shown to lose at any ").append(xName).append(" tried");
        } else {
            sb.append("It is no longer shown to lose from ").append(xName).append(" = ")
                    .append(num(measured.get(stop).x())).append(" on");
        }
        if (win != null) {
            sb.append(", and wins from ").append(xName).append(" = ").append(num(measured.get(win).x())).append(" on.");
        } else if (everWins) {
            sb.append("; it wins, but not up to the largest ").append(xName).append(" tried.");
        } else {
            sb.append(", but is not shown to win at any ").append(xName).append(" tried.");
        }
        return sb.toString();
    }

    /** The first index from which every point satisfies {@code test}; null when the last one does not. */
    private static Integer fromOn(List<Point> points, java.util.function.Predicate<Point> test) {
        Integer from = null;
        for (int i = points.size() - 1; i >= 0 && test.test(points.get(i)); i--) {
            from = i;
        }
        return from;
    }

    static String num(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.format(Locale.ROOT, "%.4g", v);
    }
}
