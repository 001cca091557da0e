package selab.report;

import java.util.Arrays;
import org.apache.commons.math3.distribution.TDistribution;

/**
 * Small-sample statistics for seed-replicated runs: mean, sample standard deviation, Student-t 95%
 * confidence interval, and two-sided Welch and paired t-tests. Undefined quantities are {@code NaN}
 * (e.g. the standard deviation and CI of a single run), never zero, so that a report can print "–".
 */
public final class Stats {
    private Stats() {}

    /** Two-sided significance level used throughout the report. */
    public static final double ALPHA = 0.05;

    /**
     * @param n number of values
     * @param std sample standard deviation (divisor n-1); NaN when n &lt; 2
     * @param ci95 half-width of the 95% confidence interval of the mean; NaN when n &lt; 2
     */
    public record Summary(int n, double mean, double std, double ci95) {
        public static final Summary EMPTY = new Summary(0, Double.NaN, Double.NaN, Double.NaN);
    }

    /**
     * Result of a two-sided t-test of mean(a) - mean(b).
     *
     * @param method "welch" or "paired"
     * @param delta mean(a) - mean(b) (paired: mean of the per-pair differences)
     * @param df degrees of freedom (Welch-Satterthwaite for Welch)
     * @param p two-sided p-value; NaN when the test is undefined (zero variance)
     */
    public record TestResult(String method, double delta, double t, double df, double p) {
        public boolean testable() {
            return !Double.isNaN(p);
        }

        public boolean significant() {
            return testable() && p < ALPHA;
        }
    }

    public static Summary summarize(double[] values) {
        int n = values.length;
        if (n == 0) {
            return Summary.EMPTY;
        }
        double mean = mean(values);
        double std = std(values);
        return new Summary(n, mean, std, ci95HalfWidth(std, n));
    }

    public static double mean(double[] values) {
        return values.length == 0 ? Double.NaN : Arrays.stream(values).sum() / values.length;
    }

    /** Sample standard deviation with divisor n-1; NaN for fewer than two values. */
    public static double std(double[] values) {
        int n = values.length;
        if (n < 2) {
            return Double.NaN;
        }
        double m = mean(values);
        double ss = 0;
        for (double v : values) {
            ss += (v - m) * (v - m);
        }
        return Math.sqrt(ss / (n - 1));
    }

    /** t_{0.975, n-1} * s / sqrt(n); NaN for n &lt; 2, where the t quantile has no degrees of freedom. */
    public static double ci95HalfWidth(double std, int n) {
        if (n < 2 || Double.isNaN(std)) {
            return Double.NaN;
        }
        return tQuantile(0.975, n - 1) * std / Math.sqrt(n);
    }

    public static double tQuantile(double probability, double df) {
        return new TDistribution(null, df).inverseCumulativeProbability(probability);
    }

    /** Welch's unequal-variance t-test; needs at least two values on each side. */
    public static TestResult welch(double[] a, double[] b) {
        double delta = mean(a) - mean(b);
        if (a.length < 2 || b.length < 2) {
            return new TestResult("welch", delta, Double.NaN, Double.NaN, Double.NaN);
        }
        double va = variance(a) / a.length;
        double vb = variance(b) / b.length;
        double se2 = va + vb;
        if (se2 == 0) {
            return new TestResult("welch", delta, Double.NaN, Double.NaN, Double.NaN);
        }
        double t = delta / Math.sqrt(se2);
        double df = se2 * se2 / (va * va / (a.length - 1) + vb * vb / (b.length - 1));
        return new TestResult("welch", delta, t, df, twoSidedP(t, df));
    }

    /** Paired t-test on a[i] - b[i]; needs at least two pairs. */
    public static TestResult paired(double[] a, double[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException(
                    "paired t-test needs equal lengths, got " + a.length + " and " + b.length);
        }
        double[] d = new double[a.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = a[i] - b[i];
        }
        double delta = mean(d);
        double sd = std(d);
        if (d.length < 2 || sd == 0 || Double.isNaN(sd)) {
            return new TestResult("paired", delta, Double.NaN, Double.NaN, Double.NaN);
        }
        double t = delta / (sd / Math.sqrt(d.length));
        double df = d.length - 1;
        return new TestResult("paired", delta, t, df, twoSidedP(t, df));
    }

    static double twoSidedP(double t, double df) {
        double tail = new TDistribution(null, df).cumulativeProbability(-Math.abs(t));
        return Math.min(1.0, 2 * tail);
    }

    private static double variance(double[] values) {
        double s = std(values);
        return s * s;
    }
}
