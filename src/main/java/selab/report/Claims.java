package selab.report;

import selab.spec.ClaimKind;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import selab.spec.TableSpec;

/**
 * Checks the paper's claims against the measured top-1 errors, as a statistician would sign them:
 *
 * <ul>
 *   <li>{@code order} (variants best to worst): each next variant's error is higher, by a two-sided t-test
 *       (paired over common seeds, else Welch); confirmed when every step is significant in the stated
 *       direction, contradicted when any step is significant the other way.
 *   <li>{@code similar} (the first variant vs each other one): a difference test and an equivalence test (two
 *       one-sided tests, TOST) within the claim's {@code margin}; <em>equivalent within ±m</em> only when TOST
 *       shows it, <em>different</em> when the difference test does, else <em>not shown either way</em>. A
 *       non-significant difference is never read as similarity.
 * </ul>
 *
 * All p-values of all claims of one report form one family and get Holm's correction; both raw and
 * adjusted p are shown, and verdicts use the adjusted ones. Each step that is not shown either way says how
 * many seeds would resolve a difference of the paper's size at the measured spread (power 0.8).
 */
public final class Claims {
    private Claims() {}

    public static final String ORDER = ClaimKind.ORDER.key();
    public static final String SIMILAR = ClaimKind.SIMILAR.key();

    /** Equivalence margin of a "similar" claim when the spec gives none: points of top-1 error. */
    public static final double DEFAULT_MARGIN = 1.0;
    /** Power a "how many seeds" estimate aims for. */
    static final double TARGET_POWER = 0.8;
    static final int MAX_SEEDS_REPORTED = 1000;

    /** Claims need at least this many done runs per variant to be tested. */
    static final int MIN_RUNS = 2;

    public enum Verdict {
        CONFIRMED("confirmed"),
        CONTRADICTED("contradicted"),
        EQUIVALENT("equivalent within ±m"),
        DIFFERENT("different"),
        NOT_SHOWN("not shown either way"),
        INSUFFICIENT_DATA("insufficient data");

        private final String text;

        Verdict(String text) {
            this.text = text;
        }

        public String text() {
            return text;
        }
    }

    /** What a p-value tests. */
    enum Kind { DIFFERENCE, EQUIVALENCE }

    /** One hypothesis test of a claim; {@code adjustedP} is filled in by Holm over the report's family. */
    record Test(String a, String b, Kind kind, Comparison comparison, double rawP, double adjustedP,
            Double paperDelta, double spread, boolean paired) {
        Test withAdjusted(double p) {
            return new Test(a, b, kind, comparison, rawP, p, paperDelta, spread, paired);
        }

        boolean shown() {
            return !Double.isNaN(adjustedP) && adjustedP < Stats.ALPHA;
        }
    }

    /**
     * @param evidence the numbers behind the verdict, in words
     * @param tests the hypothesis tests (raw and Holm-adjusted p)
     */
    public record Result(TableSpec.Claim claim, Verdict verdict, List<String> evidence, List<Test> tests) {}

    /**
     * Checks every claim of every table of one report, Holm-correcting all their p-values together.
     *
     * @param paperTop1 a table's variant -> the paper's top-1 error for that row (null if the paper has none)
     * @return results by table name, in table order
     */
    public static Map<String, List<Result>> checkAll(List<TableSpec> tables, RecordTable runs,
            Function<TableSpec, Function<String, Double>> paperTop1) {
        Map<String, List<List<Test>>> raw = new LinkedHashMap<>();
        List<Test> family = new ArrayList<>();
        for (TableSpec spec : tables) {
            List<List<Test>> perClaim = new ArrayList<>();
            List<TableSpec.Claim> claims = spec.claims() == null ? List.of() : spec.claims();
            for (int i = 0; i < claims.size(); i++) {
                List<Test> tests = tests(claims.get(i), runs, paperTop1.apply(spec),
                        "table '" + spec.name() + "' claims[" + i + "]");
                perClaim.add(tests);
                family.addAll(tests);
            }
            raw.put(spec.name(), perClaim);
        }
        double[] adjusted = Stats.holm(family.stream().mapToDouble(Test::rawP).toArray());
        Map<Test, Double> adjustedOf = new java.util.IdentityHashMap<>();
        for (int i = 0; i < family.size(); i++) {
            adjustedOf.put(family.get(i), adjusted[i]);
        }
        Map<String, List<Result>> out = new LinkedHashMap<>();
        for (TableSpec spec : tables) {
            List<Result> results = new ArrayList<>();
            List<TableSpec.Claim> claims = spec.claims() == null ? List.of() : spec.claims();
            for (int i = 0; i < claims.size(); i++) {
                List<Test> tests = raw.get(spec.name()).get(i).stream()
                        .map(t -> t.withAdjusted(adjustedOf.get(t))).toList();
                results.add(decide(claims.get(i), tests, runs, family.size()));
            }
            out.put(spec.name(), results);
        }
        return out;
    }

