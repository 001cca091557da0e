package selab.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import selab.results.TestRecords;

/**
 * Liveness of a claim's holder without pids or worker ids: the holder's lock file, tested from another process.
 * Issue 11: defect 2(a) (a holder in another PID namespace is alive though its pid is not visible), 2(c) (its
 * worker id looks like {@code <host>-<dead pid>}), and 5 (a dead holder is taken over at an open queue's next
 * claim, long before its deadline).
 */
class ClaimLocksTest {
    @TempDir
    Path dir;

    @Test
    void aLiveHolderIsAliveAndADeadOneIsTakenOverAtTheNextClaim() throws Exception {
        holderInAnotherProcess(List.of());
    }

    @Test
    void aHolderInAnotherPidNamespaceIsAliveThoughItsPidIsNotVisible() throws Exception {
        assumeTrue(unshareWorks(), "needs `unshare --user --map-root-user --pid --fork --mount-proc`");
        holderInAnotherProcess(List.of("unshare", "--user", "--map-root-user", "--pid", "--fork", "--kill-child", "--mount-proc"));
    }

    private void holderInAnotherProcess(List<String> wrapper) throws Exception {
        Path db = dir.resolve("queue.db");
        ClaimLocks locks = new ClaimLocks(dir.resolve(".claims"));
        try (RunQueue queue = RunQueue.open(db)) {
            queue.enqueue(TestRecords.variants("a", 1), 2);
            Path ready = dir.resolve("ready");
            // Its worker id names this host and a pid that does not exist.
            String fakeId = java.net.InetAddress.getLocalHost().getHostName() + "-999999999";
            List<String> cmd = new ArrayList<>(wrapper);
            cmd.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx64m",
                    "-cp", System.getProperty("java.class.path"), ClaimHolderProbe.class.getName(), db.toString(),
                    locks.dir().toString(), fakeId, ready.toString()));
            Process holder = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("holder.log").toFile()).start();
            try {
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (!Files.exists(ready) || Files.readString(ready).isEmpty()) {
                    assertTrue(holder.isAlive() && System.nanoTime() < deadline, Files.readString(dir.resolve("holder.log")));
                    Thread.sleep(20);
                }
                HeldRun held = queue.held(null).get(0);
                assertEquals(Files.readString(ready), held.token());
                assertEquals(fakeId, held.worker());
                assertEquals(Liveness.ALIVE, locks.check(held));
                assertEquals(Optional.empty(), queue.claim(RunQueueTest.request("other", Duration.ofSeconds(1), null)),
                        "alive and within its one-hour claim");
                assertEquals(0, locks.sweep(Set.of(), Duration.ZERO), "a live lock is never swept");

                holder.destroyForcibly(); // SIGKILL: the OS drops its lock
                assertTrue(holder.waitFor(30, TimeUnit.SECONDS));
                if (!wrapper.isEmpty()) {
                    Thread.sleep(200); // unshare's forked child dies with it
                }
                assertEquals(Liveness.DEAD, locks.check(held));
                assertEquals(Liveness.UNKNOWN, locks.check(new HeldRun(held.id(), held.worker(), held.token(),
                        "another-machine", held.deadline())), "another kernel's locks prove nothing");
                assertEquals(0, locks.sweep(Set.of(held.token()), Duration.ZERO), "still current in the queue: kept");
                assertTrue(queue.expire(held));
                Claim taken = queue.claim(RunQueueTest.request("other", Duration.ofSeconds(1), null)).orElseThrow();
                assertTrue(taken.reclaimed());
                assertEquals(fakeId, taken.previousWorker());
                assertEquals(1, locks.sweep(Set.of(), Duration.ZERO), "the dead lock file goes once nobody needs it");
                assertFalse(Files.exists(locks.dir().resolve(held.token() + ".lock")));
            } finally {
                holder.destroyForcibly();
            }
        }
    }

    @Test
    void thisProcesssOwnLocksAreAliveAndClosingOneDeletesIt() {
        ClaimLocks locks = new ClaimLocks(dir.resolve(".claims"));
        String token = ClaimRequest.newToken();
        HeldRun run = new HeldRun("r", "me", token, ClaimLocks.node(), null);
        try (ClaimLocks.Held held = locks.acquire(token)) {
            assertEquals(Liveness.ALIVE, locks.check(run));
            assertEquals(Liveness.ALIVE, locks.check(run), "checking does not drop this process's lock");
        }
        assertFalse(Files.exists(locks.dir().resolve(token + ".lock")));
        assertEquals(Liveness.UNKNOWN, locks.check(run), "no file: only the deadline can tell");
    }

    private static boolean unshareWorks() {
        try {
            Process p = new ProcessBuilder("unshare", "--user", "--map-root-user", "--pid", "--fork", "--mount-proc",
                    "true").redirectErrorStream(true).start();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (Exception e) {
            return false;
        }
    }
}
