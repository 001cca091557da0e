package selab.queue;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import selab.plan.Variant;
import selab.results.Json;
import selab.results.RunStatus;

/**
 * A persistent sweep queue in one SQLite file (the CLI's default: {@code <results>/queue.db}) that several worker
 * processes share. Each run id is trained once even when several experiments request it: table
 * {@code runs} holds one row per run id, table {@code memberships} records which experiments (and under
 * which variant name) asked for it.
 *
 * <p>Cross-process safety: WAL journal (readers never block the writer), a {@value #BUSY_TIMEOUT_MS} ms busy
 * timeout (writers wait for each other instead of failing), and every read-modify-write in one
 * {@code BEGIN IMMEDIATE} transaction, which takes the database's single write lock before reading, so two
 * workers can never claim the same run.
 *
 * <p>A worker keeps its claim alive with {@link #heartbeat} (see {@link Heartbeat}); a {@code running} run
 * whose heartbeat is older than the claimer's {@code staleAfter} is taken to belong to a crashed worker and
 * is reclaimed, counting as a new attempt.
 *
 * <p>One instance owns one JDBC connection; its methods are synchronized so threads of one process may
 * share it. Open one instance per process (or per thread, for more parallel claims).
 */
public final class RunQueue implements AutoCloseable {
    /** SET clause of a run put back in the queue as new: no attempts, error, worker or times. */
    private static final String REQUEUED = "state = 'queued', attempts = 0, error = NULL, worker = NULL, "
            + "finished_at = NULL, claimed_at = NULL, heartbeat_at = NULL";
    static final int BUSY_TIMEOUT_MS = 30_000;
    /** SQLite's result code for a file that is not a database (the first read of its header tells). */
    private static final int SQLITE_NOTADB = 26;
    private static final Logger LOG = LoggerFactory.getLogger(RunQueue.class);

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
    private static final String SCHEMA_MEMBERSHIPS = """
            CREATE TABLE IF NOT EXISTS memberships (
              experiment TEXT NOT NULL,
              id TEXT NOT NULL REFERENCES runs(id),
              variant TEXT NOT NULL,
              PRIMARY KEY (experiment, id))""";

    private final Path file;
    private final Connection connection;
    private final Clock clock;

