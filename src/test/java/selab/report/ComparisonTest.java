package selab.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import selab.results.RunRecord;

class ComparisonTest {
    private static List<RunRecord> runs(String variant, double[] values, long firstSeed) {
        List<RunRecord> out = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            out.add(Fixtures.done(variant, firstSeed + i, 16, values[i], 1));
        }
        return out;
    }

    @Test
    void matchingSeedsArePaired() {
        List<RunRecord> records = new ArrayList<>(runs("g1", StatsTest.SLEEP_G1, 1));
        records.addAll(runs("g2", StatsTest.SLEEP_G2, 1));
        Comparison c = Comparison.of(RecordTable.of(Fixtures.EXP, List.of(), records), "g1", "g2", Metric.TOP1_ERR);
        // R paired t-test on the sleep data: p-value = 0.002833, mean difference -1.58
        assertEquals(0.002833, c.p(), 1e-6);
        assertEquals(-1.58, c.delta(), 1e-12);
        assertEquals(10, c.pairs());
        assertEquals("paired, 10 seeds", c.method());
    }

    @Test
    void disjointSeedsFallBackToWelch() {
        List<RunRecord> records = new ArrayList<>(runs("g1", StatsTest.SLEEP_G1, 1));
        records.addAll(runs("g2", StatsTest.SLEEP_G2, 101));
        Comparison c = Comparison.of(RecordTable.of(Fixtures.EXP, List.of(), records), "g1", "g2", Metric.TOP1_ERR);
        // R Welch t-test on the sleep data: p-value = 0.07939
        assertEquals(0.07939, c.p(), 1e-5);
        assertEquals(0, c.pairs());
        assertEquals("welch", c.method());
    }

    @Test
    void singleRunSideHasDeltaButNoTest() {
        List<RunRecord> records = new ArrayList<>(runs("a", new double[] {10, 12}, 1));
        records.addAll(runs("b", new double[] {13}, 1));
        Comparison c = Comparison.of(RecordTable.of(Fixtures.EXP, List.of(), records), "b", "a", Metric.TOP1_ERR);
        assertEquals(2.0, c.delta(), 1e-12);
        assertFalse(c.testable());
        assertEquals("–", c.method());
    }
}
