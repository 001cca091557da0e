package selab.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import selab.plan.Planner;
import selab.queue.QueuedRun;
import selab.queue.RunQueue;
import selab.results.RunStatus;
import selab.spec.SpecLoader;

/**
 * Issue 11, defect 3: kill -9 a run, rerun, kill -9 again during the resume, rerun. Kills are not failed attempts:
 * with the default two attempts the run must still resume from its checkpoint and finish.
 */
class KillTwiceTest {
    private static final String EXP = "killtwice";
    private static final int EPOCHS = 5;

    @TempDir
    Path tmp;

    @Test
    void twoKillsDoNotFailARunWithACheckpoint() throws Exception {
        Path spec = Sweeps.spec(tmp, "s.yaml", EXP, EPOCHS, List.of(0), "  se: {}\n", "");
        String id = Planner.expand(SpecLoader.load(spec)).distinctRuns().get(0).id();
        Path results = tmp.resolve("results");
        Path runDir = results.resolve(EXP).resolve(id);
        String[] run = {"run", spec.toString(), "--results", results.toString(), "--device", "cpu"};

        Path log1 = tmp.resolve("first.log");
        Process first = Cli.start(log1, run);
        Sweeps.await(first, log1, Duration.ofMinutes(3), () -> Sweeps.midway(runDir, 1, EPOCHS - 2),
                "a checkpoint with epochs to go");
        kill(first);

        Path log2 = tmp.resolve("second.log");
        Process second = Cli.start(log2, run);
        Sweeps.await(second, log2, Duration.ofMinutes(3), () -> Sweeps.read(log2).contains("resuming from its last"),
                "the resume");
        kill(second); // during the resume

        Cli.Result third = Cli.run(run);
        String all = Files.readString(log1) + "\n--- second\n" + Files.readString(log2) + "\n--- third\n" + third.all();
        assertEquals(0, third.exit(), all);
        assertEquals(List.of(id), Sweeps.ids(Sweeps.RESUMING, third.out()), all);
        try (RunQueue q = RunQueue.open(results.resolve("queue.db"))) {
            QueuedRun r = q.list(EXP).get(0);
            assertEquals(RunStatus.DONE, r.state(), all);
            assertEquals(0, r.failedAttempts(), "kills are not failed attempts");
            assertEquals(2, r.reclaims());
            assertEquals(3, r.attempts());
            assertEquals(null, r.error());
        }
        assertEquals("done", Sweeps.records(results, EXP).get(id).get("status").asText());
        assertEquals(IntStream.rangeClosed(1, EPOCHS).boxed().toList(), Sweeps.epochs(runDir), "no gaps, no repeats");
    }

    private static void kill(Process p) throws InterruptedException {
        p.destroyForcibly(); // SIGKILL
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(137, p.exitValue());
    }
}
