package selab.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import selab.queue.QueuedRun;
import selab.queue.RunQueue;
import selab.results.RunStatus;

/** Two worker processes on one queue: {@code run} in one, {@code worker} in another; no run is trained twice. */
class TwoWorkersTest {
    private static final String EXP = "twoworkers";

    @TempDir
    Path tmp;

    @Test
    void twoProcessesShareTheSweepWithoutTrainingAnyRunTwice() throws Exception {
        Path spec = Sweeps.spec(tmp, "s.yaml", EXP, 2, List.of(0, 1, 2, 3), "  plain: {model.se: none}\n  se: {}\n", "");
        String results = tmp.resolve("results").toString();
        String reports = tmp.resolve("reports").toString();
        Path logA = tmp.resolve("run.log");
        Path logB = tmp.resolve("worker.log");

        Process a = Cli.start(logA, "run", spec.toString(), "--results", results, "--reports", reports, "--device", "cpu");
        Process b = null;
        try {
            // Start the second worker as soon as the first has filled the queue (and is still loading PyTorch).
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!Files.readString(logA).contains("newly queued")) {
                if (!a.isAlive() || System.nanoTime() > deadline) {
                    fail("run never queued its runs:\n" + Files.readString(logA));
                }
                Thread.sleep(10);
            }
            b = Cli.start(logB, "worker", "--results", results, "--device", "cpu");
            assertTrue(a.waitFor(600, TimeUnit.SECONDS), "run still going:\n" + Files.readString(logA));
            assertTrue(b.waitFor(600, TimeUnit.SECONDS), "worker still going:\n" + Files.readString(logB));
        } finally {
            a.destroyForcibly();
            if (b != null) {
                b.destroyForcibly();
            }
        }
        String outA = Files.readString(logA);
        String outB = Files.readString(logB);
        String both = "--- run\n" + outA + "--- worker\n" + outB;
        assertEquals(0, a.exitValue(), both);
        assertEquals(0, b.exitValue(), both);

        Set<String> all = new TreeSet<>();
        try (RunQueue q = RunQueue.open(tmp.resolve("results/queue.db"))) {
            List<QueuedRun> runs = q.list(EXP);
            assertEquals(8, runs.size());
            for (QueuedRun r : runs) {
                assertEquals(RunStatus.DONE, r.state(), r.toString());
                assertEquals(1, r.attempts(), "claimed once: " + r);
                all.add(r.id());
            }
        }
        List<String> byA = Sweeps.ids(Sweeps.TRAINING, outA);
        List<String> byB = Sweeps.ids(Sweeps.TRAINING, outB);
        assertEquals(byA.size(), new HashSet<>(byA).size(), "run trained twice by one worker\n" + both);
        assertEquals(byB.size(), new HashSet<>(byB).size(), "run trained twice by one worker\n" + both);
        assertTrue(Collections.disjoint(byA, byB), "run trained by both workers\n" + both);
        Set<String> union = new TreeSet<>(byA);
        union.addAll(byB);
        assertEquals(all, union, both);
        assertTrue(Sweeps.ids(Sweeps.RESUMING, outA + outB).isEmpty(), both);
        assertFalse(byB.isEmpty(), "the second worker got no run, so nothing ran concurrently\n" + both);
        assertFalse(byA.isEmpty(), both);
        assertEquals(8, Sweeps.records(tmp.resolve("results"), EXP).values().stream()
                .filter(r -> r.get("status").asText().equals("done")).count());
    }
}
