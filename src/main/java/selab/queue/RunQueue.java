package selab.queue;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import selab.plan.Variant;
import selab.results.Json;
import selab.results.RunStatus;

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
 */
public final class RunQueue implements WorkQueue {
    /** SET clause that ends the current claim. */
    private static final String NO_CLAIM = "claim_token = NULL, holder_node = NULL, deadline_at = NULL";
    /** SET clause of a run put back in the queue as new: no attempts, errors, claim, or times. */
    private static final String REQUEUED = "state = 'queued', attempts = 0, failed_attempts = 0, stalls = 0, "
            + "error = NULL, worker = NULL, finished_at = NULL, claimed_at = NULL, heartbeat_at = NULL, "
            + NO_CLAIM;
    /** WHERE clause of a write about a claimed run: the claim must still be current. */
    private static final String CURRENT_CLAIM = "id = ? AND claim_token = ? AND state = 'running'";
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
    private final Connection connection;
    private final Clock clock;
    /** The opened file's identity (inode), once it exists; null on file systems without one. */
    private Object fileKey;
    private boolean fileSeen;

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
    public synchronized int enqueue(List<Variant> variants, int maxAttempts) {
        requireMaxAttempts(maxAttempts);
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

    @Override
    public synchronized int setMaxAttempts(String experimentOrNull, int maxAttempts) {
        requireMaxAttempts(maxAttempts);
        return inTransaction("set max attempts", () -> {
            try (PreparedStatement limit = connection.prepareStatement(
                    "UPDATE runs SET max_attempts = ? WHERE state IN ('queued', 'running', 'failed')"
                            + memberFilter(experimentOrNull));
                    PreparedStatement reopen = connection.prepareStatement(
                            "UPDATE runs SET state = 'queued', finished_at = NULL WHERE state = 'failed'"
                                    + " AND failed_attempts < max_attempts" + memberFilter(experimentOrNull))) {
                limit.setInt(1, maxAttempts);
                if (experimentOrNull != null) {
                    limit.setString(2, experimentOrNull);
                    reopen.setString(1, experimentOrNull);
                }
                limit.executeUpdate();
                return reopen.executeUpdate();
            }
        });
    }

    @Override
    public synchronized Optional<Claim> claim(ClaimRequest request) {
        String experimentOrNull = request.experimentOrNull();
        return inTransaction("claim", () -> {
            long now = clock.millis();
            while (true) {
                Optional<Candidate> next = nextClaimable(now, experimentOrNull);
                if (next.isEmpty()) {
                    return Optional.<Claim>empty();
                }
                Candidate c = next.get();
                if (c.reclaimed && c.stalls + 1 >= RECLAIMS_WITHOUT_PROGRESS_LIMIT) {
                    failCrashLoop(c, now);
                    continue; // look for another run
                }
                if (c.reclaimed) {
                    LOG.warn("Taking over run {} from worker {} ({})", c.id, c.worker, c.lapse(now));
                }
                return Optional.of(take(c, request, now));
            }
        });
    }

    /** A row that may be claimed now, as read inside the claim's transaction. */
    private record Candidate(String id, String experiment, String variant, long seed, String config,
            boolean reclaimed, String worker, int attempts, int failedAttempts, int maxAttempts, int stalls,
            long deadline) {
        String lapse(long now) {
            // deadline 0 = expired by a worker that found the holder's lock released
            return deadline == 0 ? "its process is gone" : "its claim lapsed " + (now - deadline) + " ms ago";
        }
    }

    private Optional<Candidate> nextClaimable(long now, String experimentOrNull) throws SQLException {
        try (PreparedStatement pick = connection.prepareStatement("""
                SELECT id, experiment, variant, seed, config_json, state, worker, attempts, failed_attempts,
                  max_attempts, stalls, deadline_at FROM runs
                WHERE (state = 'queued' OR (state = 'running' AND deadline_at < ?))"""
                + memberFilter(experimentOrNull)
                + " ORDER BY CASE state WHEN 'running' THEN 0 ELSE 1 END, enqueued_at, rowid LIMIT 1")) {
            pick.setLong(1, now);
            if (experimentOrNull != null) {
                pick.setString(2, experimentOrNull);
            }
            try (ResultSet rs = pick.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                String id = rs.getString("id");
                String experiment = rs.getString("experiment");
                String variant = rs.getString("variant");
                if (experimentOrNull != null) {
                    experiment = experimentOrNull;
                    variant = null; // read below, after this result set is closed
                }
                Candidate c = new Candidate(id, experiment, variant, rs.getLong("seed"), rs.getString("config_json"),
                        rs.getString("state").equals("running"), rs.getString("worker"), rs.getInt("attempts"),
                        rs.getInt("failed_attempts"), rs.getInt("max_attempts"), rs.getInt("stalls"),
                        rs.getLong("deadline_at"));
                if (variant == null) {
                    c = new Candidate(c.id, c.experiment, memberVariant(experimentOrNull, id), c.seed, c.config,
                            c.reclaimed, c.worker, c.attempts, c.failedAttempts, c.maxAttempts, c.stalls, c.deadline);
                }
                return Optional.of(c);
            }
        }
    }

    private Claim take(Candidate c, ClaimRequest request, long now) throws SQLException {
        Lease lease = request.lease();
        try (PreparedStatement take = connection.prepareStatement("""
                UPDATE runs SET state = 'running', worker = ?, claim_token = ?, holder_node = ?,
                  heartbeat_every_ms = ?, lease_ms = ?, attempts = attempts + 1, claimed_at = ?, heartbeat_at = ?,
                  deadline_at = ?, finished_at = NULL, max_attempts = COALESCE(?, max_attempts),
                  reclaims = reclaims + ?, stalls = stalls + ? WHERE id = ?""")) {
            int reclaim = c.reclaimed ? 1 : 0;
            take.setString(1, request.workerId());
            take.setString(2, request.token());
            take.setString(3, request.node());
            take.setLong(4, lease.heartbeatEvery().toMillis());
            take.setLong(5, lease.timeout().toMillis());
            take.setLong(6, now);
            take.setLong(7, now);
            take.setLong(8, now + lease.timeout().toMillis());
            if (request.maxAttemptsOrNull() == null) {
                take.setNull(9, Types.INTEGER);
            } else {
                take.setInt(9, request.maxAttemptsOrNull());
            }
            take.setInt(10, reclaim);
            take.setInt(11, reclaim);
            take.setString(12, c.id);
            take.executeUpdate();
        }
        int maxAttempts = request.maxAttemptsOrNull() != null ? request.maxAttemptsOrNull() : c.maxAttempts;
        return new Claim(c.id, c.experiment, c.variant, c.seed, c.config, request.token(), lease, c.attempts + 1,
                c.failedAttempts, maxAttempts, c.reclaimed, c.reclaimed ? c.worker : null);
    }

    /** A run whose workers keep dying before its next checkpoint: failed, with a message that says so. */
    private void failCrashLoop(Candidate c, long now) throws SQLException {
        String error = String.format(Locale.ROOT, "its workers died or lapsed %d times in a row without reaching a new"
                + " checkpoint (a crash loop; last holder %s: %s); see the workers' logs",
                c.stalls + 1, c.worker, c.lapse(now));
        try (PreparedStatement s = connection.prepareStatement("UPDATE runs SET state = 'failed', finished_at = ?,"
                + " error = ?, " + NO_CLAIM + " WHERE id = ?")) {
            s.setLong(1, now);
            s.setString(2, error);
            s.setString(3, c.id);
            s.executeUpdate();
        }
        LOG.warn("Run {} failed: {}", c.id, error);
    }

    @Override
    public synchronized List<HeldRun> held(String experimentOrNull) {
        return inTransaction("list held runs", () -> {
            List<HeldRun> held = new ArrayList<>();
            try (PreparedStatement s = connection.prepareStatement(
                    "SELECT id, worker, claim_token, holder_node, deadline_at FROM runs WHERE state = 'running'"
                            + memberFilter(experimentOrNull) + " ORDER BY enqueued_at, rowid")) {
                if (experimentOrNull != null) {
                    s.setString(1, experimentOrNull);
                }
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        held.add(new HeldRun(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                                instant(rs, "deadline_at")));
                    }
                }
            }
            return held;
        });
    }

    @Override
    public synchronized boolean expire(HeldRun run) {
        if (run.token() == null) {
            return false;
        }
        return inTransaction("expire claim", () -> {
            try (PreparedStatement s = connection.prepareStatement(
                    // The claim ends here: its token stops counting, so even a holder wrongly judged dead could
                    // not write again; deadline 0 marks "holder gone" for the next claimer.
                    "UPDATE runs SET deadline_at = 0, claim_token = NULL WHERE " + CURRENT_CLAIM)) {
                s.setString(1, run.id());
                s.setString(2, run.token());
                return s.executeUpdate() == 1;
            }
        });
    }

    @Override
    public synchronized boolean heartbeat(Claim claim) {
        return extend("heartbeat", claim, null);
    }

    @Override
    public synchronized boolean checkpoint(Claim claim, int epochsDone) {
        return extend("record checkpoint", claim, epochsDone);
    }

    /** Moves the claim's deadline to now + its timeout, and records progress when given; false if the claim is lost. */
    private boolean extend(String what, Claim claim, Integer epochsDoneOrNull) {
        return inTransaction(what, () -> {
            try (PreparedStatement s = connection.prepareStatement("UPDATE runs SET heartbeat_at = ?,"
                    + " deadline_at = ? + lease_ms"
                    + (epochsDoneOrNull == null ? "" : ", epochs_done = ?, stalls = 0")
                    + " WHERE " + CURRENT_CLAIM)) {
                long now = clock.millis();
                int i = 1;
                s.setLong(i++, now);
                s.setLong(i++, now);
                if (epochsDoneOrNull != null) {
                    s.setInt(i++, epochsDoneOrNull);
                }
                s.setString(i++, claim.id());
                s.setString(i, claim.token());
                return s.executeUpdate() == 1;
            }
        });
    }

    @Override
    public synchronized boolean complete(Claim claim, RunStatus status) {
        if (status == null || !status.finished()) {
            throw new IllegalArgumentException("complete() takes done|diverged, got " + status
                    + "; use fail() for errors");
        }
        return inTransaction("complete", () -> {
            try (PreparedStatement s = connection.prepareStatement("UPDATE runs SET state = ?, finished_at = ?,"
                    + " error = NULL, stalls = 0, " + NO_CLAIM + " WHERE " + CURRENT_CLAIM)) {
                s.setString(1, status.key());
                s.setLong(2, clock.millis());
                s.setString(3, claim.id());
                s.setString(4, claim.token());
                if (s.executeUpdate() == 1) {
                    return true;
                }
            }
            return stateOf(claim.id()) == status; // a reconcile already recorded it
        });
    }

    @Override
    public synchronized Optional<RunStatus> fail(Claim claim, String error) {
        return inTransaction("fail", () -> {
            try (PreparedStatement s = connection.prepareStatement("""
                    UPDATE runs SET failed_attempts = failed_attempts + 1, stalls = 0, error = ?,
                      state = CASE WHEN failed_attempts + 1 < max_attempts THEN 'queued' ELSE 'failed' END,
                      finished_at = CASE WHEN failed_attempts + 1 < max_attempts THEN NULL ELSE ? END, """
                    + NO_CLAIM + " WHERE " + CURRENT_CLAIM)) {
                s.setString(1, error);
                s.setLong(2, clock.millis());
                s.setString(3, claim.id());
                s.setString(4, claim.token());
                if (s.executeUpdate() == 0) {
                    return Optional.<RunStatus>empty();
                }
            }
            RunStatus next = stateOf(claim.id());
            if (next == RunStatus.QUEUED) {
                LOG.info("Run {} failed (attempt {}); requeued: {}", claim.id(), claim.attempt(), error);
            } else {
                LOG.warn("Run {} failed and has no attempts left: {}", claim.id(), error);
            }
            return Optional.of(next);
        });
    }

    @Override
    public synchronized boolean release(Claim claim, boolean unstarted) {
        return inTransaction("release", () -> {
            try (PreparedStatement s = connection.prepareStatement("UPDATE runs SET state = 'queued', worker = NULL,"
                    + " claimed_at = NULL, heartbeat_at = NULL, stalls = 0, " + NO_CLAIM
                    + (unstarted ? ", attempts = MAX(attempts - 1, 0)" : "") + " WHERE " + CURRENT_CLAIM)) {
                s.setString(1, claim.id());
                s.setString(2, claim.token());
                return s.executeUpdate() == 1;
            }
        });
    }

    @Override
    public synchronized Reconciliation reconcile(RecordedRuns records) {
        return inTransaction("reconcile with the results tree", () -> {
            Map<String, RunStatus> states = new LinkedHashMap<>();
            try (PreparedStatement s = connection.prepareStatement("SELECT id, state FROM runs ORDER BY enqueued_at, rowid");
                    ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    states.put(rs.getString(1), state(rs.getString(2)));
                }
            }
            List<String> finished = new ArrayList<>();
            List<String> requeued = new ArrayList<>();
            long now = clock.millis();
            try (PreparedStatement finish = connection.prepareStatement("UPDATE runs SET state = ?, finished_at = ?,"
                    + " error = NULL, stalls = 0, " + NO_CLAIM + " WHERE id = ?");
                    PreparedStatement requeue = connection.prepareStatement(
                            "UPDATE runs SET " + REQUEUED + " WHERE id = ?")) {
                for (Map.Entry<String, RunStatus> row : states.entrySet()) {
                    String id = row.getKey();
                    if (!records.checked().contains(id)) {
                        continue;
                    }
                    RunStatus recorded = records.finished().get(id);
                    if (recorded != null && row.getValue() != recorded) {
                        finish.setString(1, recorded.key());
                        finish.setLong(2, now);
                        finish.setString(3, id);
                        finish.executeUpdate();
                        finished.add(id);
                    } else if (recorded == null && row.getValue().finished()) {
                        requeue.setString(1, id);
                        requeue.executeUpdate();
                        requeued.add(id);
                    }
                }
            }
            return new Reconciliation(List.copyOf(finished), List.copyOf(requeued));
        });
    }

    @Override
    public synchronized int retryFailedWith(String experimentOrNull, String cause) {
        return requeueFailed(experimentOrNull, cause);
    }

    @Override
    public synchronized boolean requeueFinished(String id) {
        return inTransaction("requeue", () -> {
            try (PreparedStatement s = connection.prepareStatement(
                    "UPDATE runs SET " + REQUEUED + " WHERE id = ? AND state IN ('done', 'diverged')")) {
                s.setString(1, id);
                return s.executeUpdate() == 1;
            }
        });
    }

    @Override
    public synchronized int retryFailed(String experimentOrNull) {
        return requeueFailed(experimentOrNull, null);
    }

    /** Failed runs (of one experiment, whose error contains {@code causeOrNull}) back to queued, attempts reset. */
    private int requeueFailed(String experimentOrNull, String causeOrNull) {
        return inTransaction("retry failed", () -> {
            try (PreparedStatement s = connection.prepareStatement("UPDATE runs SET " + REQUEUED + " WHERE state = 'failed'"
                    + (causeOrNull == null ? "" : " AND instr(error, ?) > 0") + memberFilter(experimentOrNull))) {
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

    @Override
    public synchronized Map<RunStatus, Integer> counts(String experimentOrNull) {
        checkFile();
        Map<RunStatus, Integer> counts = new EnumMap<>(RunStatus.class);
        for (RunStatus s : RunStatus.values()) {
            counts.put(s, 0);
        }
        String sql = "SELECT state, COUNT(*) FROM runs WHERE 1 = 1" + memberFilter(experimentOrNull) + " GROUP BY state";
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

    @Override
    public synchronized List<QueuedRun> list(String experimentOrNull) {
        checkFile();
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
                            rs.getInt("attempts"), rs.getInt("failed_attempts"), rs.getInt("reclaims"),
                            rs.getInt("max_attempts"), rs.getInt("epochs_done"), rs.getString("worker"),
                            instant(rs, "enqueued_at"), instant(rs, "claimed_at"), instant(rs, "heartbeat_at"),
                            instant(rs, "deadline_at"), instant(rs, "finished_at"), rs.getString("error")));
                }
            }
        } catch (SQLException e) {
            throw failure("list runs", e);
        }
        return runs;
    }

    @Override
    public synchronized List<String> experimentsOf(String id) {
        checkFile();
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

    private RunStatus stateOf(String id) throws SQLException {
        try (PreparedStatement s = connection.prepareStatement("SELECT state FROM runs WHERE id = ?")) {
            s.setString(1, id);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalArgumentException("No run '" + id + "' in queue " + file);
                }
                return state(rs.getString(1));
            }
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

    /** " AND id IN (the experiment's runs)", whose one parameter is the experiment; "" for null (all runs). */
    private static String memberFilter(String experimentOrNull) {
        return experimentOrNull == null ? "" : " AND id IN (SELECT id FROM memberships WHERE experiment = ?)";
    }

    private static void requireMaxAttempts(int maxAttempts) {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be >= 1, got " + maxAttempts);
        }
    }

    private static String configJson(Variant v) {
        try {
            return Json.compactWriter().writeValueAsString(v.config());
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Cannot serialise the config of run " + v.id() + ": " + e.getMessage(), e);
        }
    }

    private static RunStatus state(String key) {
        return RunStatus.valueOf(key.toUpperCase(Locale.ROOT));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        long millis = rs.getLong(column);
        return rs.wasNull() ? null : Instant.ofEpochMilli(millis);
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

    @FunctionalInterface
    private interface SqlWork<T> {
        T run() throws SQLException;
    }

    /** Runs {@code work} holding the database's write lock from the first read (BEGIN IMMEDIATE). */
    private <T> T inTransaction(String what, SqlWork<T> work) {
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
