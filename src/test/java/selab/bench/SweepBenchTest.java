package selab.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import selab.plan.Plan;
import selab.plan.Planner;
import selab.results.Provenance;
import selab.spec.SpecLoader;

/** The sweep benchmark's spec is a valid proxy sweep of at least 8 runs, and its summary is computed as stated. */
class SweepBenchTest {
    @TempDir
    Path dir;

    @Test
    void theSweepIsEightDistinctProxyRunsEvaluatedAfterTheirLastEpochOnly() throws Exception {
        Path spec = dir.resolve("sweep.yaml");
        Files.writeString(spec, SweepBench.specYaml(2, dir, false));
        Plan plan = Planner.expand(SpecLoader.load(spec));
        assertEquals(8, plan.distinctRuns().size());
        plan.distinctRuns().forEach(v -> {
            assertEquals(2, v.config().recipe().epochs());
            assertEquals(10000, v.config().data().trainSubset());
            assertNull(v.config().recipe().evaluateEvery(), "selab's default evaluation: the last epoch only");
        });
    }

    @Test
    void theSummaryIsTheMedianOfEachWayAndItsRatioToThePeer() {
        List<SweepBench.Sweep> s = List.of(
                sweep(0, 1, 100), sweep(1, 1, 300), sweep(2, 1, 80),
                sweep(2, 2, 120), sweep(1, 2, 100), sweep(0, 2, 140),
                sweep(0, 3, 90), sweep(1, 3, 200), sweep(2, 3, 100));
        assertEquals(100, SweepReport.medianRunsPerHour(s, SweepBench.WAYS.get(0)), 1e-9); // {100, 140, 90}
        assertEquals(200, SweepReport.medianRunsPerHour(s, SweepBench.WAYS.get(1)), 1e-9);
        assertEquals(100, SweepReport.medianRunsPerHour(s, SweepBench.WAYS.get(2)), 1e-9);
        Provenance p = new Provenance("abc", false, "17", "0.35.1", "2.7.1", "cpu", 2, "h", "t0", "t1", "cpu");
        String md = SweepReport.markdown(new SweepBench.Options(2, 3, 2, 2, dir, dir, false), "1.13", p, s);
        assertTrue(md.contains("| selab --workers N | 200.00 | 2.00× |"), md);
        assertTrue(md.contains("| selab (default: 1 worker) | 100.00 | 1.00× |"), md);
    }

    private static SweepBench.Sweep sweep(int way, int round, double runsPerHour) {
        return new SweepBench.Sweep(SweepBench.WAYS.get(way), round, 8, 8, 8 * 3600 / runsPerHour, runsPerHour, 10,
                "0 0 0", "0 0 0");
    }
}