    private static List<Test> tests(TableSpec.Claim claim, RecordTable runs, Function<String, Double> paper,
            String where) {
        String kind = kind(claim, where);
        List<String> v = claim.variants() == null ? List.of() : claim.variants();
        if (v.size() < 2) {
            throw new IllegalArgumentException(where + ": field 'variants' needs at least two variant names, got " + v);
        }
        for (String x : v) {
            if (runs.summary(x, Metric.TOP1_ERR).n() < MIN_RUNS) {
                return List.of();
            }
        }
        List<Test> out = new ArrayList<>();
        if (ORDER.equals(kind)) {
            for (int i = 0; i + 1 < v.size(); i++) {
                out.addAll(tests(v.get(i + 1), v.get(i), runs, paper, null));
            }
        } else {
            for (String other : v.subList(1, v.size())) {
                out.addAll(tests(other, v.get(0), runs, paper, margin(claim)));
            }
        }
        return out;
    }

    /** The difference test of a - b and, given a margin, the equivalence test, both from one comparison. */
    private static List<Test> tests(String a, String b, RecordTable runs, Function<String, Double> paper,
            Double margin) {
        Comparison c = Comparison.of(runs, a, b, Metric.TOP1_ERR);
        boolean paired = c.pairs() > 0;
        double[] x = c.sampleA();
        double[] y = c.sampleB();
        double spread = paired ? Stats.std(Stats.differences(x, y)) : pooled(x, y);
        Double pa = paper.apply(a);
        Double pb = paper.apply(b);
        Double paperDelta = pa == null || pb == null ? null : pa - pb;
        Test difference = new Test(a, b, Kind.DIFFERENCE, c, c.p(), Double.NaN, paperDelta, spread, paired);
        if (margin == null) {
            return List.of(difference);
        }
        return List.of(difference, new Test(a, b, Kind.EQUIVALENCE, c, Stats.tost(x, y, paired, margin), Double.NaN,
                paperDelta, spread, paired));
    }

    private static double margin(TableSpec.Claim claim) {
        return claim.margin() == null ? DEFAULT_MARGIN : claim.margin();
    }

