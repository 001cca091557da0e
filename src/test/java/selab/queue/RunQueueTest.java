package selab.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import selab.results.RunStatus;
import selab.results.TestRecords;

class RunQueueTest {
    private static final Duration STALE = Duration.ofSeconds(5);

    @TempDir
    Path dir;

    private final TestClock clock = new TestClock(1_000_000L);
    private RunQueue queue;

    @BeforeEach
    void open() {
        queue = RunQueue.open(dir.resolve("sub/queue.db"), clock);
    }

    @AfterEach
    void close() {
        queue.close();
    }

    private String claimId(String worker) {
        return queue.claim(worker, STALE, null).map(Claim::id).orElse(null);
    }

    private QueuedRun row(String id) {
        return queue.list(null).stream().filter(r -> r.id().equals(id)).findFirst().orElseThrow();
    }

    @Test
    void enqueueIsIdempotentById() {
        assertEquals(3, queue.enqueue(TestRecords.variants("a", 3), 2));
        assertEquals(1, queue.enqueue(TestRecords.variants("a", 4), 2)); // r00..r02 known, r03 new
        assertEquals(4, queue.counts("a").get(RunStatus.QUEUED));
        assertEquals(4, queue.list(null).size());
    }

    @Test
    void runSharedByTwoExperimentsIsQueuedOnceButListedForBoth() {
        queue.enqueue(List.of(TestRecords.variant("a", "se-r16", "shared"), TestRecords.variant("a", "x", "onlyA")), 2);
        assertEquals(0, queue.enqueue(List.of(TestRecords.variant("b", "baseline-se", "shared")), 2));

        assertEquals(2, queue.list(null).size());
        List<QueuedRun> b = queue.list("b");
        assertEquals(1, b.size());
        assertEquals("shared", b.get(0).id());
        assertEquals("baseline-se", b.get(0).variant(), "each experiment sees its own variant name");
        assertEquals("b", b.get(0).experiment());
        assertEquals(List.of("a", "b"), queue.experimentsOf("shared"));
        assertEquals(1, queue.counts("b").get(RunStatus.QUEUED));
        assertEquals(2, queue.counts("a").get(RunStatus.QUEUED));

        // Trained once: after completion both experiments count it done and nothing is left for b.
        Claim c = queue.claim("w", STALE, "b").orElseThrow();
        assertEquals("shared", c.id());
        assertEquals("b", c.experiment());
        assertEquals("baseline-se", c.variant());
        queue.complete("shared", RunStatus.DONE);
        assertEquals(1, queue.counts("a").get(RunStatus.DONE));
        assertEquals(1, queue.counts("b").get(RunStatus.DONE));
        assertEquals(Optional.empty(), queue.claim("w", STALE, "b"));
        assertEquals("onlyA", queue.claim("w", STALE, "a").orElseThrow().id());
    }

    @Test
    void doneRunIsNotRequeued() {
        queue.enqueue(TestRecords.variants("a", 1), 2);
        queue.claim("w", STALE, null).orElseThrow();
        queue.complete("r00", RunStatus.DONE);
        assertEquals(0, queue.enqueue(TestRecords.variants("a", 1), 2));
        assertEquals(Optional.empty(), queue.claim("w", STALE, null));
        assertEquals(RunStatus.DONE, row("r00").state());
    }

    @Test
    void claimsOldestFirstThenInsertionOrder() {
        queue.enqueue(List.of(TestRecords.variant("a", "v", "m")), 1);
        clock.advance(1000);
        // Same enqueue time: insertion order, not id order.
        queue.enqueue(List.of(TestRecords.variant("a", "v", "z"), TestRecords.variant("a", "v", "b")), 1);
        List<String> order = new ArrayList<>();
        for (String id; (id = claimId("w")) != null; ) {
            order.add(id);
        }
        assertEquals(List.of("m", "z", "b"), order);
    }

    @Test
    void claimCarriesTheRunAndItsConfig() {
        queue.enqueue(List.of(TestRecords.variant("a", "se-r16", "abc123")), 3);
        Claim c = queue.claim("w1", STALE, null).orElseThrow();
        assertEquals("abc123", c.id());
        assertEquals("a", c.experiment());
        assertEquals("se-r16", c.variant());
        assertEquals(7, c.seed());
        assertEquals(1, c.attempt());
        assertEquals(3, c.maxAttempts());
        assertFalse(c.reclaimed());
        assertNull(c.previousWorker());
        assertEquals(TestRecords.config(16), c.config());
        QueuedRun r = row("abc123");
        assertEquals(RunStatus.RUNNING, r.state());
        assertEquals("w1", r.worker());
        assertEquals(Instant.ofEpochMilli(1_000_000L), r.claimedAt());
        assertEquals(Instant.ofEpochMilli(1_000_000L), r.heartbeatAt());
    }

