package selab.report;

import java.util.Locale;

/** Number formatting for the Markdown reports; "–" stands for an undefined value. */
final class Fmt {
    private Fmt() {}

    static final String UNDEFINED = "–";
    static final String MISSING = "missing";

    static String num(double v, int decimals) {
        return Double.isNaN(v) ? UNDEFINED : String.format(Locale.ROOT, "%." + decimals + "f", v);
    }

    static String err(double v) {
        return num(v, 2);
    }

    /** "12.34 ± 0.56"; the std is "–" for a single run; "missing" when no run is done. */
    static String meanStd(Stats.Summary s) {
        if (s.n() == 0) {
            return MISSING;
        }
        return err(s.mean()) + " ± " + err(s.std());
    }

    static String ci(Stats.Summary s) {
        if (s.n() == 0) {
            return MISSING;
        }
        return Double.isNaN(s.ci95()) ? UNDEFINED : "±" + err(s.ci95());
    }

    /** A 95% CI as "[lo, hi]", both signed. */
    static String interval(double lo, double hi) {
        return "[" + signed(lo) + ", " + signed(hi) + "]";
    }

    /** A difference with its CI, "+d [lo, hi]"; the difference alone when the CI is undefined (NaN). */
    static String deltaWithCi(double delta, double lo, double hi) {
        return signed(delta) + (Double.isNaN(lo) ? "" : " " + interval(lo, hi));
    }

    static String signed(double v) {
        return Double.isNaN(v) ? UNDEFINED : String.format(Locale.ROOT, "%+.2f", v);
    }

    static String p(double p) {
        if (Double.isNaN(p)) {
            return UNDEFINED;
        }
        return p < 0.001 ? "<0.001" : String.format(Locale.ROOT, "%.3f", p);
    }

    /** Parameters in millions, 3 decimals (small proxy networks need them). */
    static String millions(double count) {
        return Double.isNaN(count) ? UNDEFINED : String.format(Locale.ROOT, "%.3f M", count / 1e6);
    }

    /** GFLOPs with 4 significant digits, so 28x28 proxies (~0.01 G) stay readable. */
    static String gflops(double g) {
        if (Double.isNaN(g)) {
            return UNDEFINED;
        }
        return g >= 1 ? String.format(Locale.ROOT, "%.3f", g) : String.format(Locale.ROOT, "%.4g", g);
    }

    /** Unformatted number for CSV: shortest round-trip form, empty for undefined. */
    static String raw(double v) {
        return Double.isNaN(v) || Double.isInfinite(v) ? "" : String.valueOf(v);
    }

    static String raw(Double v) {
        return v == null ? "" : raw(v.doubleValue());
    }
}
