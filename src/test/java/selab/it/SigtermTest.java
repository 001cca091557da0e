package selab.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import selab.plan.Planner;
import selab.queue.QueuedRun;
import selab.queue.RunQueue;
import selab.results.RunStatus;
import selab.spec.SpecLoader;

/**
 * Issue 11, defect 4: {@code kill -TERM} (what a scheduler sends before preempting) on a training {@code run}. It
 * must stop after the current step, keep its checkpoint, give the run back and exit 0 — no native crash, no
 * hs_err file — and the next run resumes from the checkpoint.
 */
class SigtermTest {
    private static final String EXP = "sigterm";
    private static final int EPOCHS = 5;

    @TempDir
    Path tmp;

    @Test
    void sigtermStopsCleanlyReleasesTheRunAndTheRerunResumesIt() throws Exception {
        Path spec = Sweeps.spec(tmp, "s.yaml", EXP, EPOCHS, List.of(0), "  se: {}\n", "");
        String id = Planner.expand(SpecLoader.load(spec)).distinctRuns().get(0).id();
        Path results = tmp.resolve("results");
        Path runDir = results.resolve(EXP).resolve(id);
        Path workDir = Files.createDirectories(tmp.resolve("wd"));
        Path log = tmp.resolve("child.log");

        Process child = Cli.start(List.of(), workDir, log, "run", spec.toString(), "--results", results.toString(),
                "--device", "cpu");
        Sweeps.await(child, log, Duration.ofMinutes(3), () -> Sweeps.midway(runDir, 1, EPOCHS - 2),
                "a checkpoint with epochs to go");
        child.destroy(); // SIGTERM
        assertTrue(child.waitFor(120, TimeUnit.SECONDS), "did not stop:\n" + Files.readString(log));
        String first = Files.readString(log);
        assertEquals(0, child.exitValue(), first);
        assertTrue(first.contains("(" + id + ", seed 0): stopped on request "), first);
        assertTrue(first.contains("; released, it resumes from the checkpoint written at the stop"), first);
        for (Path dir : List.of(workDir, tmp, results)) {
            try (Stream<Path> files = Files.list(dir)) {
                assertEquals(List.of(), files.filter(f -> f.getFileName().toString().startsWith("hs_err")).toList(),
                        "a JVM crash report in " + dir + "\n" + first);
            }
        }
        List<String> before = Sweeps.historyRows(runDir);
        try (RunQueue q = RunQueue.open(results.resolve("queue.db"))) {
            QueuedRun r = q.list(EXP).get(0);
            assertEquals(RunStatus.QUEUED, r.state(), "released, not left running: " + r);
            assertEquals(0, r.failedAttempts());
            assertEquals(0, r.reclaims());
            assertTrue(r.epochsDone() >= 1, r.toString());
        }

        Cli.Result rerun = Cli.run("run", spec.toString(), "--results", results.toString(), "--device", "cpu");
        assertEquals(0, rerun.exit(), rerun.all());
        assertEquals(List.of(id), Sweeps.ids(Sweeps.RESUMING, rerun.out()), rerun.all());
        assertEquals("done", Sweeps.records(results, EXP).get(id).get("status").asText());
        assertEquals(IntStream.rangeClosed(1, EPOCHS).boxed().toList(), Sweeps.epochs(runDir));
        assertEquals(before, Sweeps.historyRows(runDir).subList(0, before.size()), "rows before the stop are kept");
    }
}