    @Test
    void claimFilteredByExperimentSkipsOtherExperiments() {
        queue.enqueue(TestRecords.variants("a", 2), 1);
        queue.enqueue(List.of(TestRecords.variant("b", "v", "onlyB")), 1);
        assertEquals("onlyB", queue.claim("w", STALE, "b").orElseThrow().id());
        assertEquals(Optional.empty(), queue.claim("w", STALE, "b"));
        assertEquals(Optional.empty(), queue.claim("w", STALE, "nope"));
    }

    @Test
    void runningRunWithFreshHeartbeatIsNotClaimedAgain() {
        queue.enqueue(TestRecords.variants("a", 1), 3);
        queue.claim("w1", STALE, null).orElseThrow();
        clock.advance(4_000);
        assertTrue(queue.heartbeat("r00", "w1"));
        clock.advance(4_000); // 8 s after the claim but only 4 s after the last heartbeat
        assertEquals(Optional.empty(), queue.claim("w2", STALE, null));
    }

    @Test
    void staleRunIsReclaimedAsANewAttempt() {
        queue.enqueue(TestRecords.variants("a", 2), 3);
        clock.advance(1);
        queue.enqueue(List.of(TestRecords.variant("a", "late", "r99")), 3);
        assertEquals("r00", claimId("w1"));
        clock.advance(5_001); // heartbeat now older than 5 s

        Claim c = queue.claim("w2", STALE, null).orElseThrow();
        assertEquals("r00", c.id(), "a crashed run is resumed before queued runs");
        assertTrue(c.reclaimed());
        assertEquals("w1", c.previousWorker());
        assertEquals(2, c.attempt());
        assertFalse(queue.heartbeat("r00", "w1"), "the crashed worker no longer owns it");
        assertTrue(queue.heartbeat("r00", "w2"));
        assertEquals("w2", row("r00").worker());
        assertEquals(2, row("r00").attempts());
        // Exactly at the limit is not stale yet.
        clock.advance(5_000);
        assertEquals("r01", claimId("w3"));
    }

    @Test
    void staleRunWithNoAttemptsLeftIsMarkedFailed() {
        queue.enqueue(TestRecords.variants("a", 1), 1);
        queue.claim("w1", STALE, null).orElseThrow();
        clock.advance(60_000);
        assertEquals(Optional.empty(), queue.claim("w2", STALE, null));
        QueuedRun r = row("r00");
        assertEquals(RunStatus.FAILED, r.state());
        assertTrue(r.error().contains("w1") && r.error().contains("stopped heartbeating"), r.error());
        assertTrue(r.error().contains("60000 ms"), r.error());
    }

    @Test
    void failRequeuesUntilMaxAttemptsThenKeepsTheError() {
        queue.enqueue(TestRecords.variants("a", 1), 3);
        for (int attempt = 1; attempt <= 2; attempt++) {
            Claim c = queue.claim("w", STALE, null).orElseThrow();
            assertEquals(attempt, c.attempt());
            assertEquals(RunStatus.QUEUED, queue.fail("r00", "boom" + attempt));
            assertEquals("boom" + attempt, row("r00").error());
        }
        assertEquals(3, queue.claim("w", STALE, null).orElseThrow().attempt());
        assertEquals(RunStatus.FAILED, queue.fail("r00", "boom3"));
        assertEquals(Optional.empty(), queue.claim("w", STALE, null));
        QueuedRun r = row("r00");
        assertEquals(RunStatus.FAILED, r.state());
        assertEquals("boom3", r.error());
        assertEquals(3, r.attempts());
        assertEquals(Instant.ofEpochMilli(1_000_000L), r.finishedAt());
    }

    @Test
    void retryFailedRequeuesOnlyThatExperimentWithAttemptsReset() {
        queue.enqueue(List.of(TestRecords.variant("a", "v", "ra")), 1);
        queue.enqueue(List.of(TestRecords.variant("b", "v", "rb")), 1);
        for (int i = 0; i < 2; i++) {
            Claim c = queue.claim("w", STALE, null).orElseThrow();
            assertEquals(RunStatus.FAILED, queue.fail(c.id(), "bad"));
        }
        assertEquals(1, queue.retryFailed("a"));
        assertEquals(0, queue.retryFailed("a"));
        assertEquals(1, queue.counts("a").get(RunStatus.QUEUED));
        assertEquals(1, queue.counts("b").get(RunStatus.FAILED));
        assertNull(row("ra").error());
        Claim again = queue.claim("w", STALE, null).orElseThrow();
        assertEquals("ra", again.id());
        assertEquals(1, again.attempt());
        assertEquals(1, queue.retryFailed(null));
    }

