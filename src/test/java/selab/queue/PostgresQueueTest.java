package selab.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import selab.results.RunStatus;
import selab.results.TestRecords;

/**
 * The queue contract on a real PostgreSQL server (a fresh database per test; skipped, saying why, where no server
 * can be started: see {@link TestPostgres}), plus what only the PostgreSQL backend has: the database's clock,
 * schema creation and versioning, reconnection.
 */
class PostgresQueueTest extends WorkQueueContractTest {
    private String url;

    @Override
    protected WorkQueue open(TestClock clock) {
        if (url == null) {
            url = TestPostgres.newDatabase();
        }
        return PostgresQueue.open(url, clock);
    }

    private List<Integer> versionRows() throws SQLException {
        List<Integer> versions = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT version FROM selab_schema_version ORDER BY version")) {
            while (rs.next()) {
                versions.add(rs.getInt(1));
            }
        }
        return versions;
    }

    private long databaseMillis() throws SQLException {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT floor(extract(epoch FROM clock_timestamp()) * 1000)::bigint")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private int selabSessions() throws SQLException {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                        + " AND application_name = 'selab'")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    @Test
    void withoutATestClockEveryTimeIsTheDatabasesAndALapsedClaimIsTakenOver() throws Exception {
        queue.enqueue(TestRecords.variants("a", 1), 2);
        try (PostgresQueue real = PostgresQueue.open(url)) {
            long before = databaseMillis();
            Claim c = real.claim(new ClaimRequest("w1", ClaimRequest.newToken(), "n",
                    new Lease(Duration.ofMillis(100), Duration.ofMillis(800)), null, null)).orElseThrow();
            long after = databaseMillis();
            QueuedRun r = real.list(null).get(0);
            long claimed = r.claimedAt().toEpochMilli();
            assertTrue(claimed >= before - 1 && claimed <= after + 1,
                    "claimed at " + claimed + ", the database said " + before + ".." + after);
            assertEquals(Instant.ofEpochMilli(claimed + 800), r.deadline(), "claim time + the claimer's timeout");
            assertEquals(Optional.empty(), real.claim(request("w2", TIMEOUT, null)), "not lapsed yet");
            Thread.sleep(1_000);
            Claim taken = real.claim(request("w2", TIMEOUT, null)).orElseThrow();
            assertTrue(taken.reclaimed());
            assertEquals("w1", taken.previousWorker());
            assertFalse(real.heartbeat(c), "the lapsed holder's token no longer counts");
            assertTrue(real.heartbeat(taken));
        }
    }

    @Test
    void theSchemaIsCreatedOnFirstUseOnceAndVersioned() throws Exception {
        queue.close();
        url = TestPostgres.newDatabase(); // a database nobody opened yet
        assertEquals(Optional.empty(), PostgresQueue.openExisting(url), "no queue there yet");
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT to_regclass('selab_schema_version') IS NULL"
                        + " AND to_regclass('selab_runs') IS NULL")) {
            rs.next();
            assertTrue(rs.getBoolean(1), "openExisting must not create tables");
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Integer>> opened = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            opened.add(pool.submit(() -> {
                start.await();
                try (PostgresQueue q = PostgresQueue.open(url)) {
                    return q.schemaVersion();
                }
            }));
        }
        start.countDown();
        try {
            for (Future<Integer> f : opened) {
                assertEquals(1, f.get(60, TimeUnit.SECONDS), "eight workers starting together all get version 1");
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(List.of(1), versionRows(), "created once");
        try (PostgresQueue again = PostgresQueue.openExisting(url).orElseThrow()) {
            assertEquals(0, again.list(null).size());
        }
        assertEquals(List.of(1), versionRows(), "reopening migrates nothing");
        queue = open(clock);
    }

    @Test
    void aSchemaNewerThanThisSelabIsRefusedAndLeftAlone() throws Exception {
        queue.enqueue(TestRecords.variants("a", 2), 1);
        queue.close();
        TestPostgres.execute(url, "INSERT INTO selab_schema_version (version, applied_by) VALUES (2, 'selab from the future')");
        UnusableQueueException e = assertThrows(UnusableQueueException.class, () -> PostgresQueue.open(url));
        assertTrue(e.getMessage().startsWith(url + ": its queue schema is version 2, newer than this selab's (1)"),
                e.getMessage());
        assertThrows(UnusableQueueException.class, () -> PostgresQueue.openExisting(url));
        assertEquals(List.of(1, 2), versionRows());
        TestPostgres.execute(url, "DELETE FROM selab_schema_version WHERE version = 2");
        queue = open(clock);
        assertEquals(2, queue.counts("a").get(RunStatus.QUEUED), "the runs were left as they were");
    }

    @Test
    void aDroppedConnectionFailsOneCallAndTheNextReconnects() throws Exception {
        queue.enqueue(TestRecords.variants("a", 1), 2);
        Claim c = claim("w").orElseThrow();
        TestPostgres.execute(url, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname ="
                + " current_database() AND application_name = 'selab' AND pid <> pg_backend_pid()");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (selabSessions() > 0) { // pg_terminate_backend only signals the session; wait until it is gone
            assertTrue(System.nanoTime() < deadline, "the queue's session outlived pg_terminate_backend by 10 s");
            Thread.sleep(20);
        }
        QueueException e = assertThrows(QueueException.class, () -> queue.heartbeat(c));
        assertTrue(e.getMessage().startsWith("Queue " + url + ": cannot heartbeat: "), e.getMessage());
        assertTrue(queue.heartbeat(c), "a new connection, the same claim");
        assertTrue(queue.complete(c, RunStatus.DONE));
        assertEquals(1, queue.counts("a").get(RunStatus.DONE));
    }
}
