package selab.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static selab.report.Fixtures.done;
import static selab.report.Fixtures.planned;

import java.util.List;
import org.junit.jupiter.api.Test;
import selab.results.RunRecord;
import selab.results.RunStatus;

class RecordTableTest {
    @Test
    void summarisesDoneRunsPerVariantAndCountsTheRest() {
        List<RunRecord> records = List.of(
                done("a", 1, 16, 10, 3), done("a", 2, 16, 11, 3), done("a", 3, 16, 12, 3),
                done("b", 1, 8, 20, 5),
                Fixtures.record("b", 2, 8, RunStatus.FAILED, null),
                Fixtures.record("b", 3, 8, RunStatus.RUNNING, null),
                Fixtures.record("b", 4, 8, RunStatus.DIVERGED, null),
                // another experiment's unplanned record must not count
                new RunRecord("zz", "other", "a", 9, RunStatus.DONE, Fixtures.config(16),
                        done("a", 9, 16, 99, 9).metrics(), 1, 1, 1, 1, 1, null, null, null));
        List<selab.plan.Variant> plan = List.of(planned("a", 1, 16), planned("a", 2, 16), planned("a", 3, 16),
                planned("b", 1, 8), planned("b", 2, 8), planned("b", 3, 8), planned("b", 4, 8),
                planned("b", 5, 8));
        RecordTable t = RecordTable.of(Fixtures.EXP, plan, records);

        // a: 10, 11, 12 -> mean 11, s = 1, CI = 4.303 / sqrt(3) (t_{0.975,2} = 4.303)
        Stats.Summary a = t.summary("a", Metric.TOP1_ERR);
        assertEquals(3, a.n());
        assertEquals(11.0, a.mean(), 1e-12);
        assertEquals(1.0, a.std(), 1e-12);
        assertEquals(4.303 / Math.sqrt(3), a.ci95(), 1e-3);

        Stats.Summary b = t.summary("b", Metric.TOP1_ERR);
        assertEquals(1, b.n());
        assertEquals(20.0, b.mean(), 0);
        assertTrue(Double.isNaN(b.std()));

        assertEquals(new RunCounts(3, 0, 0, 0, 0), t.counts("a"));
        assertEquals(new RunCounts(1, 1, 1, 1, 1), t.counts("b")); // seed 5: planned, no record -> queued
        assertEquals(List.of("a-s1", "a-s2", "a-s3"), t.runIds("a"));
        assertEquals(16.0, t.seRatio("a").orElseThrow(), 0);
        assertEquals(0.06, t.gflops("a").orElseThrow(), 1e-12); // 60e6 macs / 1e9
        assertEquals(8, t.table().rowCount());
    }
}