    private static Result decide(TableSpec.Claim claim, List<Test> tests, RecordTable runs, int familySize) {
        List<String> ev = new ArrayList<>();
        for (String v : claim.variants()) {
            Stats.Summary s = runs.summary(v, Metric.TOP1_ERR);
            RunCounts k = runs.counts(v);
            ev.add(v + ": top-1 err " + Fmt.meanStd(s) + " (n=" + s.n() + ")"
                    + (k.diverged() + k.failed() > 0 ? "; " + k.diverged() + " diverged and " + k.failed()
                    + " failed run(s) left out of this mean" : ""));
        }
        if (tests.isEmpty()) {
            ev.add("needs at least " + MIN_RUNS + " done runs per variant to test");
            return new Result(claim, Verdict.INSUFFICIENT_DATA, ev, tests);
        }
        boolean order = ORDER.equals(kind(claim, "claim"));
        double margin = margin(claim);
        Verdict verdict;
        if (order) {
            boolean allConfirm = true;
            boolean anyContradicts = false;
            for (Test t : tests) {
                double d = t.comparison().delta();
                ev.add(t.a() + " − " + t.b() + ": Δ " + Fmt.signed(d) + " (expected > 0), " + pValues(t, familySize)
                        + " (" + t.comparison().method() + ")" + seedsNote(t));
                allConfirm &= d > 0 && t.shown();
                anyContradicts |= d < 0 && t.shown();
            }
            verdict = anyContradicts ? Verdict.CONTRADICTED : allConfirm ? Verdict.CONFIRMED : Verdict.NOT_SHOWN;
        } else {
            boolean anyDifferent = false;
            boolean allEquivalent = true;
            for (int i = 0; i + 1 < tests.size(); i += 2) {
                Test diff = tests.get(i);
                Test equiv = tests.get(i + 1);
                ev.add(diff.a() + " − " + diff.b() + ": Δ " + Fmt.signed(diff.comparison().delta()) + "; difference "
                        + pValues(diff, familySize) + "; equivalence within ±" + Fmt.signed(margin).replace("+", "")
                        + " (TOST) " + pValues(equiv, familySize) + " (" + diff.comparison().method() + ")"
                        + (diff.shown() || equiv.shown() ? "" : seedsNote(diff)));
                anyDifferent |= diff.shown();
                allEquivalent &= equiv.shown();
            }
            verdict = anyDifferent ? Verdict.DIFFERENT : allEquivalent ? Verdict.EQUIVALENT : Verdict.NOT_SHOWN;
            if (verdict == Verdict.EQUIVALENT) {
                ev.add("equivalent within ±" + Fmt.signed(margin).replace("+", "") + " points of top-1 error");
            }
        }
        return new Result(claim, verdict, ev, tests);
    }

    private static String pValues(Test t, int familySize) {
        return "p " + Fmt.p(t.rawP()) + ", Holm-adjusted over " + familySize + " tests " + Fmt.p(t.adjustedP())
                + (t.shown() ? "" : " (n.s.)");
    }

    /** For a step not shown: seeds that would resolve a difference of the paper's size at this spread. */
    private static String seedsNote(Test t) {
        if (t.shown()) {
            return "";
        }
        if (t.paperDelta() == null) {
            return "; no paper Δ for this pair to size a rerun";
        }
        if (!(t.spread() > 0)) {
            return "; no measured spread to size a rerun with";
        }
        int n = Stats.seedsFor(t.paperDelta(), t.spread(), t.paired(), Stats.ALPHA, TARGET_POWER, MAX_SEEDS_REPORTED);
        // The power these seeds had: what a "not shown" is worth (a test with power 0.2 could not have shown it).
        int had = t.paired() ? t.comparison().pairs()
                : Math.min(t.comparison().sampleA().length, t.comparison().sampleB().length);
        double reached = t.paperDelta() == 0 ? Double.NaN
                : Stats.power(Math.abs(t.paperDelta()) / t.spread(), had, t.paired(), Stats.ALPHA);
        return "; resolving the paper's Δ " + Fmt.signed(t.paperDelta()) + " at the measured spread "
                + (Double.isNaN(t.spread()) ? "–" : String.format(Locale.ROOT, "%.2f", t.spread())) + " needs "
                + (n > MAX_SEEDS_REPORTED ? "more than " + MAX_SEEDS_REPORTED : String.valueOf(n))
                + " seeds per variant (power " + TARGET_POWER + ", α " + Stats.ALPHA + ")"
                + (Double.isNaN(reached) ? "" : "; the " + had + " seeds per variant had power "
                        + String.format(Locale.ROOT, "%.2f", reached) + " for it at α " + Stats.ALPHA
                        + " (less after Holm's correction)");
    }

    private static String kind(TableSpec.Claim claim, String where) {
        String kind = claim.kind() == null ? null : claim.kind().trim().toLowerCase(Locale.ROOT);
        if (!ORDER.equals(kind) && !SIMILAR.equals(kind)) {
            throw new IllegalArgumentException(
                    where + ": field 'kind' is '" + claim.kind() + "'; allowed: " + ORDER + "|" + SIMILAR);
        }
        return kind;
    }

    private static double pooled(double[] x, double[] y) {
        double sx = Stats.std(x);
        double sy = Stats.std(y);
        return Math.sqrt(((x.length - 1) * sx * sx + (y.length - 1) * sy * sy) / (x.length + y.length - 2));
    }
}
