package selab.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import selab.results.RunStatus;
import selab.results.TestRecords;

/** The queue contract on the SQLite backend, plus what only a queue file has (a file that is not one, deletion, old files). */
class RunQueueTest extends WorkQueueContractTest {
    @TempDir
    Path dir;

    @Override
    protected WorkQueue open(TestClock clock) {
        return RunQueue.open(dir.resolve("sub/queue.db"), clock);
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

    /** Issue 11, defect 7: a queue file deleted under an open queue is noticed, not written into the void. */
    @Test
    void aDeletedQueueFileIsNoticed() throws Exception {
        queue.enqueue(TestRecords.variants("a", 2), 2);
        Claim c = claim("w").orElseThrow();
        for (String suffix : List.of("", "-wal", "-shm")) {
            Files.deleteIfExists(dir.resolve("sub/queue.db" + suffix));
        }
        QueueFileGoneException e = assertThrows(QueueFileGoneException.class, () -> queue.heartbeat(c));
        assertTrue(e.getMessage().contains(dir.resolve("sub/queue.db") + " was deleted"), e.getMessage());
        assertThrows(QueueFileGoneException.class, () -> claim("w"));
        assertThrows(QueueFileGoneException.class, () -> queue.counts(null));
    }

    @Test
    void aQueueFromAnOlderSelabGetsTheNewColumnsAndItsRunningClaimsATimeout() throws Exception {
        Path old = dir.resolve("old.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + old); Statement s = c.createStatement()) {
            s.execute("""
                    CREATE TABLE runs (id TEXT PRIMARY KEY, experiment TEXT NOT NULL, variant TEXT NOT NULL,
                      seed INTEGER NOT NULL, config_json TEXT NOT NULL, state TEXT NOT NULL, attempts INTEGER NOT NULL
                      DEFAULT 0, max_attempts INTEGER NOT NULL, worker TEXT, claimed_at INTEGER, heartbeat_at INTEGER,
                      finished_at INTEGER, error TEXT, enqueued_at INTEGER NOT NULL)""");
            s.execute("CREATE TABLE memberships (experiment TEXT NOT NULL, id TEXT NOT NULL, variant TEXT NOT NULL,"
                    + " PRIMARY KEY (experiment, id))");
            s.execute("INSERT INTO runs VALUES ('r00', 'a', 'v', 1, '{}', 'running', 1, 2, 'host-1', 5, 1000, NULL, NULL, 1)");
            s.execute("INSERT INTO memberships VALUES ('a', 'r00', 'v')");
        }
        try (RunQueue migrated = RunQueue.open(old, clock)) {
            QueuedRun r = migrated.list("a").get(0);
            assertEquals(RunStatus.RUNNING, r.state());
            assertEquals(Instant.ofEpochMilli(1000 + 300_000), r.deadline());
            assertEquals(0, r.failedAttempts());
            assertEquals(0, r.reclaims());
            Claim c = migrated.claim(request("w", TIMEOUT, null)).orElseThrow(); // the clock is far past that deadline
            assertTrue(c.reclaimed());
        }
    }
}