    @Test
    void countsCoverEveryState() {
        queue.enqueue(TestRecords.variants("a", 6), 1);
        queue.enqueue(List.of(TestRecords.variant("b", "v", "other")), 1);
        queue.complete(claimId("w"), RunStatus.DONE); // r00
        queue.complete(claimId("w"), RunStatus.DIVERGED); // r01
        queue.fail(claimId("w"), "x"); // r02, max 1 attempt
        claimId("w"); // r03 stays running
        Map<RunStatus, Integer> counts = queue.counts("a");
        assertEquals(Map.of(RunStatus.QUEUED, 2, RunStatus.RUNNING, 1, RunStatus.DONE, 1, RunStatus.FAILED, 1,
                RunStatus.DIVERGED, 1), counts);
        assertEquals(3, queue.counts(null).get(RunStatus.QUEUED));
        assertEquals(Map.of(RunStatus.QUEUED, 0, RunStatus.RUNNING, 0, RunStatus.DONE, 0, RunStatus.FAILED, 0,
                RunStatus.DIVERGED, 0), queue.counts("none"));
    }

    @Test
    void badArgumentsAreRejectedClearly() {
        queue.enqueue(TestRecords.variants("a", 1), 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> queue.complete("r00", RunStatus.FAILED));
        assertTrue(e.getMessage().contains("done|diverged"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> queue.complete("ghost", RunStatus.DONE));
        assertTrue(e.getMessage().contains("ghost") && e.getMessage().contains("queue.db"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> queue.fail("ghost", "x"));
        assertThrows(IllegalArgumentException.class, () -> queue.enqueue(TestRecords.variants("a", 1), 0));
        assertThrows(IllegalArgumentException.class, () -> queue.claim("w", Duration.ZERO, null));
    }

    @Test
    void aFileThatIsNotADatabaseOrAPathThatCannotHoldOneIsBadInputNamingIt() throws java.io.IOException {
        Path notADb = dir.resolve("notes/queue.db");
        java.nio.file.Files.createDirectories(notADb.getParent());
        String text = "these are my notes, not a queue\n".repeat(100);
        java.nio.file.Files.writeString(notADb, text);
        UnusableQueueException e = assertThrows(UnusableQueueException.class, () -> RunQueue.open(notADb));
        assertTrue(e.getMessage().startsWith(notADb + ": not a queue"), e.getMessage());
        assertEquals(text, java.nio.file.Files.readString(notADb), "the file is left as it was");

        Path underAFile = notADb.resolve("queue.db"); // its directory would have to be the file above
        e = assertThrows(UnusableQueueException.class, () -> RunQueue.open(underAFile));
        assertTrue(e.getMessage().startsWith(underAFile + ": cannot create its directory"), e.getMessage());
    }

    @Test
    void stateSurvivesReopening() {
        queue.enqueue(TestRecords.variants("a", 2), 2);
        queue.complete(claimId("w"), RunStatus.DONE);
        queue.close();
        queue = RunQueue.open(dir.resolve("sub/queue.db"), clock);
        assertEquals(1, queue.counts("a").get(RunStatus.DONE));
        assertEquals("r01", claimId("w"));
    }

    @Test
    void heartbeatHelperBeatsUntilClosed() throws Exception {
        queue.enqueue(TestRecords.variants("a", 1), 3);
        queue.claim("w1", STALE, null).orElseThrow();
        clock.set(2_000_000L);
        try (Heartbeat hb = Heartbeat.start(queue, "r00", "w1", Duration.ofMillis(20))) {
            waitUntil(() -> Instant.ofEpochMilli(2_000_000L).equals(row("r00").heartbeatAt()));
            assertFalse(hb.lostOwnership());
        }
        clock.set(9_000_000L);
        Thread.sleep(150); // several intervals: a running helper would have stamped 9_000_000 by now
        assertEquals(Instant.ofEpochMilli(2_000_000L), row("r00").heartbeatAt());
    }

    @Test
    void heartbeatHelperNoticesWhenAnotherWorkerReclaimed() throws Exception {
        queue.enqueue(TestRecords.variants("a", 1), 3);
        queue.claim("w1", STALE, null).orElseThrow();
        try (Heartbeat hb = Heartbeat.start(queue, "r00", "w1", Duration.ofMillis(20))) {
            // A worker whose clock is 10 s ahead sees w1's beats (stamped 1_000_000) as stale.
            try (RunQueue later = RunQueue.open(dir.resolve("sub/queue.db"), new TestClock(1_010_000L))) {
                assertTrue(later.claim("w2", STALE, null).orElseThrow().reclaimed());
            }
            waitUntil(hb::lostOwnership);
        }
        assertEquals("w2", row("r00").worker());
    }

    private static void waitUntil(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 5 s");
            }
            Thread.sleep(10);
        }
    }
}
