package selab.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import selab.results.RunRecord;
import selab.results.RunStatus;
import selab.spec.TableSpec;

/** Expected p-values and seed counts come from scipy / statsmodels (written down in the comments). */
class ClaimsTest {
    private static void add(List<RunRecord> out, String variant, double... values) {
        for (int i = 0; i < values.length; i++) {
            out.add(Fixtures.done(variant, i + 1, 16, values[i], 1));
        }
    }

    private static RecordTable data() {
        List<RunRecord> r = new ArrayList<>();
        add(r, "best", 10.0, 10.1, 9.9);
        add(r, "mid", 12.0, 12.2, 11.9);
        add(r, "worst", 14.0, 14.1, 13.8);
        add(r, "noisy", 10.0, 11.0, 9.5); // paired diffs vs best: 0.0, 0.9, -0.4 -> not significant
        add(r, "twin", 10.05, 10.0, 10.0); // diffs vs best: 0.05, -0.1, 0.1 -> tiny spread, equivalent within 1
        add(r, "edge", 10.5, 11.0, 10.6); // diffs vs best 0.5, 0.9, 0.7: scipy ttest_1samp p = 0.02614831890364664
        add(r, "single", 10.0);
        r.add(Fixtures.record("mid", 9, 16, RunStatus.DIVERGED, null));
        return RecordTable.of(Fixtures.EXP, List.of(), r);
    }

    private static List<Claims.Result> check(Function<String, Double> paper, TableSpec.Claim... claims) {
        TableSpec t = new TableSpec("t", "t", null, null, List.of(), List.of(), List.of(claims));
        Map<String, List<Claims.Result>> out = Claims.checkAll(List.of(t), data(), s -> paper);
        return out.get("t");
    }

    private static Claims.Result check(String kind, String... variants) {
        return check(v -> null, new TableSpec.Claim("claim", kind, List.of(variants))).get(0);
    }

    @Test
    void clearlySeparatedOrderIsConfirmed() {
        assertEquals(Claims.Verdict.CONFIRMED, check("order", "best", "mid", "worst").verdict());
    }

    @Test
    void reversedOrderIsContradicted() {
        assertEquals(Claims.Verdict.CONTRADICTED, check("order", "worst", "mid", "best").verdict());
    }

    @Test
    void overlappingOrderIsNotShownEitherWay() {
        assertEquals(Claims.Verdict.NOT_SHOWN, check("order", "best", "noisy").verdict());
        assertEquals(Claims.Verdict.NOT_SHOWN, check("order", "noisy", "best").verdict());
        // one significant right-way pair and one noisy pair: not confirmed
        assertEquals(Claims.Verdict.NOT_SHOWN, check("order", "noisy", "best", "mid").verdict());
    }

    @Test
    void oneRunIsInsufficientButMeansAreStillPrinted() {
        Claims.Result r = check("order", "single", "worst");
        assertEquals(Claims.Verdict.INSUFFICIENT_DATA, r.verdict());
        assertTrue(r.evidence().get(0).contains("10.00"), r.evidence().toString());
        assertTrue(r.evidence().get(0).contains("n=1"), r.evidence().toString());
    }

    @Test
    void similarNeedsEquivalenceNotJustNoSignificantDifference() {
        // twin: TOST within +-1 shows equivalence; noisy: no significant difference, but TOST does not show
        // equivalence either (its spread is too large at 3 seeds), so the claim is not shown: absence of
        // evidence is not evidence.
        assertEquals(Claims.Verdict.EQUIVALENT, check("similar", "best", "twin").verdict());
        assertEquals(Claims.Verdict.NOT_SHOWN, check("similar", "best", "twin", "noisy").verdict());
        assertEquals(Claims.Verdict.DIFFERENT, check("similar", "best", "twin", "worst").verdict());
        // A margin of 0.01 is tighter than twin's spread allows: not shown.
        assertEquals(Claims.Verdict.NOT_SHOWN,
                check(v -> null, new TableSpec.Claim("c", "similar", List.of("best", "twin"), 0.01)).get(0).verdict());
    }

    @Test
    void holmCorrectionCanTurnAConfirmationIntoNotShown() {
        // Alone, edge > best has p = 0.0261 < 0.05: confirmed. With a second claim of the same p in the report,
        // Holm multiplies the smaller by 2: 0.0523 > 0.05, and neither is shown.
        assertEquals(Claims.Verdict.CONFIRMED, check("order", "best", "edge").verdict());
        List<Claims.Result> two = check(v -> null, new TableSpec.Claim("a", "order", List.of("best", "edge")),
                new TableSpec.Claim("b", "order", List.of("best", "edge")));
        assertEquals(Claims.Verdict.NOT_SHOWN, two.get(0).verdict());
        assertEquals(Claims.Verdict.NOT_SHOWN, two.get(1).verdict());
        assertEquals(0.02614831890364664, two.get(0).tests().get(0).rawP(), 1e-9);
        assertEquals(2 * 0.02614831890364664, two.get(0).tests().get(0).adjustedP(), 1e-9);
        assertTrue(two.get(0).evidence().get(2).contains("p 0.026, Holm-adjusted over 2 tests 0.052 (n.s.)"),
                two.get(0).evidence().toString());
    }

    @Test
    void notShownSaysHowManySeedsWouldResolveThePapersDifference() {
        // noisy - best: paired spread s = std([0.0, 0.9, -0.4]) = 0.6658; the paper's delta is 23.3 - 22.3 = 1.0.
        // statsmodels TTestPower().solve_power(effect_size=1.0/0.6658, alpha=0.05, power=0.8) = 5.68 -> 6 seeds.
        Function<String, Double> paper = v -> v.equals("noisy") ? 23.3 : v.equals("best") ? 22.3 : null;
        Claims.Result r = check(paper, new TableSpec.Claim("c", "order", List.of("best", "noisy"))).get(0);
        assertEquals(Claims.Verdict.NOT_SHOWN, r.verdict());
        assertTrue(r.evidence().get(2).contains("needs 6 seeds per variant (power 0.8"), r.evidence().toString());
        // ... and what the 3 seeds measured were worth: TTestPower().power(effect_size=1.0/0.6658, nobs=3,
        // alpha=0.05) = 0.3169.
        assertTrue(r.evidence().get(2).contains("the 3 seeds per variant had power 0.32 for it at α 0.05"), r.evidence().toString());
    }

    @Test
    void divergedRunsLeftOutOfAMeanAreNamed() {
        Claims.Result r = check("order", "best", "mid");
        assertTrue(r.evidence().get(1).contains("1 diverged and 0 failed run(s) left out of this mean"),
                r.evidence().toString());
    }

    @Test
    void evidenceCarriesDeltasAndPValues() {
        Claims.Result r = check("order", "best", "mid");
        // paired diffs mid - best: 2.0, 2.1, 2.0 -> mean +2.03
        assertTrue(r.evidence().get(2).startsWith("mid − best: Δ +2.03 (expected > 0), p "), r.evidence().toString());
        assertTrue(r.evidence().get(2).contains("paired, 3 seeds"), r.evidence().toString());
    }

    @Test
    void unknownKindIsAClearError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> check("better", "best", "mid"));
        assertTrue(e.getMessage().contains("'better'"), e.getMessage());
        assertTrue(e.getMessage().contains("order|similar"), e.getMessage());
        assertTrue(e.getMessage().contains("table 't'"), e.getMessage());
    }
}
