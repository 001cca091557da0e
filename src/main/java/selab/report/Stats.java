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

    /**
     * mean(a) - mean(b) with its standard error and degrees of freedom, as the t-tests, TOST and the plots'
     * intervals use them: paired (on a[i] - b[i]; df = n - 1) or Welch (Welch–Satterthwaite df).
     *
     * @param se NaN with fewer than two values (pairs) on a side; 0 when there is no spread
     */
    public record Difference(double delta, double se, double df) {}

    public static Difference difference(double[] a, double[] b, boolean paired) {
        if (paired) {
            double[] d = differences(a, b);
            double delta = mean(d);
            if (d.length < 2) {
                return new Difference(delta, Double.NaN, Double.NaN);
            }
            return new Difference(delta, std(d) / Math.sqrt(d.length), d.length - 1);
        }
        double delta = mean(a) - mean(b);
        if (a.length < 2 || b.length < 2) {
            return new Difference(delta, Double.NaN, Double.NaN);
        }
        double va = variance(a) / a.length;
        double vb = variance(b) / b.length;
        double se2 = va + vb;
        return new Difference(delta, Math.sqrt(se2), se2 * se2 / (va * va / (a.length - 1) + vb * vb / (b.length - 1)));
    }

    /** a[i] - b[i]. */
    static double[] differences(double[] a, double[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException(
                    "paired t-test needs equal lengths, got " + a.length + " and " + b.length);
        }
        double[] d = new double[a.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = a[i] - b[i];
        }
        return d;
    }

    /** Welch's unequal-variance t-test; needs at least two values on each side. */
    public static TestResult welch(double[] a, double[] b) {
        return tTest("welch", difference(a, b, false));
    }

    /** Paired t-test on a[i] - b[i]; needs at least two pairs. */
    public static TestResult paired(double[] a, double[] b) {
        return tTest("paired", difference(a, b, true));
    }

    /** The two-sided t-test of a difference; undefined (NaN) without a standard error or with zero spread. */
    private static TestResult tTest(String method, Difference d) {
        if (!(d.se() > 0)) {
            return new TestResult(method, d.delta(), Double.NaN, Double.NaN, Double.NaN);
        }
        double t = d.delta() / d.se();
        return new TestResult(method, d.delta(), t, d.df(), twoSidedP(t, d.df()));
    }

    static double twoSidedP(double t, double df) {
        double tail = new TDistribution(null, df).cumulativeProbability(-Math.abs(t));
        return Math.min(1.0, 2 * tail);
    }

    /**
     * Two one-sided tests (TOST) of equivalence: is |mean(a) - mean(b)| &lt; margin? H0 is "the difference is
     * at most -margin, or at least +margin"; p is the larger of the two one-sided p-values, so p &lt; alpha
     * shows equivalence within +-margin at level alpha. Paired (on a[i] - b[i]) or Welch, as the t-tests.
     *
     * @return p-value, NaN when undefined (fewer than two values, zero variance)
     */
    public static double tost(double[] a, double[] b, boolean paired, double margin) {
        Difference d = difference(a, b, paired);
        if (!(d.se() > 0)) {
            return Double.NaN;
        }
        TDistribution t = new TDistribution(null, d.df());
        double pLower = 1 - t.cumulativeProbability((d.delta() + margin) / d.se()); // H0: delta <= -margin
        double pUpper = t.cumulativeProbability((d.delta() - margin) / d.se()); // H0: delta >= +margin
        return Math.max(pLower, pUpper);
    }

    /**
     * Holm's step-down adjustment of a family of p-values (NaN entries are not tests and stay NaN): sorted
     * ascending, p_(i) becomes max over j &lt;= i of min(1, (m - j + 1) p_(j)). Controls the family-wise
     * error rate at alpha without assuming independence.
     */
    public static double[] holm(double[] p) {
        Integer[] order = java.util.stream.IntStream.range(0, p.length).filter(i -> !Double.isNaN(p[i])).boxed()
                .sorted((i, j) -> Double.compare(p[i], p[j])).toArray(Integer[]::new);
        double[] out = new double[p.length];
        Arrays.fill(out, Double.NaN);
        int m = order.length;
        double running = 0;
        for (int k = 0; k < m; k++) {
            running = Math.max(running, Math.min(1.0, (m - k) * p[order[k]]));
            out[order[k]] = running;
        }
        return out;
    }

    /**
     * Power of a two-sided t-test at level alpha for a true difference {@code effect} (in units of the
     * standard deviation): paired (one-sample on differences, df = n - 1, noncentrality effect * sqrt(n)) or
     * two-sample with n per group (df = 2n - 2, noncentrality effect * sqrt(n / 2)). Exact: the noncentral t
     * distribution, integrated over the chi-square of the variance estimate.
     */
    public static double power(double effect, int n, boolean paired, double alpha) {
        double df = paired ? n - 1 : 2.0 * n - 2;
        double ncp = effect * (paired ? Math.sqrt(n) : Math.sqrt(n / 2.0));
        double tc = new TDistribution(null, df).inverseCumulativeProbability(1 - alpha / 2);
        return noncentralTail(tc, df, ncp) + 1 - noncentralTail(-tc, df, ncp);
    }

    /** P(T' &gt; x) for noncentral t with df degrees of freedom and noncentrality ncp. */
    private static double noncentralTail(double x, double df, double ncp) {
        // T' = (Z + ncp) / sqrt(U / df), U ~ chi2(df): P(T' > x) = E_U[1 - Phi(x sqrt(U/df) - ncp)].
        org.apache.commons.math3.distribution.ChiSquaredDistribution chi =
                new org.apache.commons.math3.distribution.ChiSquaredDistribution(null, df);
        org.apache.commons.math3.distribution.NormalDistribution z =
                new org.apache.commons.math3.distribution.NormalDistribution(null, 0, 1);
        double hi = chi.inverseCumulativeProbability(1 - 1e-12);
        double lo = chi.inverseCumulativeProbability(1e-12);
        int steps = 4000; // Simpson's rule over the bulk of the chi-square density
        double h = (hi - lo) / steps;
        double sum = 0;
        for (int i = 0; i <= steps; i++) {
            double u = lo + i * h;
            double f = chi.density(u) * (1 - z.cumulativeProbability(x * Math.sqrt(u / df) - ncp));
            sum += f * (i == 0 || i == steps ? 1 : (i % 2 == 1 ? 4 : 2));
        }
        return sum * h / 3;
    }

    /**
     * Seeds needed (per variant) for the two-sided t-test to detect a true difference {@code delta} with
     * power {@code target} at level alpha, given standard deviation {@code sd} (of the per-seed differences
     * when paired); capped at {@code max}: returns max + 1 when even that is not enough.
     */
    public static int seedsFor(double delta, double sd, boolean paired, double alpha, double target, int max) {
        if (!(sd > 0) || Double.isNaN(delta) || delta == 0) {
            return max + 1;
        }
        double effect = Math.abs(delta) / sd;
        for (int n = 2; n <= max; n++) {
            if (power(effect, n, paired, alpha) >= target) {
                return n;
            }
        }
        return max + 1;
    }

    private static double variance(double[] values) {
        double s = std(values);
        return s * s;
    }
}
