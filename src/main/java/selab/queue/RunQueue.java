package selab.queue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The {@link WorkQueue} in one SQLite file (the CLI's default: {@code <results>/queue.db}) that several worker processes share.
 * Each run id is trained once even when several experiments request it: table {@code runs} holds one row per run
 * id, table {@code memberships} records which experiments (and under which variant name) asked for it.
 *
 * <p>Cross-process safety: WAL journal (readers never block the writer), a {@value #BUSY_TIMEOUT_MS} ms busy
 * timeout (writers wait for each other instead of failing), and every read-modify-write in one
 * {@code BEGIN IMMEDIATE} transaction, which takes the database's single write lock before reading, so two
 * workers can never claim the same run. Every write about a claimed run matches the claim's token
 * ({@code claim_token}), so a worker that lost its claim changes nothing. Each claim stores its holder's heartbeat
 * interval, timeout and current deadline ({@code deadline_at}); a run is reclaimed only past that deadline, or once
 * {@link #expire} says its holder is dead. Before every transaction the file is checked to be the one opened: a
 * queue deleted or replaced under a running worker stops it ({@link QueueFileGoneException}).
 *
 * <p>One instance owns one JDBC connection; its methods are synchronized so threads of one process may
 * share it. Open one instance per process (or per thread, for more parallel claims).
 *
 * <p>The statements and the claim's state transitions are {@link JdbcQueue}'s; this class adds the file, its
 * schema, and SQLite's transactions and clock.
 */
public final class RunQueue extends JdbcQueue {
    static final int BUSY_TIMEOUT_MS = 30_000;
    /** SQLite's result code for a file that is not a database (the first read of its header tells). */
    private static final int SQLITE_NOTADB = 26;

    private static final String SCHEMA_RUNS = """
            CREATE TABLE IF NOT EXISTS runs (
              id TEXT PRIMARY KEY,
              experiment TEXT NOT NULL,
              variant TEXT NOT NULL,
              seed INTEGER NOT NULL,
              config_json TEXT NOT NULL,
              state TEXT NOT NULL CHECK (state IN ('queued','running','done','failed','diverged')),
              attempts INTEGER NOT NULL DEFAULT 0,
              max_attempts INTEGER NOT NULL,
              worker TEXT,
              claimed_at INTEGER,
              heartbeat_at INTEGER,
              finished_at INTEGER,
              error TEXT,
              enqueued_at INTEGER NOT NULL)""";
    /**
     * Columns added after the first release; {@link #addMissingColumns} adds them to older files. failed_attempts
     * counts errors (against max_attempts), reclaims counts take-overs, stalls counts take-overs since the last
     * checkpoint; the claim_* to deadline_at columns describe the current claim.
     */
    private static final Map<String, String> ADDED_COLUMNS = columns(
            "failed_attempts", "INTEGER NOT NULL DEFAULT 0",
            "reclaims", "INTEGER NOT NULL DEFAULT 0",
            "stalls", "INTEGER NOT NULL DEFAULT 0",
            "epochs_done", "INTEGER NOT NULL DEFAULT 0",
            "claim_token", "TEXT",
            "holder_node", "TEXT",
            "heartbeat_every_ms", "INTEGER",
            "lease_ms", "INTEGER",
            "deadline_at", "INTEGER");
    private static final String SCHEMA_MEMBERSHIPS = """
            CREATE TABLE IF NOT EXISTS memberships (
              experiment TEXT NOT NULL,
              id TEXT NOT NULL REFERENCES runs(id),
              variant TEXT NOT NULL,
              PRIMARY KEY (experiment, id))""";

    private final Path file;
    private final Clock clock;
    /** The opened file's identity (inode), once it exists; null on file systems without one. */
    private Object fileKey;
    private boolean fileSeen;

    private RunQueue(Path file, Connection connection, Clock clock) {
        super(file.toString(), "runs", "memberships", "rowid", connection);
        this.file = file;
        this.clock = clock;
    }

    public static RunQueue open(Path db) {
        return open(db, Clock.systemUTC());
    }

    /** Opens the queue with a clock for every timestamp (tests move it to make heartbeats stale). */
    public static RunQueue open(Path db, Clock clock) {
        try {
            Path parent = db.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
        } catch (IOException e) {
            throw new UnusableQueueException(db, "cannot create its directory (" + e.getMessage() + ")", e);
        }
        Connection c;
        try {
            c = DriverManager.getConnection("jdbc:sqlite:" + db.toAbsolutePath());
        } catch (SQLException e) {
            throw new QueueException("Cannot open queue " + db + ": " + e.getMessage(), e);
        }
        try {
            RunQueue queue = new RunQueue(db, c, clock);
            try (Statement s = c.createStatement()) {
                // Busy timeout first: switching to WAL and creating tables may meet another process's lock.
                s.execute("PRAGMA busy_timeout = " + BUSY_TIMEOUT_MS);
                s.execute("PRAGMA journal_mode = WAL");
                s.execute("PRAGMA foreign_keys = ON");
            }
            queue.inTransaction("create schema", () -> {
                try (Statement s = c.createStatement()) {
                    s.execute(SCHEMA_RUNS);
                    s.execute(SCHEMA_MEMBERSHIPS);
                    queue.addMissingColumns(s);
                    s.execute("CREATE INDEX IF NOT EXISTS runs_by_state ON runs(state, enqueued_at)");
                    s.execute("CREATE INDEX IF NOT EXISTS memberships_by_id ON memberships(id)");
                }
                return null;
            });
            return queue;
        } catch (SQLException e) {
            closeQuietly(c);
            if (e.getErrorCode() == SQLITE_NOTADB) {
                throw new UnusableQueueException(db, "not a queue: SQLite reads it as no database at all; allowed: a"
                        + " queue file made by selab, or a path where none exists yet", e);
            }
            throw new QueueException("Cannot open queue " + db + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            closeQuietly(c);
            throw e;
        }
    }

    public Path file() {
        return file;
    }

    @Override
    public synchronized void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            throw failure("close", e);
        }
    }

    /** Adds the {@link #ADDED_COLUMNS} a file made by an older selab lacks; a running claim keeps a 5-minute lease. */
    private void addMissingColumns(Statement s) throws SQLException {
        Set<String> present = new HashSet<>();
        try (ResultSet rs = s.executeQuery("PRAGMA table_info(runs)")) {
            while (rs.next()) {
                present.add(rs.getString("name"));
            }
        }
        if (present.containsAll(ADDED_COLUMNS.keySet())) {
            return;
        }
        for (Map.Entry<String, String> c : ADDED_COLUMNS.entrySet()) {
            if (!present.contains(c.getKey())) {
                s.execute("ALTER TABLE runs ADD COLUMN " + c.getKey() + " " + c.getValue());
            }
        }
        // Older files counted every claim as an attempt; their running rows get the old default timeout.
        s.execute("UPDATE runs SET lease_ms = 300000, heartbeat_every_ms = 60000, deadline_at = heartbeat_at + 300000"
                + " WHERE state = 'running' AND deadline_at IS NULL");
    }

    private static Map<String, String> columns(String... nameThenType) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < nameThenType.length; i += 2) {
            m.put(nameThenType[i], nameThenType[i + 1]);
        }
        return m;
    }

    /**
     * Fails when the file is no longer the one this connection opened (deleted, or replaced by another): SQLite
     * would go on writing to the unlinked file, and no other process would ever see it.
     */
    private void checkFile() {
        Object key;
        try {
            key = Files.readAttributes(file, BasicFileAttributes.class).fileKey();
        } catch (NoSuchFileException e) {
            if (!fileSeen) {
                return; // not written yet
            }
            throw gone("was deleted");
        } catch (IOException e) {
            throw new QueueException("Queue " + file + ": cannot check the file: " + e.getMessage(), e);
        }
        if (!fileSeen) {
            fileSeen = true;
            fileKey = key;
        } else if (!Objects.equals(fileKey, key)) {
            throw gone("was replaced by another file");
        }
    }

    private QueueFileGoneException gone(String what) {
        return new QueueFileGoneException("Queue " + file + " " + what + " while this process had it open;"
                + " stop its workers and run `selab run SPEC` again (finished records are read back from the results"
                + " tree, interrupted runs resume from their checkpoints)");
    }

    @Override
    long now() {
        return clock.millis();
    }

    /** Runs {@code work} holding the database's write lock from the first read (BEGIN IMMEDIATE). */
    @Override
    <T> T inTransaction(String what, SqlWork<T> work) {
        checkFile();
        try (Statement s = connection.createStatement()) {
            s.execute("BEGIN IMMEDIATE");
            try {
                T result = work.run();
                s.execute("COMMIT");
                return result;
            } catch (SQLException | RuntimeException | Error e) {
                try {
                    s.execute("ROLLBACK");
                } catch (SQLException rollback) {
                    e.addSuppressed(rollback);
                }
                throw e;
            }
        } catch (SQLException e) {
            throw failure(what, e);
        }
    }

    /** Reads outside a transaction: WAL readers never wait for the write lock, nor keep a writer waiting. */
    @Override
    <T> T read(String what, SqlWork<T> work) {
        checkFile();
        try {
            return work.run();
        } catch (SQLException e) {
            throw failure(what, e);
        }
    }

    /** Nothing to add: BEGIN IMMEDIATE already holds the database's single write lock. */
    @Override
    void serializeEnqueues() {}

    /** None: BEGIN IMMEDIATE holds the database's single write lock, so no other claim runs meanwhile. */
    @Override
    String claimLock() {
        return "";
    }

    @Override
    String containsParameter(String column) {
        return "instr(" + column + ", ?) > 0";
    }
}
