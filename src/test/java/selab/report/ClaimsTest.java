package selab.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import selab.results.RunRecord;
import selab.spec.TableSpec;

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
        add(r, "twin", 10.05, 10.0, 10.0); // diffs vs best: 0.05, -0.1, 0.1 -> not significant
        add(r, "single", 10.0);
        return RecordTable.of(Fixtures.EXP, List.of(), r);
    }

    private static Claims.Verdict verdict(String kind, String... variants) {
        return Claims.check(new TableSpec.Claim("claim", kind, List.of(variants)), data(), "test").verdict();
    }

    @Test
    void clearlySeparatedOrderIsConfirmed() {
        assertEquals(Claims.Verdict.CONFIRMED, verdict("order", "best", "mid", "worst"));
    }

    @Test
    void reversedOrderIsContradicted() {
        assertEquals(Claims.Verdict.CONTRADICTED, verdict("order", "worst", "mid", "best"));
    }

    @Test
    void overlappingOrderCannotBeTold() {
        assertEquals(Claims.Verdict.CANNOT_TELL, verdict("order", "best", "noisy"));
        assertEquals(Claims.Verdict.CANNOT_TELL, verdict("order", "noisy", "best"));
        // one significant right-way pair and one noisy pair: not confirmed
        assertEquals(Claims.Verdict.CANNOT_TELL, verdict("order", "noisy", "best", "mid"));
    }

    @Test
    void oneRunIsInsufficientButMeansAreStillPrinted() {
        Claims.Result r = Claims.check(new TableSpec.Claim("c", "order", List.of("single", "worst")), data(), "t");
        assertEquals(Claims.Verdict.INSUFFICIENT_DATA, r.verdict());
        assertTrue(r.evidence().get(0).contains("10.00"), r.evidence().toString());
        assertTrue(r.evidence().get(0).contains("n=1"), r.evidence().toString());
    }

    @Test
    void similarClaims() {
        assertEquals(Claims.Verdict.CONFIRMED, verdict("similar", "best", "twin", "noisy"));
        assertEquals(Claims.Verdict.CONTRADICTED, verdict("similar", "best", "twin", "worst"));
    }

    @Test
    void evidenceCarriesDeltasAndPValues() {
        Claims.Result r = Claims.check(new TableSpec.Claim("c", "order", List.of("best", "mid")), data(), "t");
        // paired diffs mid - best: 2.0, 2.1, 2.0 -> mean +2.03
        assertTrue(r.evidence().get(2).startsWith("mid - best: delta +2.03, p "), r.evidence().toString());
        assertTrue(r.evidence().get(2).contains("paired, 3 seeds"), r.evidence().toString());
    }

    @Test
    void unknownKindIsAClearError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Claims.check(new TableSpec.Claim("c", "better", List.of("best", "mid")), data(), "table 't'"));
        assertTrue(e.getMessage().contains("'better'"), e.getMessage());
        assertTrue(e.getMessage().contains("order|similar"), e.getMessage());
        assertTrue(e.getMessage().contains("table 't'"), e.getMessage());
    }
}
