package selab.report;

import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;

/**
 * The difference of one variant's metric against another's, tested the strongest way the runs allow:
 * a paired t-test over the seeds both have done (when there are at least two; seeds share data order
 * and initialisation noise, so pairing removes it), otherwise Welch's t-test over all done runs.
 *
 * @param delta mean(a) - mean(b); for a paired test, the mean per-seed difference; NaN when a side has
 *     no done run
 * @param test the test, or null when it cannot be run (fewer than two values on a side, zero variance)
 * @param pairs matching seeds used by a paired test (0 for Welch)
 * @param sampleA the values of {@code a} the test used: common seeds in seed order when paired, else every done run
 * @param sampleB the values of {@code b} the test used, aligned with {@code sampleA} when paired
 */
public record Comparison(double delta, Stats.TestResult test, int pairs, double[] sampleA, double[] sampleB) {

    public static Comparison of(RecordTable runs, String a, String b, Metric metric) {
        SortedMap<Long, Double> sa = runs.valuesBySeed(a, metric);
        SortedMap<Long, Double> sb = runs.valuesBySeed(b, metric);
        List<Long> common = new ArrayList<>(sa.keySet());
        common.retainAll(sb.keySet());
        if (common.size() >= 2) {
            double[] x = common.stream().mapToDouble(sa::get).toArray();
            double[] y = common.stream().mapToDouble(sb::get).toArray();
            Stats.TestResult t = Stats.paired(x, y);
            return new Comparison(t.delta(), t.testable() ? t : null, common.size(), x, y);
        }
        double[] x = runs.values(a, metric);
        double[] y = runs.values(b, metric);
        Stats.TestResult t = Stats.welch(x, y);
        return new Comparison(t.delta(), t.testable() ? t : null, 0, x, y);
    }

    /** Half-width of the 95% CI of the difference (paired when the test was); 0 when untestable. */
    public double ci95HalfWidth() {
        if (!testable()) {
            return 0.0;
        }
        Stats.Difference d = Stats.difference(sampleA, sampleB, pairs > 0);
        return Stats.tQuantile(0.975, d.df()) * d.se();
    }

    public boolean testable() {
        return test != null;
    }

    /** p-value, NaN when untestable. */
    public double p() {
        return test == null ? Double.NaN : test.p();
    }

    public boolean significant() {
        return test != null && test.significant();
    }

    /** "paired, 3 seeds" / "welch" / "–". */
    public String method() {
        if (test == null) {
            return "–";
        }
        return pairs > 0 ? "paired, " + pairs + " seeds" : "welch";
    }
}