    private RunQueue(Path file, Connection connection, Clock clock) {
        this.file = file;
        this.connection = connection;
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

    /** A worker id unique per process on this machine: {@code <host>-<pid>}. */
    public static String defaultWorkerId() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            host = "localhost";
        }
        return host + "-" + ProcessHandle.current().pid();
    }

    /**
     * Marks the runs held by dead worker processes of this machine as stale at once, so a rerun after a
     * crash or kill -9 resumes them without waiting for the heartbeat timeout. Workers are recognised by
     * the {@code <host>-<pid>} id of {@link #defaultWorkerId()}.
     *
     * @return how many runs were released
     */
    public synchronized int releaseDeadLocalWorkers() {
        String me = defaultWorkerId();
        String prefix = me.substring(0, me.lastIndexOf('-') + 1);
        return inTransaction("release dead workers", () -> {
            List<String> dead = new java.util.ArrayList<>();
            try (PreparedStatement q = connection.prepareStatement(
                    "SELECT id, worker FROM runs WHERE state = 'running' AND worker LIKE ?")) {
                q.setString(1, prefix + "%");
                try (ResultSet rs = q.executeQuery()) {
                    while (rs.next()) {
                        String pid = rs.getString("worker").substring(prefix.length());
                        if (pid.matches("\\d+") && ProcessHandle.of(Long.parseLong(pid)).isEmpty()) {
                            dead.add(rs.getString("id"));
                        }
                    }
                }
            }
            try (PreparedStatement u = connection.prepareStatement(
                    "UPDATE runs SET heartbeat_at = 0 WHERE id = ? AND state = 'running'")) {
                for (String id : dead) {
                    u.setString(1, id);
                    u.executeUpdate();
                }
            }
            return dead.size();
        });
    }

    public Path file() {
        return file;
    }

    /**
     * Adds runs, idempotently by run id: a run already in the queue (in any state, done included) is left
     * as it is; the variant's experiment is still recorded as a member so its status shows the run.
     *
     * @param maxAttempts how many claims a run gets before it is marked failed (at least 1)
     * @return how many run ids were new
     */
    public synchronized int enqueue(List<Variant> variants, int maxAttempts) {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be >= 1, got " + maxAttempts);
        }
        for (Variant v : variants) {
            if (v.id() == null || v.id().isBlank() || v.experiment() == null || v.name() == null
                    || v.config() == null) {
                throw new IllegalArgumentException("Variant needs id, experiment, name and config; got " + v);
            }
        }
        return inTransaction("enqueue", () -> {
            long now = clock.millis();
            int added = 0;
            try (PreparedStatement run = connection.prepareStatement("""
                            INSERT OR IGNORE INTO runs (id, experiment, variant, seed, config_json, state, attempts,
                              max_attempts, enqueued_at) VALUES (?, ?, ?, ?, ?, 'queued', 0, ?, ?)""");
                    PreparedStatement member = connection.prepareStatement(
                            "INSERT OR IGNORE INTO memberships (experiment, id, variant) VALUES (?, ?, ?)")) {
                for (Variant v : variants) {
                    run.setString(1, v.id());
                    run.setString(2, v.experiment());
                    run.setString(3, v.name());
                    run.setLong(4, v.seed());
                    run.setString(5, configJson(v));
                    run.setInt(6, maxAttempts);
                    run.setLong(7, now);
                    added += run.executeUpdate();
                    member.setString(1, v.experiment());
                    member.setString(2, v.id());
                    member.setString(3, v.name());
                    member.executeUpdate();
                }
            }
            return added;
        });
    }

    /**
     * Atomically hands one run to {@code workerId}: first a {@code running} run whose heartbeat is older than
     * {@code staleAfter} (its worker crashed; resuming it reuses its checkpoints), else the oldest
     * {@code queued} run. A stale run that has used all its attempts is marked failed instead of reclaimed,
     * so a run that kills its worker every time cannot loop forever.
     *
     * @param experimentOrNull only runs this experiment asked for; null = any run
     * @return the claim, or empty if nothing is claimable
     */
    public synchronized Optional<Claim> claim(String workerId, Duration staleAfter, String experimentOrNull) {
        if (workerId == null || workerId.isBlank()) {
            throw new IllegalArgumentException("workerId must not be blank");
        }
        if (staleAfter == null || staleAfter.isNegative() || staleAfter.isZero()) {
            throw new IllegalArgumentException("staleAfter must be positive, got " + staleAfter);
        }
        String filter = experimentOrNull == null ? "" : " AND id IN (SELECT id FROM memberships WHERE experiment = ?)";
        return inTransaction("claim", () -> {
            long now = clock.millis();
            long staleBefore = now - staleAfter.toMillis();
            try (PreparedStatement exhausted = connection.prepareStatement("""
                    UPDATE runs SET state = 'failed', finished_at = ?,
                      error = printf('attempt %d of %d: worker %s stopped heartbeating (last heartbeat %d ms before %d)',
                                     attempts, max_attempts, worker, ? - heartbeat_at, ?)
                    WHERE state = 'running' AND heartbeat_at < ? AND attempts >= max_attempts""" + filter)) {
                exhausted.setLong(1, now);
                exhausted.setLong(2, now);
                exhausted.setLong(3, now);
                exhausted.setLong(4, staleBefore);
                if (experimentOrNull != null) {
                    exhausted.setString(5, experimentOrNull);
                }
                int n = exhausted.executeUpdate();
                if (n > 0) {
                    LOG.warn("{} stale run(s) used all their attempts and were marked failed", n);
                }
            }
            String id;
            String experiment;
            String variant;
            long seed;
            String config;
            int attempt;
            int maxAttempts;
            boolean reclaimed;
            String previousWorker;
            try (PreparedStatement pick = connection.prepareStatement("""
                    SELECT id, experiment, variant, seed, config_json, state, attempts, max_attempts, worker,
                      heartbeat_at FROM runs
                    WHERE (state = 'queued' OR (state = 'running' AND heartbeat_at < ?))"""
                    + filter + " ORDER BY CASE state WHEN 'running' THEN 0 ELSE 1 END, enqueued_at, rowid LIMIT 1")) {
                pick.setLong(1, staleBefore);
                if (experimentOrNull != null) {
                    pick.setString(2, experimentOrNull);
                }
                try (ResultSet rs = pick.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.<Claim>empty();
                    }
                    id = rs.getString("id");
                    experiment = rs.getString("experiment");
                    variant = rs.getString("variant");
                    seed = rs.getLong("seed");
                    config = rs.getString("config_json");
                    reclaimed = rs.getString("state").equals("running");
                    attempt = rs.getInt("attempts") + 1;
                    maxAttempts = rs.getInt("max_attempts");
                    previousWorker = reclaimed ? rs.getString("worker") : null;
                    if (reclaimed) {
                        long beat = rs.getLong("heartbeat_at");
                        // heartbeat 0 = released by releaseDeadLocalWorkers: the process is known to be gone
                        String why = beat == 0 ? "its process is gone" : "no heartbeat for " + (now - beat) + " ms";
                        LOG.warn("Reclaiming run {} from worker {} ({}); attempt {} of {}",
                                id, previousWorker, why, attempt, maxAttempts);
                    }
                }
            }
            if (experimentOrNull != null) {
                experiment = experimentOrNull;
                variant = memberVariant(experimentOrNull, id);
            }
            try (PreparedStatement take = connection.prepareStatement("""
                    UPDATE runs SET state = 'running', worker = ?, attempts = attempts + 1, claimed_at = ?,
                      heartbeat_at = ?, finished_at = NULL WHERE id = ?""")) {
                take.setString(1, workerId);
                take.setLong(2, now);
                take.setLong(3, now);
                take.setString(4, id);
                take.executeUpdate();
            }
            return Optional.of(new Claim(id, experiment, variant, seed, config, attempt, maxAttempts, reclaimed,
                    previousWorker));
        });
    }

    /**
     * Records that {@code workerId} is still training run {@code id}.
     *
     * @return false if the worker no longer owns the run (it was reclaimed or finished): stop training it
     */
    public synchronized boolean heartbeat(String id, String workerId) {
        return inTransaction("heartbeat", () -> {
            try (PreparedStatement s = connection.prepareStatement(
                    "UPDATE runs SET heartbeat_at = ? WHERE id = ? AND worker = ? AND state = 'running'")) {
                s.setLong(1, clock.millis());
                s.setString(2, id);
                s.setString(3, workerId);
                return s.executeUpdate() == 1;
            }
        });
    }

    /** Marks a run finished: {@link RunStatus#DONE} or {@link RunStatus#DIVERGED} (a result, not a failure). */
    public synchronized void complete(String id, RunStatus status) {
        if (status == null || !status.finished()) {
            throw new IllegalArgumentException("complete() takes done|diverged, got " + status
                    + "; use fail() for errors");
        }
        inTransaction("complete", () -> {
            try (PreparedStatement s = connection.prepareStatement(
                    "UPDATE runs SET state = ?, finished_at = ?, error = NULL WHERE id = ?")) {
                s.setString(1, status.key());
                s.setLong(2, clock.millis());
                s.setString(3, id);
                requireOneRow(s.executeUpdate(), id);
            }
            return null;
        });
    }

    /**
     * Gives a claimed run back untouched, its attempt not counted: the worker could not even start it for a
     * cause outside the run (its data is missing on this machine).
     *
     * @return whether this worker held the run and it is queued again
     */
    public synchronized boolean releaseUnstarted(String id, String workerId) {
        return inTransaction("release", () -> {
            try (PreparedStatement s = connection.prepareStatement("""
                    UPDATE runs SET state = 'queued', attempts = MAX(attempts - 1, 0), worker = NULL,
                      claimed_at = NULL, heartbeat_at = NULL WHERE id = ? AND worker = ? AND state = 'running'""")) {
                s.setString(1, id);
                s.setString(2, workerId);
                return s.executeUpdate() == 1;
            }
        });
    }

    /**
     * Puts back in the queue the failed runs whose last error contains {@code cause} (e.g. the data was missing,
     * since installed), attempts reset.
     *
     * @return how many runs were requeued
     */
    public synchronized int retryFailedWith(String experimentOrNull, String cause) {
        return requeueFailed(experimentOrNull, cause);
    }

    /**
     * Puts a finished run back in the queue to be trained again (its record went stale), with attempts reset.
     *
     * @return whether the run was finished and is now queued
     */
    public synchronized boolean requeueFinished(String id) {
        return inTransaction("requeue", () -> {
            try (PreparedStatement s = connection.prepareStatement(
                    "UPDATE runs SET " + REQUEUED + " WHERE id = ? AND state IN ('done', 'diverged')")) {
                s.setString(1, id);
                return s.executeUpdate() == 1;
            }
        });
    }

    /**
     * Records a failed attempt. The run goes back to {@code queued} if it has attempts left, else to
     * {@code failed}; either way {@code error} is kept as the run's last error.
     *
     * @return the run's new state, QUEUED or FAILED
     */
    public synchronized RunStatus fail(String id, String error) {
        return inTransaction("fail", () -> {
            int attempts;
            int maxAttempts;
            try (PreparedStatement s = connection.prepareStatement(
                    "SELECT attempts, max_attempts FROM runs WHERE id = ?")) {
                s.setString(1, id);
                try (ResultSet rs = s.executeQuery()) {
                    if (!rs.next()) {
                        requireOneRow(0, id);
                    }
                    attempts = rs.getInt(1);
                    maxAttempts = rs.getInt(2);
                }
            }
            RunStatus next = attempts < maxAttempts ? RunStatus.QUEUED : RunStatus.FAILED;
            try (PreparedStatement s = connection.prepareStatement(
                    "UPDATE runs SET state = ?, error = ?, finished_at = ? WHERE id = ?")) {
                s.setString(1, next.key());
                s.setString(2, error);
                if (next == RunStatus.FAILED) {
                    s.setLong(3, clock.millis());
                } else {
                    s.setNull(3, java.sql.Types.INTEGER);
                }
                s.setString(4, id);
                s.executeUpdate();
            }
            if (next == RunStatus.QUEUED) {
                LOG.info("Run {} failed on attempt {} of {}; requeued: {}", id, attempts, maxAttempts, error);
            } else {
                LOG.warn("Run {} failed on its last attempt ({} of {}): {}", id, attempts, maxAttempts, error);
            }
            return next;
        });
    }

    /**
     * Puts an experiment's failed runs back in the queue with their attempt count reset and error cleared.
     *
     * @param experimentOrNull null = every experiment
     * @return how many runs were requeued
     */
    public synchronized int retryFailed(String experimentOrNull) {
        return requeueFailed(experimentOrNull, null);
    }

    /** Failed runs (of one experiment, whose error contains {@code causeOrNull}) back to queued, attempts reset. */
    private int requeueFailed(String experimentOrNull, String causeOrNull) {
        return inTransaction("retry failed", () -> {
            try (PreparedStatement s = connection.prepareStatement("UPDATE runs SET " + REQUEUED + " WHERE state = 'failed'"
                    + (causeOrNull == null ? "" : " AND instr(error, ?) > 0")
                    + (experimentOrNull == null ? "" : " AND id IN (SELECT id FROM memberships WHERE experiment = ?)"))) {
                int i = 1;
                if (causeOrNull != null) {
                    s.setString(i++, causeOrNull);
                }
                if (experimentOrNull != null) {
                    s.setString(i, experimentOrNull);
                }
                return s.executeUpdate();
            }
        });
    }

    /**
     * How many of an experiment's runs are in each state; every state is present, zero if none.
     *
     * @param experimentOrNull null = the whole queue
     */
    public synchronized Map<RunStatus, Integer> counts(String experimentOrNull) {
        Map<RunStatus, Integer> counts = new EnumMap<>(RunStatus.class);
        for (RunStatus s : RunStatus.values()) {
            counts.put(s, 0);
        }
        String sql = "SELECT state, COUNT(*) FROM runs"
                + (experimentOrNull == null ? "" : " WHERE id IN (SELECT id FROM memberships WHERE experiment = ?)")
                + " GROUP BY state";
        try (PreparedStatement s = connection.prepareStatement(sql)) {
            if (experimentOrNull != null) {
                s.setString(1, experimentOrNull);
            }
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    counts.put(state(rs.getString(1)), rs.getInt(2));
                }
            }
        } catch (SQLException e) {
            throw failure("count runs", e);
        }
        return counts;
    }

    /**
     * An experiment's runs in queue order, each with the variant name that experiment gave it.
     *
     * @param experimentOrNull null = every run, named as by the first experiment that enqueued it
     */
    public synchronized List<QueuedRun> list(String experimentOrNull) {
        String sql = experimentOrNull == null
                ? "SELECT r.*, r.experiment AS member_experiment, r.variant AS member_variant FROM runs r"
                        + " ORDER BY r.enqueued_at, r.rowid"
                : "SELECT r.*, m.experiment AS member_experiment, m.variant AS member_variant"
                        + " FROM runs r JOIN memberships m ON m.id = r.id WHERE m.experiment = ?"
                        + " ORDER BY r.enqueued_at, r.rowid";
        List<QueuedRun> runs = new ArrayList<>();
        try (PreparedStatement s = connection.prepareStatement(sql)) {
            if (experimentOrNull != null) {
                s.setString(1, experimentOrNull);
            }
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    runs.add(new QueuedRun(rs.getString("id"), rs.getString("member_experiment"),
                            rs.getString("member_variant"), rs.getLong("seed"), state(rs.getString("state")),
                            rs.getInt("attempts"), rs.getInt("max_attempts"), rs.getString("worker"),
                            instant(rs, "enqueued_at"), instant(rs, "claimed_at"), instant(rs, "heartbeat_at"),
                            instant(rs, "finished_at"), rs.getString("error")));
                }
            }
        } catch (SQLException e) {
            throw failure("list runs", e);
        }
        return runs;
    }

    /** The experiments that asked for run {@code id}, in name order (a finished run's record may be shared). */
    public synchronized List<String> experimentsOf(String id) {
        List<String> experiments = new ArrayList<>();
        try (PreparedStatement s = connection.prepareStatement(
                "SELECT experiment FROM memberships WHERE id = ? ORDER BY experiment")) {
            s.setString(1, id);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    experiments.add(rs.getString(1));
                }
            }
        } catch (SQLException e) {
            throw failure("list experiments of run " + id, e);
        }
        return experiments;
    }

    @Override
    public synchronized void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            throw failure("close", e);
        }
    }

    private String memberVariant(String experiment, String id) throws SQLException {
        try (PreparedStatement s = connection.prepareStatement(
                "SELECT variant FROM memberships WHERE experiment = ? AND id = ?")) {
            s.setString(1, experiment);
            s.setString(2, id);
            try (ResultSet rs = s.executeQuery()) {
                rs.next(); // present: the claim was filtered by this membership
                return rs.getString(1);
            }
        }
    }

    private static String configJson(Variant v) {
        try {
            return Json.compactWriter().writeValueAsString(v.config());
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Cannot serialise the config of run " + v.id() + ": " + e.getMessage(), e);
        }
    }

    private void requireOneRow(int updated, String id) {
        if (updated != 1) {
            throw new IllegalArgumentException("No run '" + id + "' in queue " + file);
        }
    }

    private static RunStatus state(String key) {
        return RunStatus.valueOf(key.toUpperCase(Locale.ROOT));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        long millis = rs.getLong(column);
        return rs.wasNull() ? null : Instant.ofEpochMilli(millis);
    }

    @FunctionalInterface
    private interface SqlWork<T> {
        T run() throws SQLException;
    }

    /** Runs {@code work} holding the database's write lock from the first read (BEGIN IMMEDIATE). */
    private <T> T inTransaction(String what, SqlWork<T> work) {
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

    private QueueException failure(String what, SQLException e) {
        return new QueueException("Queue " + file + ": cannot " + what + ": " + e.getMessage(), e);
    }

    private static void closeQuietly(Connection c) {
        if (c != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // already failing; the original error is the one to report
            }
        }
    }
}
