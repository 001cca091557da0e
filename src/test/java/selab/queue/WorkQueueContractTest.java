package selab.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import selab.plan.Variant;
import selab.results.RunStatus;
import selab.results.TestRecords;

/**
 * The {@link WorkQueue} contract, run against every backend: {@link RunQueueTest} (SQLite) and
 * {@link PostgresQueueTest} (a real PostgreSQL server). Every expectation here is the contract's, written out by
 * hand (times, counts, states), never read back from the implementation under test. Times come from a
 * {@link TestClock} the test moves, so a claim goes stale without sleeping.
 */
abstract class WorkQueueContractTest {
    static final Duration TIMEOUT = Duration.ofSeconds(5);

    protected final TestClock clock = new TestClock(1_000_000L);
    protected WorkQueue queue;

    /**
     * Opens the backend's queue with every timestamp taken from {@code clock}; within one test every call opens
     * the same storage (so {@link #stateSurvivesReopening} reopens it).
     */
    protected abstract WorkQueue open(TestClock clock);

    @BeforeEach
    void openQueue() {
        queue = open(clock);
    }

    @AfterEach
    void closeQueue() {
        if (queue != null) { // null when the backend could not be started and the test was skipped
            queue.close();
        }
    }

    /** A claim request of worker {@code w} with a fresh token and a lease of {@code timeout}. */
    static ClaimRequest request(String worker, Duration timeout, String experimentOrNull) {
        return new ClaimRequest(worker, ClaimRequest.newToken(), "test-node", Lease.of(timeout), experimentOrNull, null);
    }

    protected Optional<Claim> claim(String worker) {
        return queue.claim(request(worker, TIMEOUT, null));
    }

    protected String claimId(String worker) {
        return claim(worker).map(Claim::id).orElse(null);
    }

    protected QueuedRun row(String id) {
        return queue.list(null).stream().filter(r -> r.id().equals(id)).findFirst().orElseThrow();
    }

    protected HeldRun held(String id) {
        return queue.held(null).stream().filter(h -> h.id().equals(id)).findFirst().orElseThrow();
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
        Claim c = queue.claim(request("w", TIMEOUT, "b")).orElseThrow();
        assertEquals("shared", c.id());
        assertEquals("b", c.experiment());
        assertEquals("baseline-se", c.variant());
        assertTrue(queue.complete(c, RunStatus.DONE));
        assertEquals(1, queue.counts("a").get(RunStatus.DONE));
        assertEquals(1, queue.counts("b").get(RunStatus.DONE));
        assertEquals(Optional.empty(), queue.claim(request("w", TIMEOUT, "b")));
        assertEquals("onlyA", queue.claim(request("w", TIMEOUT, "a")).orElseThrow().id());
    }

