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
 * Issue 11, defect 5: a worker with a custom id dies (kill -9) while a {@code run} that is already going waits for
 * its run. The waiting {@code run} must take the run over at once — not after {@code --stale-after}, not by exiting
 * 0 with the run still "running" — and finish the sweep.
 */
class DeadWorkerTakeOverTest {
    private static final String EXP = "takeover";
    private static final int EPOCHS = 5;

    @TempDir
    Path tmp;

    @Test
    void aRunningWorkerTakesOverTheRunOfADeadWorkerWithACustomIdAtOnce() throws Exception {
        Path spec = Sweeps.spec(tmp, "s.yaml", EXP, EPOCHS, List.of(0), "  se: {}\n", "");
        String id = Planner.expand(SpecLoader.load(spec)).distinctRuns().get(0).id();
        Path results = tmp.resolve("results");
        Path runDir = results.resolve(EXP).resolve(id);
        try (RunQueue q = RunQueue.open(results.resolve("queue.db"))) {
            q.enqueue(Planner.expand(SpecLoader.load(spec)).distinctRuns(), 2);
        }
        Path log = tmp.resolve("worker.log");
        Process custom = Cli.start(log, "worker", "--results", results.toString(), "--device", "cpu",
                "--worker-id", "gpu-box-7");
        Path runLog = tmp.resolve("run.log");
        Process waiting = null;
        try {
            Sweeps.await(custom, log, Duration.ofMinutes(3), () -> Sweeps.midway(runDir, 1, EPOCHS - 2),
                    "a checkpoint with epochs to go");
            // Frozen, not just busy: on a fast machine its last epochs would otherwise finish before the run below
            // has started and seen it, and there would be nothing to take over.
            Sweeps.freeze(custom);
            // A run with the default 300 s --stale-after, started while the custom worker is alive and busy. (A child
            // process: training belongs on a process's main thread, where the engine set its autograd mode.)
            waiting = Cli.start(runLog, "run", spec.toString(), "--results", results.toString(), "--device", "cpu");
            Process run = waiting;
            Sweeps.await(run, runLog, Duration.ofMinutes(3), () -> Sweeps.read(runLog).contains("waiting for"),
                    "the run waiting for the live worker");
            Thread.sleep(1000);
            assertTrue(run.isAlive(), "the run must wait for the live worker's run:\n" + Sweeps.read(runLog));
            custom.destroyForcibly();
            assertTrue(custom.waitFor(30, TimeUnit.SECONDS));
            long killed = System.nanoTime();
            assertTrue(run.waitFor(5, TimeUnit.MINUTES), Sweeps.read(runLog));
            String out = Files.readString(runLog);
            String all = Files.readString(log) + "\n--- run\n" + out;
            assertEquals(0, run.exitValue(), all);
            assertTrue(out.contains("waiting for 1 run(s) other workers hold: " + id + " (gpu-box-7)"), all);
            assertTrue(out.contains("run " + id + ": its worker gpu-box-7 is gone (its claim lock was released);"
                    + " taking it over"), all);
            assertEquals(List.of(id), Sweeps.ids(Sweeps.RESUMING, out), all);
            assertTrue(System.nanoTime() - killed < TimeUnit.SECONDS.toNanos(240), "not after --stale-after (300 s)");
            try (RunQueue q = RunQueue.open(results.resolve("queue.db"))) {
                QueuedRun row = q.list(EXP).get(0);
                assertEquals(RunStatus.DONE, row.state(), all);
                assertEquals(1, row.reclaims());
                assertEquals(0, row.failedAttempts());
            }
            assertEquals(IntStream.rangeClosed(1, EPOCHS).boxed().toList(), Sweeps.epochs(runDir));
        } finally {
            custom.destroyForcibly();
            if (waiting != null) {
                waiting.destroyForcibly();
            }
        }
    }
}
