package selab.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import selab.plan.Planner;
import selab.spec.SpecLoader;

/**
 * Issue 13 item 4: {@code status} lists the live workers (host, run, last heartbeat, img/s) and the runs taken
 * over from dead ones.
 */
class StatusLiveWorkersTest {
    private static final String EXP = "live";

    @TempDir
    Path tmp;

    @Test
    void statusShowsTheWorkerHoldingARunAndLaterThatItsRunWasTakenOver() throws Exception {
        Path spec = Sweeps.spec(tmp, "s.yaml", EXP, 6, List.of(0), "  se: {}\n", "");
        String id = Planner.expand(SpecLoader.load(spec)).distinctRuns().get(0).id();
        Path results = tmp.resolve("results");
        Path runDir = results.resolve(EXP).resolve(id);
        Path log = tmp.resolve("worker.log");
        Process worker = Cli.start(log, "run", spec.toString(), "--results", results.toString(), "--device", "cpu",
                "--worker-id", "box-a");
        try {
            Sweeps.await(worker, log, Duration.ofMinutes(3), () -> Sweeps.midway(runDir, 1, 4), "a timed epoch");
            Sweeps.freeze(worker); // alive and holding the run while status looks
            String host = Sweeps.records(results, EXP).get(id).get("provenance").get("host").asText();
            Cli.Result status = Cli.run("status", spec.toString(), "--results", results.toString());
            assertEquals(0, status.exit(), status.all());
            assertTrue(status.out().contains("  live workers (those holding a run):\n    box-a on " + host + ": run " + id
                    + ", last heartbeat 20"), status.all());
            assertTrue(status.out().matches("(?s).*box-a on .*, \\d+ img/s in its last epoch\n.*"), status.all());
            assertTrue(!status.out().contains("reclaimed"), status.all());

            worker.destroyForcibly();
            assertTrue(worker.waitFor(30, TimeUnit.SECONDS));
        } finally {
            worker.destroyForcibly();
        }
        Cli.Result rerun = Cli.run("run", spec.toString(), "--results", results.toString(), "--device", "cpu");
        assertEquals(0, rerun.exit(), rerun.all());
        Cli.Result after = Cli.run("status", spec.toString(), "--results", results.toString());
        assertTrue(after.out().contains("  reclaimed " + id + " se: taken over 1 time(s) from a worker that died or"
                + " stopped; now done"), after.all());
        assertTrue(!after.out().contains("live workers"), after.all());
    }
}
