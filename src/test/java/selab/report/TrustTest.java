package selab.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import selab.results.Fingerprint;
import selab.results.Metrics;
import selab.results.RunRecord;
import selab.results.RunStatus;

class TrustTest {

    private static RunRecord rec(String variant, long seed, String config, String code) {
        RunRecord r = Fixtures.record(variant, seed, 16, RunStatus.DONE, new Metrics(10.0, 1.0, 10.0, 1.0, 0.5, 0.6, null));
        return new RunRecord(r.id(), r.experiment(), r.variant(), r.seed(), r.status(), r.config(), r.metrics(),
                r.params(), r.paperFlops(), r.epochs(), r.wallSeconds(), r.imagesPerSecond(), r.provenance(), null,
                Fingerprint.of(config, code, "djl 0.35.1, pytorch 2.7.1", "da7a"));
    }

    private static ReportInput input(List<RunRecord> records, Map<String, String> stale) {
        ReportInput base = ReporterTest.input(null);
        return new ReportInput(base.experiment(), null, base.tables(), base.planned(), records, Map.of(),
                Map.of(), base.header(), stale);
    }

    @Test
    void runsOfOneBuildWithDifferentConfigsAreOneCleanBuild() {
        List<RunRecord> records = List.of(rec("a", 1, "cfgA", "code1"), rec("b", 1, "cfgB", "code1"));
        Trust t = Trust.of(input(records, Map.of()), records.stream().map(RunRecord::id).toList());
        assertEquals(1, t.fingerprints().size());
        assertTrue(t.clean());
        assertEquals("", t.warning("this table", "<spec>"));
    }

    @Test
    void anotherBuildOrAStaleRunIsNamed() {
        List<RunRecord> records = List.of(rec("a", 1, "cfgA", "code1"), rec("b", 1, "cfgB", "code2"));
        String id = records.get(1).id();
        Trust t = Trust.of(input(records, Map.of(id, "training code changed since")),
                records.stream().map(RunRecord::id).toList());
        String w = t.warning("this table", "<spec>");
        assertTrue(w.contains("1 of 2 finished runs are stale † (training code changed since)"), w);
        assertTrue(w.contains("rows mix 2 builds or data sets"), w);
        assertEquals(" †", Trust.of(input(records, Map.of(id, "x")), List.of(id)).marks());
    }
}
