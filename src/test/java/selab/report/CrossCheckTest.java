package selab.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import selab.results.RunRecord;
import selab.results.RunStatus;
import selab.spec.Implementation;
import selab.spec.TableSpec;

/**
 * The cross-check of selab's rows against the peer's. Expected values are scipy / statsmodels outputs (scipy 1.10,
 * statsmodels 0.13, Debian), written down here: {@code stats.ttest_ind(peer, selab, equal_var=False)},
 * {@code ttost_ind(peer, selab, -1, 1, usevar='unequal')}, {@code multipletests(p, method='holm')} over the three
 * difference p-values and, separately, the three equivalence p-values.
 */
class CrossCheckTest {

    private static void add(List<RunRecord> out, String variant, double... values) {
        for (int i = 0; i < values.length; i++) {
            out.add(Fixtures.done(variant, i, 16, values[i], 1));
        }
    }

    private static String peer(String variant) {
        return TableSpec.Row.peerVariant(variant, Implementation.PYTORCH);
    }

    private static List<CrossCheck> checks(boolean withNotRun) {
        List<RunRecord> r = new ArrayList<>();
        add(r, "agree", 10.0, 10.1, 9.9);
        add(r, peer("agree"), 10.05, 9.95, 10.1);
        add(r, "differ", 12.0, 12.2, 11.9);
        add(r, peer("differ"), 14.0, 14.1, 13.8);
        add(r, "noisy", 10.0, 11.0, 9.5);
        add(r, peer("noisy"), 10.5, 9.6, 11.2);
        add(r, "alone", 10.0, 10.2);
        r.add(Fixtures.record(peer("noisy"), 7, 16, RunStatus.DIVERGED, null));
        List<TableSpec.Row> rows = new ArrayList<>(List.of(
                new TableSpec.Row("agree", null, "agree", Implementation.PYTORCH),
                new TableSpec.Row("differ", null, "differ", Implementation.PYTORCH),
                new TableSpec.Row("noisy", null, "noisy", Implementation.PYTORCH),
                new TableSpec.Row("plain", null, "not cross-checked")));
        if (withNotRun) {
            rows.add(new TableSpec.Row("alone", null, "alone", Implementation.PYTORCH));
        }
        TableSpec t = new TableSpec("t", "t", null, null, rows, List.of("top1_err"), List.of());
        return CrossCheck.of(t, RecordTable.of(Fixtures.EXP, List.of(), r));
    }

    @Test
    void welchTostAndHolmMatchScipyAndStatsmodels() {
        List<CrossCheck> c = checks(false);
        assertEquals(3, c.size(), "only the rows that ask for a cross-check");
        double[][] expected = {
                // raw difference p, raw TOST p, Holm difference, Holm TOST
                {0.6717372553305935, 0.00013753859076184825, 1.0, 0.0004126157722855447},
                {0.00010109764426190524, 0.9991474212576362, 0.00030329293278571573, 0.9991474212576362},
                {0.698114950044433, 0.1577649009023161, 1.0, 0.3155298018046322}};
        for (int i = 0; i < 3; i++) {
            assertEquals(expected[i][0], c.get(i).differenceP(), 1e-9, "row " + i);
            assertEquals(expected[i][1], c.get(i).equivalenceP(), 1e-9, "row " + i);
            assertEquals(expected[i][2], c.get(i).differencePHolm(), 1e-9, "row " + i);
            assertEquals(expected[i][3], c.get(i).equivalencePHolm(), 1e-9, "row " + i);
        }
        // Welch's 95% CI of mean(peer) - mean(selab) for "agree" (t quantile at the Welch-Satterthwaite df).
        assertEquals(0.033333333333333215, c.get(0).delta(), 1e-12);
        assertEquals(-0.17400084903730248, c.get(0).ciLow(), 1e-9);
        assertEquals(0.2406675157039689, c.get(0).ciHigh(), 1e-9);
    }

    @Test
    void agreementNeedsTheEquivalenceTestAndADivergedPeerRunIsCountedNotAveraged() {
        List<CrossCheck> c = checks(false);
        assertEquals(CrossCheck.Verdict.AGREE, c.get(0).verdict());
        assertEquals(CrossCheck.Verdict.DIFFER, c.get(1).verdict());
        // No significant difference, but agreement within +-1 is not shown either: never read as agreement.
        assertEquals(CrossCheck.Verdict.NOT_SHOWN, c.get(2).verdict());
        assertEquals(3, c.get(2).peerSide().n());
        assertEquals(1, c.get(2).peerRuns().diverged());
    }

    @Test
    void aSmallButRealDifferenceIsSaidEvenWhenItIsWithinTheMargin() {
        // peer - selab = +0.5 with a tiny spread: scipy Welch p 0.000255, statsmodels TOST (+-1) p 0.000128: both shown.
        List<RunRecord> r = new ArrayList<>();
        add(r, "biased", 10.0, 10.05, 9.95);
        add(r, peer("biased"), 10.5, 10.55, 10.45);
        TableSpec t = new TableSpec("t", "t", null, null, List.of(new TableSpec.Row("biased", null, "biased",
                Implementation.PYTORCH)), List.of("top1_err"), List.of());
        CrossCheck c = CrossCheck.of(t, RecordTable.of(Fixtures.EXP, List.of(), r)).get(0);
        assertEquals(CrossCheck.Verdict.DIFFER_WITHIN, c.verdict());
        assertEquals("differ, but within ±1.0", c.verdict().text());
    }

    @Test
    void aRowWithoutPeerRunsIsNotRunAndLeavesTheOthersAlone() {
        List<CrossCheck> c = checks(true);
        assertEquals(CrossCheck.Verdict.NOT_RUN, c.get(3).verdict());
        assertEquals(Double.NaN, c.get(3).differenceP());
        assertEquals(2, c.get(3).selab().n());
        // Holm's families are the testable p-values: the untested row does not enlarge them.
        assertEquals(0.0004126157722855447, c.get(0).equivalencePHolm(), 1e-9);
    }
}
