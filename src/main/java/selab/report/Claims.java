package selab.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import selab.spec.TableSpec;

/**
 * Checks the paper's claims against the measured top-1 errors. A verdict needs significance: a claim
 * is only confirmed or contradicted when the t-tests (see {@link Comparison}) say the differences are
 * unlikely to be seed noise at the 0.05 level.
 */
public final class Claims {
    private Claims() {}

    public static final String ORDER = "order";
    public static final String SIMILAR = "similar";

    /** Claims need at least this many done runs per variant to be tested. */
    static final int MIN_RUNS = 2;

    public enum Verdict {
        CONFIRMED("confirmed"),
        CONTRADICTED("contradicted"),
        CANNOT_TELL("cannot tell from noise"),
        INSUFFICIENT_DATA("insufficient data");

        private final String text;

        Verdict(String text) {
            this.text = text;
        }

        public String text() {
            return text;
        }
    }

    /**
     * @param evidence the numbers behind the verdict: each variant's mean and n, each tested
     *     difference with its p-value
     */
    public record Result(TableSpec.Claim claim, Verdict verdict, List<String> evidence) {}

    /** Checks every claim of the table; {@code spec.name()} names the table in errors. */
    public static List<Result> check(TableSpec spec, RecordTable runs) {
        List<Result> out = new ArrayList<>();
        List<TableSpec.Claim> claims = spec.claims() == null ? List.of() : spec.claims();
        for (int i = 0; i < claims.size(); i++) {
            out.add(check(claims.get(i), runs, "table '" + spec.name() + "' claims[" + i + "]"));
        }
        return out;
    }

    static Result check(TableSpec.Claim claim, RecordTable runs, String where) {
        String kind = claim.kind() == null ? null : claim.kind().trim().toLowerCase(Locale.ROOT);
        if (!ORDER.equals(kind) && !SIMILAR.equals(kind)) {
            throw new IllegalArgumentException(
                    where + ": field 'kind' is '" + claim.kind() + "'; allowed: " + ORDER + "|" + SIMILAR);
        }
        List<String> variants = claim.variants() == null ? List.of() : claim.variants();
        if (variants.size() < 2) {
            throw new IllegalArgumentException(
                    where + ": field 'variants' needs at least two variant names, got " + variants);
        }
        List<String> evidence = new ArrayList<>();
        boolean enough = true;
        for (String v : variants) {
            Stats.Summary s = runs.summary(v, Metric.TOP1_ERR);
            evidence.add(v + ": top-1 err " + Fmt.meanStd(s) + " (n=" + s.n() + ")");
            enough &= s.n() >= MIN_RUNS;
        }
        if (!enough) {
            evidence.add("needs at least " + MIN_RUNS + " done runs per variant to test");
            return new Result(claim, Verdict.INSUFFICIENT_DATA, evidence);
        }
        return ORDER.equals(kind) ? order(claim, variants, runs, evidence) : similar(claim, variants, runs, evidence);
    }

    /** Variants listed best to worst: each next one should have a significantly higher error. */
    private static Result order(TableSpec.Claim claim, List<String> variants, RecordTable runs, List<String> ev) {
        boolean allConfirm = true;
        boolean anyContradicts = false;
        for (int i = 0; i + 1 < variants.size(); i++) {
            String better = variants.get(i);
            String worse = variants.get(i + 1);
            Comparison c = Comparison.of(runs, worse, better, Metric.TOP1_ERR);
            ev.add(worse + " - " + better + ": " + describe(c) + " (expected > 0)");
            boolean expectedSign = c.delta() > 0;
            allConfirm &= expectedSign && c.significant();
            anyContradicts |= c.delta() < 0 && c.significant();
        }
        Verdict v = anyContradicts ? Verdict.CONTRADICTED : allConfirm ? Verdict.CONFIRMED : Verdict.CANNOT_TELL;
        return new Result(claim, v, ev);
    }

    /**
     * The first variant within noise of each other one. "Confirmed" only means no significant difference
     * was found at this n, not that equivalence was shown.
     */
    private static Result similar(TableSpec.Claim claim, List<String> variants, RecordTable runs, List<String> ev) {
        String first = variants.get(0);
        boolean anySignificant = false;
        boolean allTestable = true;
        for (String other : variants.subList(1, variants.size())) {
            Comparison c = Comparison.of(runs, other, first, Metric.TOP1_ERR);
            ev.add(other + " - " + first + ": " + describe(c));
            anySignificant |= c.significant();
            allTestable &= c.testable();
        }
        Verdict v = anySignificant ? Verdict.CONTRADICTED : allTestable ? Verdict.CONFIRMED : Verdict.CANNOT_TELL;
        if (v == Verdict.CONFIRMED) {
            ev.add("no significant difference at p < " + Stats.ALPHA + " (absence of evidence at this n, not proof"
                    + " of equality)");
        }
        return new Result(claim, v, ev);
    }

    private static String describe(Comparison c) {
        return "delta " + Fmt.signed(c.delta()) + ", p " + Fmt.p(c.p()) + " (" + c.method() + ")"
                + (c.testable() && !c.significant() ? " (n.s.)" : "");
    }
}
