package selab.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import selab.plan.Planner;
import selab.queue.QueuedRun;
import selab.queue.RunQueue;
import selab.results.RunStatus;
import selab.spec.SpecLoader;

/**
 * Issue 11, defect 2 (a) and (c): a worker in its own PID namespace (what a container with the host's name looks
 * like), named {@code <host>-<pid>} with a pid that does not exist here, trains beside a default {@code run} on the
 * same host. Neither may take the other's live run: every run is trained exactly once.
 */
class NoDoubleTrainingTest {
    private static final String EXP = "nodouble";

    @TempDir
    Path tmp;

    @Test
    void aWorkerInAnotherPidNamespaceWithAPidShapedIdKeepsItsRun() throws Exception {
        Path spec = Sweeps.spec(tmp, "s.yaml", EXP, 3, List.of(0, 1), "  se: {}\n", "");
        Path results = tmp.resolve("results");
        try (RunQueue q = RunQueue.open(results.resolve("queue.db"))) {
            q.enqueue(Planner.expand(SpecLoader.load(spec)).distinctRuns(), 2);
        }
        String pidShaped = InetAddress.getLocalHost().getHostName() + "-999999999";
        List<String> namespace = unshareWorks()
                ? List.of("unshare", "--user", "--map-root-user", "--pid", "--fork", "--kill-child", "--mount-proc")
                : List.of();
        Path log = tmp.resolve("worker.log");
        Process other = Cli.start(namespace, null, log, "worker", "--results", results.toString(), "--device", "cpu",
                "--worker-id", pidShaped);
        try {
            Sweeps.await(other, log, Duration.ofMinutes(3), () -> !Sweeps.ids(Sweeps.TRAINING, Sweeps.read(log)).isEmpty(),
                    "the namespaced worker's first run");
            Cli.Result mine = Cli.run("run", spec.toString(), "--results", results.toString(), "--device", "cpu");
            assertTrue(other.waitFor(180, TimeUnit.SECONDS), Files.readString(log));
            String theirs = Files.readString(log);
            String both = "--- worker in a PID namespace: " + !namespace.isEmpty() + "\n" + theirs + "--- run\n" + mine.all();
            assertEquals(0, mine.exit(), both);
            assertEquals(0, other.exitValue(), both);
            List<String> byThem = Sweeps.ids(Sweeps.TRAINING, theirs);
            List<String> byMe = Sweeps.ids(Sweeps.TRAINING, mine.out());
            assertFalse(byThem.isEmpty(), both);
            assertTrue(Collections.disjoint(byThem, byMe), "a run trained by both workers\n" + both);
            assertTrue(Sweeps.ids(Sweeps.RESUMING, theirs + mine.out()).isEmpty(), "nothing was taken over\n" + both);
            assertFalse(mine.out().contains("is gone"), both);
            HashSet<String> union = new HashSet<>(byThem);
            union.addAll(byMe);
            assertEquals(2, union.size(), both);
            try (RunQueue q = RunQueue.open(results.resolve("queue.db"))) {
                for (QueuedRun r : q.list(EXP)) {
                    assertEquals(RunStatus.DONE, r.state(), both);
                    assertEquals(1, r.attempts(), "claimed once: " + r);
                    assertEquals(0, r.reclaims(), r.toString());
                }
            }
        } finally {
            other.destroyForcibly();
        }
    }

    static boolean unshareWorks() {
        try {
            Process p = new ProcessBuilder("unshare", "--user", "--map-root-user", "--pid", "--fork", "--mount-proc",
                    "true").redirectErrorStream(true).start();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (Exception e) {
            return false;
        }
    }
}