    @Test
    void doneRunIsNotRequeued() {
        queue.enqueue(TestRecords.variants("a", 1), 2);
        assertTrue(queue.complete(claim("w").orElseThrow(), RunStatus.DONE));
        assertEquals(0, queue.enqueue(TestRecords.variants("a", 1), 2));
        assertEquals(Optional.empty(), claim("w"));
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
    void claimCarriesTheRunItsConfigAndItsOwnTerms() {
        queue.enqueue(List.of(TestRecords.variant("a", "se-r16", "abc123")), 3);
        ClaimRequest req = new ClaimRequest("w1", ClaimRequest.newToken(), "node-1", Lease.of(Duration.ofSeconds(50)),
                null, null);
        Claim c = queue.claim(req).orElseThrow();
        assertEquals("abc123", c.id());
        assertEquals("a", c.experiment());
        assertEquals("se-r16", c.variant());
        assertEquals(7, c.seed());
        assertEquals(1, c.attempt());
        assertEquals(0, c.failedAttempts());
        assertEquals(3, c.maxAttempts());
        assertEquals(req.token(), c.token());
        assertFalse(c.reclaimed());
        assertNull(c.previousWorker());
        assertEquals(TestRecords.config(16), c.config());
        QueuedRun r = row("abc123");
        assertEquals(RunStatus.RUNNING, r.state());
        assertEquals("w1", r.worker());
        assertEquals(Instant.ofEpochMilli(1_000_000L), r.claimedAt());
        assertEquals(Instant.ofEpochMilli(1_000_000L), r.heartbeatAt());
        assertEquals(Instant.ofEpochMilli(1_050_000L), r.deadline(), "claim time + the claimer's 50 s timeout");
        assertEquals(new HeldRun("abc123", "w1", req.token(), "node-1", Instant.ofEpochMilli(1_050_000L)),
                held("abc123"));
        // Lease.of: 5 beats per timeout (50 s -> 10 s), at most one a minute (600 s -> 60 s)
        assertEquals(Duration.ofSeconds(10), c.lease().heartbeatEvery());
        assertEquals(Duration.ofSeconds(60), Lease.of(Duration.ofSeconds(600)).heartbeatEvery());
    }

    @Test
    void claimFilteredByExperimentSkipsOtherExperiments() {
        queue.enqueue(TestRecords.variants("a", 2), 1);
        queue.enqueue(List.of(TestRecords.variant("b", "v", "onlyB")), 1);
        assertEquals("onlyB", queue.claim(request("w", TIMEOUT, "b")).orElseThrow().id());
        assertEquals(Optional.empty(), queue.claim(request("w", TIMEOUT, "b")));
        assertEquals(Optional.empty(), queue.claim(request("w", TIMEOUT, "nope")));
    }

    @Test
    void heartbeatMovesTheClaimsOwnDeadline() {
        queue.enqueue(TestRecords.variants("a", 1), 3);
        Claim c = claim("w1").orElseThrow();
        clock.advance(4_000);
        assertTrue(queue.heartbeat(c));
        assertEquals(Instant.ofEpochMilli(1_009_000L), row("r00").deadline());
        clock.advance(4_000); // 8 s after the claim but only 4 s after the last heartbeat
        assertEquals(Optional.empty(), claim("w2"));
    }

    /** Issue 11, defect 2(b): a worker with a short --stale-after must not take over a run claimed with a long one. */
    @Test
    void aRunIsReclaimedOnlyPastTheDeadlineItsHolderSetNotTheClaimersTimeout() {
        queue.enqueue(TestRecords.variants("a", 1), 2);
        Claim slow = queue.claim(request("default", Duration.ofSeconds(300), null)).orElseThrow();
        assertEquals(Duration.ofSeconds(60), slow.lease().heartbeatEvery());
        clock.advance(59_000);
        assertTrue(queue.heartbeat(slow)); // beats every 60 s
        clock.advance(59_000); // 59 s since its last beat: stale by a 10 s worker's own standard, not by its claim's
        assertEquals(Optional.empty(), queue.claim(request("impatient", Duration.ofSeconds(10), null)));
        clock.advance(300_000 - 59_000); // exactly at the deadline: still held
        assertEquals(Optional.empty(), queue.claim(request("impatient", Duration.ofSeconds(10), null)));
        clock.advance(1);
        Claim taken = queue.claim(request("impatient", Duration.ofSeconds(10), null)).orElseThrow();
        assertTrue(taken.reclaimed());
        assertEquals("default", taken.previousWorker());
        assertFalse(queue.heartbeat(slow), "the old holder's token no longer counts");
    }

    /** Issue 11, defect 2(c) at the queue: a worker that lost its claim changes nothing, whatever its worker id. */
    @Test
    void everyWriteOfALostClaimChangesNothing() {
        queue.enqueue(TestRecords.variants("a", 1), 3);
        Claim first = claim("host-4242").orElseThrow();
        assertTrue(queue.expire(held("r00")));
        Claim second = claim("host-4242").orElseThrow(); // the same worker id: only the token tells them apart
        assertTrue(second.reclaimed());
        assertFalse(queue.heartbeat(first));
        assertFalse(queue.checkpoint(first, 3));
        assertFalse(queue.complete(first, RunStatus.DONE));
        assertEquals(Optional.empty(), queue.fail(first, "boom"));
        assertFalse(queue.release(first, false));
        assertFalse(queue.expire(new HeldRun("r00", "host-4242", first.token(), "test-node", null)));
        QueuedRun r = row("r00");
        assertEquals(RunStatus.RUNNING, r.state());
        assertEquals(0, r.epochsDone());
        assertEquals(0, r.failedAttempts());
        assertNull(r.error());
        assertEquals(second.token(), held("r00").token());
        assertTrue(queue.checkpoint(second, 2));
        assertTrue(queue.complete(second, RunStatus.DONE));
        assertEquals(RunStatus.DONE, row("r00").state());
        assertEquals(2, row("r00").epochsDone());
    }

    /** Issue 11, defect 3: kills (reclaims) do not use up attempts; the run stays resumable, with a sane history. */
    @Test
    void reclaimsDoNotUseAttempts() {
        queue.enqueue(TestRecords.variants("a", 1), 2);
        Claim c = claim("w1").orElseThrow();
        assertTrue(queue.checkpoint(c, 1));
        for (int kill = 1; kill <= 3; kill++) {
            assertTrue(queue.expire(held("r00"))); // its process died (lock released)
            c = claim("w" + (kill + 1)).orElseThrow();
            assertTrue(c.reclaimed());
            assertEquals(0, c.failedAttempts());
            assertEquals(kill + 1, c.attempt());
        }
        clock.advance(5_001); // and a lapse by deadline counts the same way
        c = claim("w9").orElseThrow();
        QueuedRun r = row("r00");
        assertEquals(RunStatus.RUNNING, r.state());
        assertEquals(0, r.failedAttempts());
        assertEquals(4, r.reclaims());
        assertEquals(5, r.attempts());
        assertEquals(1, r.epochsDone());
        assertNull(r.error());
        assertTrue(queue.complete(c, RunStatus.DONE));
    }

    @Test
    void aRunWhoseWorkersKeepDyingBeforeACheckpointFailsWithAClearMessage() {
        int limit = WorkQueue.RECLAIMS_WITHOUT_PROGRESS_LIMIT;
        queue.enqueue(TestRecords.variants("a", 2), 2);
        Claim c = claim("w").orElseThrow();
        for (int death = 1; death <= 3; death++) {
            assertTrue(queue.expire(held("r00")));
            c = claim("w").orElseThrow();
        }
        assertTrue(queue.checkpoint(c, 1)); // progress: the deaths before it do not count any more
        for (int death = 1; death < limit; death++) {
            assertTrue(queue.expire(held("r00")));
            assertEquals("r00", claimId("w"), "death " + death + " after the checkpoint: taken over");
        }
        assertTrue(queue.expire(held("r00")));
        assertEquals("r01", claimId("w"), "the crash-looping run is failed, the next one claimed");
        QueuedRun r = row("r00");
        assertEquals(RunStatus.FAILED, r.state());
        assertTrue(r.error().startsWith("its workers died or lapsed " + limit
                + " times in a row without reaching a new checkpoint"), r.error());
        assertTrue(r.error().contains("its process is gone"), r.error());
        assertFalse(r.error().matches(".*\\d{10,}.*"), "no raw timestamps in the message: " + r.error());
        assertEquals(0, r.failedAttempts());
    }

    @Test
    void failRequeuesUntilMaxAttemptsThenKeepsTheError() {
        queue.enqueue(TestRecords.variants("a", 1), 3);
        for (int attempt = 1; attempt <= 2; attempt++) {
            Claim c = claim("w").orElseThrow();
            assertEquals(attempt, c.attempt());
            assertEquals(attempt - 1, c.failedAttempts());
            assertEquals(Optional.of(RunStatus.QUEUED), queue.fail(c, "boom" + attempt));
            assertEquals("boom" + attempt, row("r00").error());
        }
        Claim last = claim("w").orElseThrow();
        assertEquals(3, last.attempt());
        assertEquals(Optional.of(RunStatus.FAILED), queue.fail(last, "boom3"));
        assertEquals(Optional.empty(), claim("w"));
        QueuedRun r = row("r00");
        assertEquals(RunStatus.FAILED, r.state());
        assertEquals("boom3", r.error());
        assertEquals(3, r.attempts());
        assertEquals(3, r.failedAttempts());
        assertEquals(Instant.ofEpochMilli(1_000_000L), r.finishedAt());
        assertTrue(queue.held(null).isEmpty());
    }

    /** Issue 11, defect 6 at the queue: the limit can be raised for queued runs, and reopens failed ones. */
    @Test
    void maxAttemptsCanBeChangedForRunsAlreadyQueued() {
        queue.enqueue(TestRecords.variants("a", 2), 1);
        queue.enqueue(List.of(TestRecords.variant("b", "v", "other")), 1);
        assertEquals(Optional.of(RunStatus.FAILED), queue.fail(claim("w").orElseThrow(), "boom")); // r00
        assertEquals(1, queue.setMaxAttempts("a", 3), "r00 has attempts left again");
        assertEquals(RunStatus.QUEUED, row("r00").state());
        assertEquals(3, row("r01").maxAttempts());
        assertEquals(1, row("other").maxAttempts(), "another experiment's runs keep theirs");
        Claim again = claim("w").orElseThrow();
        assertEquals("r00", again.id());
        assertEquals(1, again.failedAttempts());
        // A claim may set the limit too (a worker's --max-attempts).
        ClaimRequest strict = new ClaimRequest("w", ClaimRequest.newToken(), "n", Lease.of(TIMEOUT), null, 1);
        Claim c = queue.claim(strict).orElseThrow();
        assertEquals("r01", c.id());
        assertEquals(1, c.maxAttempts());
        assertEquals(Optional.of(RunStatus.FAILED), queue.fail(c, "once is enough"));
    }

    @Test
    void releaseQueuesTheRunWithoutUsingAnAttempt() {
        queue.enqueue(TestRecords.variants("a", 1), 1);
        Claim stopped = claim("w").orElseThrow();
        assertTrue(queue.checkpoint(stopped, 2));
        assertTrue(queue.release(stopped, false));
        QueuedRun r = row("r00");
        assertEquals(RunStatus.QUEUED, r.state());
        assertEquals(1, r.attempts(), "a started attempt stays counted");
        assertEquals(0, r.failedAttempts());
        assertEquals(2, r.epochsDone());
        Claim unstarted = claim("w").orElseThrow();
        assertFalse(unstarted.reclaimed());
        assertTrue(queue.release(unstarted, true));
        assertEquals(1, row("r00").attempts(), "an unstarted one is not counted");
    }

    @Test
    void retryFailedRequeuesOnlyThatExperimentWithAttemptsReset() {
        queue.enqueue(List.of(TestRecords.variant("a", "v", "ra")), 1);
        queue.enqueue(List.of(TestRecords.variant("b", "v", "rb")), 1);
        for (int i = 0; i < 2; i++) {
            assertEquals(Optional.of(RunStatus.FAILED), queue.fail(claim("w").orElseThrow(), "bad"));
        }
        assertEquals(1, queue.retryFailed("a"));
        assertEquals(0, queue.retryFailed("a"));
        assertEquals(1, queue.counts("a").get(RunStatus.QUEUED));
        assertEquals(1, queue.counts("b").get(RunStatus.FAILED));
        assertNull(row("ra").error());
        Claim again = claim("w").orElseThrow();
        assertEquals("ra", again.id());
        assertEquals(1, again.attempt());
        assertEquals(0, again.failedAttempts());
        assertEquals(1, queue.retryFailed(null));
    }

    @Test
    void retryFailedWithRequeuesOnlyFailuresWhoseErrorContainsTheCauseLiterally() {
        queue.enqueue(TestRecords.variants("a", 3), 1);
        assertEquals(Optional.of(RunStatus.FAILED), queue.fail(claim("w").orElseThrow(), "CUDA out of memory, 100%"));
        assertEquals(Optional.of(RunStatus.FAILED), queue.fail(claim("w").orElseThrow(), "NaN loss"));
        assertEquals(0, queue.retryFailedWith("a", "OUT OF MEMORY"), "the cause's case counts");
        assertEquals(0, queue.retryFailedWith("a", "N_N"), "no wildcards");
        assertEquals(0, queue.retryFailedWith("b", "NaN"), "another experiment's runs");
        assertEquals(1, queue.retryFailedWith("a", "memory, 100%"));
        assertEquals(RunStatus.QUEUED, row("r00").state());
        assertEquals(0, row("r00").attempts());
        assertEquals(RunStatus.FAILED, row("r01").state());
        assertEquals(1, queue.retryFailedWith(null, "NaN"));
        assertEquals(RunStatus.QUEUED, row("r01").state());
    }

    /** Issue 11, defects 1 and 7: the records decide; the queue follows them whatever it said. */
    @Test
    void reconcileFollowsTheRecords() {
        queue.enqueue(TestRecords.variants("a", 5), 2);
        Claim r00 = claim("w").orElseThrow(); // recorded done, but the queue was never told (its write failed)
        assertTrue(queue.complete(claim("w").orElseThrow(), RunStatus.DONE)); // r01: its directory was deleted since
        assertTrue(queue.complete(claim("w").orElseThrow(), RunStatus.DONE)); // r02: not checked (no evidence)
        // r03 queued but recorded diverged (a fresh queue over an old results tree); r04 queued, no record
        Reconciliation r = queue.reconcile(new RecordedRuns(Set.of("r00", "r01", "r03", "r04"),
                Map.of("r00", RunStatus.DONE, "r03", RunStatus.DIVERGED)));
        assertEquals(List.of("r00", "r03"), r.finished());
        assertEquals(List.of("r01"), r.requeued());
        assertEquals(RunStatus.DONE, row("r00").state());
        assertEquals(RunStatus.QUEUED, row("r01").state());
        assertEquals(0, row("r01").attempts());
        assertEquals(RunStatus.DONE, row("r02").state());
        assertEquals(RunStatus.DIVERGED, row("r03").state());
        assertEquals(RunStatus.QUEUED, row("r04").state());
        assertTrue(queue.complete(r00, RunStatus.DONE), "the holder's late completion agrees with the reconcile");
        assertTrue(queue.reconcile(new RecordedRuns(Set.of("r00"), Map.of("r00", RunStatus.DONE))).changedNothing());
    }

    @Test
    void countsCoverEveryState() {
        queue.enqueue(TestRecords.variants("a", 6), 1);
        queue.enqueue(List.of(TestRecords.variant("b", "v", "other")), 1);
        queue.complete(claim("w").orElseThrow(), RunStatus.DONE); // r00
        queue.complete(claim("w").orElseThrow(), RunStatus.DIVERGED); // r01
        queue.fail(claim("w").orElseThrow(), "x"); // r02, max 1 attempt
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
        Claim c = claim("w").orElseThrow();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> queue.complete(c, RunStatus.FAILED));
        assertTrue(e.getMessage().contains("done|diverged"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> queue.enqueue(TestRecords.variants("a", 1), 0));
        assertThrows(IllegalArgumentException.class, () -> queue.setMaxAttempts("a", 0));
        assertThrows(IllegalArgumentException.class, () -> Lease.of(Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> new ClaimRequest(" ", "t", "n", Lease.of(TIMEOUT), null, null));
        assertThrows(IllegalArgumentException.class,
                () -> new ClaimRequest("w", "t", "n", Lease.of(TIMEOUT), null, 0));
    }

    /** Claims made at once over several connections (processes, machines) never hand out one run twice. */
    @Test
    void concurrentClaimsOnSeparateConnectionsNeverShareARun() throws Exception {
        int runs = 40;
        int threads = 4;
        List<Variant> variants = TestRecords.variants("c", runs);
        assertEquals(runs, queue.enqueue(variants, 1));
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<List<String>>> results = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            String worker = "t" + t;
            results.add(pool.submit(() -> {
                List<String> got = new ArrayList<>();
                try (WorkQueue own = open(clock)) {
                    start.await();
                    for (Optional<Claim> c; (c = own.claim(request(worker, TIMEOUT, null))).isPresent(); ) {
                        got.add(c.get().id());
                        assertTrue(own.complete(c.get(), RunStatus.DONE), "lost claim " + c.get());
                    }
                }
                return got;
            }));
        }
        start.countDown();
        List<String> claimed = new ArrayList<>();
        try {
            for (Future<List<String>> f : results) {
                claimed.addAll(f.get(120, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(runs, claimed.size(), "each run claimed once, none twice: " + claimed);
        assertEquals(variants.stream().map(Variant::id).collect(Collectors.toCollection(TreeSet::new)),
                new TreeSet<>(claimed));
        assertEquals(runs, queue.counts("c").get(RunStatus.DONE));
    }

    /**
     * Two machines enqueueing overlapping plans at once (two specs sharing a baseline, in different orders) both
     * succeed: in PostgreSQL, row-by-row inserts of the same keys in opposite orders deadlock unless serialised.
     */
    @Test
    void overlappingEnqueuesOnSeparateConnectionsInOppositeOrdersBothSucceed() throws Exception {
        int rounds = 15;
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try (WorkQueue first = open(clock); WorkQueue second = open(clock)) {
            for (int round = 0; round < rounds; round++) {
                List<Variant> plan = new ArrayList<>();
                for (int i = 0; i < 30; i++) {
                    plan.add(TestRecords.variant("e" + round, "v" + i, String.format("x%02d-%02d", round, i)));
                }
                List<Variant> reversed = new ArrayList<>(plan);
                java.util.Collections.reverse(reversed);
                CountDownLatch start = new CountDownLatch(1);
                Future<Integer> a = pool.submit(() -> {
                    start.await();
                    return first.enqueue(plan, 2);
                });
                Future<Integer> b = pool.submit(() -> {
                    start.await();
                    return second.enqueue(reversed, 2);
                });
                start.countDown();
                int added = a.get(60, TimeUnit.SECONDS) + b.get(60, TimeUnit.SECONDS);
                assertEquals(30, added, "round " + round + ": each run added once");
                assertEquals(30, queue.counts("e" + round).get(RunStatus.QUEUED), "round " + round);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void stateSurvivesReopening() {
        queue.enqueue(TestRecords.variants("a", 2), 2);
        queue.complete(claim("w").orElseThrow(), RunStatus.DONE);
        queue.close();
        queue = open(clock);
        assertEquals(1, queue.counts("a").get(RunStatus.DONE));
        assertEquals("r01", claimId("w"));
    }

    @Test
    void heartbeatHelperBeatsUntilClosed() throws Exception {
        queue.enqueue(TestRecords.variants("a", 1), 3);
        Claim c = queue.claim(new ClaimRequest("w1", ClaimRequest.newToken(), "n",
                new Lease(Duration.ofMillis(20), Duration.ofSeconds(5)), null, null)).orElseThrow();
        clock.set(2_000_000L);
        try (Heartbeat hb = Heartbeat.start(queue, c)) {
            waitUntil(() -> Instant.ofEpochMilli(2_000_000L).equals(row("r00").heartbeatAt()));
            assertTrue(hb.held());
            assertEquals(Instant.ofEpochMilli(2_005_000L), row("r00").deadline());
        }
        clock.set(9_000_000L);
        Thread.sleep(150); // several intervals: a running helper would have stamped 9_000_000 by now
        assertEquals(Instant.ofEpochMilli(2_000_000L), row("r00").heartbeatAt());
    }

    @Test
    void heartbeatHelperNoticesWhenAnotherWorkerTookTheRunOver() throws Exception {
        queue.enqueue(TestRecords.variants("a", 1), 3);
        Claim c = queue.claim(new ClaimRequest("w1", ClaimRequest.newToken(), "n",
                new Lease(Duration.ofMillis(20), Duration.ofSeconds(5)), null, null)).orElseThrow();
        try (Heartbeat hb = Heartbeat.start(queue, c)) {
            assertTrue(queue.expire(held("r00")));
            assertTrue(claim("w2").orElseThrow().reclaimed());
            waitUntil(() -> !hb.held());
            ClaimLostException lost = assertThrows(ClaimLostException.class, hb::confirm);
            assertTrue(lost.getMessage().contains("another worker took it over"), lost.getMessage());
        }
        assertEquals("w2", row("r00").worker());
    }

    @Test
    void heartbeatHelperStopsVouchingOnceItCouldNotExtendTheClaimForATimeout() throws Exception {
        queue.enqueue(TestRecords.variants("a", 1), 3);
        Claim c = queue.claim(new ClaimRequest("w1", ClaimRequest.newToken(), "n",
                new Lease(Duration.ofMillis(20), Duration.ofMillis(200)), null, null)).orElseThrow();
        WorkQueue unreachable = FaultyQueue.failing(queue, Set.of("heartbeat"),
                () -> new QueueException("database is locked", null));
        try (Heartbeat hb = Heartbeat.start(unreachable, c)) { // every beat fails, as if the disk hung
            assertTrue(hb.held());
            Thread.sleep(300);
            assertFalse(hb.held(), "not extended within 200 ms: another worker may have it by now");
            assertThrows(ClaimLostException.class, hb::confirm);
        }
        try (Heartbeat hb = Heartbeat.start(queue, c)) {
            hb.confirm(); // nobody took it: a synchronous extension makes it ours again
            assertTrue(hb.held());
        }
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
