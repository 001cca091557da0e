package selab.queue;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
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
 * What {@link RunQueue} (SQLite) and {@link PostgresQueue} (PostgreSQL) share: the {@link WorkQueue}'s statements
 * over one JDBC connection, on the same two tables (one row per run id; the experiments, and their variant names,
 * that asked for it), and the fenced state transitions of a claim. Every write about a claimed run matches the
 * claim's token ({@code claim_token}), so a worker that lost its claim changes nothing.
 *
 * <p>A backend supplies only what its database does differently: the table names and the column that keeps
 * insertion order, where "now" comes from, how a transaction is run (and which locks it takes), how a claim locks
 * the row it picks, and one SQL function. Every method is synchronized, so threads of one process may share an
 * instance.
 */
abstract sealed class JdbcQueue implements WorkQueue permits RunQueue, PostgresQueue {
    /** SET clause that ends the current claim. */
    private static final String NO_CLAIM = "claim_token = NULL, holder_node = NULL, deadline_at = NULL";
    /** SET clause of a run put back in the queue as new: no attempts, errors, claim, or times. */
    private static final String REQUEUED = "state = 'queued', attempts = 0, failed_attempts = 0, stalls = 0, "
            + "error = NULL, worker = NULL, finished_at = NULL, claimed_at = NULL, heartbeat_at = NULL, "
            + NO_CLAIM;
    /** WHERE clause of a write about a claimed run: the claim must still be current. */
    private static final String CURRENT_CLAIM = "id = ? AND claim_token = ? AND state = 'running'";

    /** The backend's own logger, so messages keep naming the queue class that wrote them. */
    private final Logger log = LoggerFactory.getLogger(getClass());
    /** The queue as messages name it: its file or its URL. */
    private final String name;
    private final String runs;
    private final String memberships;
    /** The column that orders runs enqueued in the same millisecond (SQLite's rowid, PostgreSQL's seq). */
    private final String insertionOrder;
    /** This queue's connection; null while a {@link PostgresQueue} has dropped a broken one. */
    Connection connection;

    JdbcQueue(String name, String runs, String memberships, String insertionOrder, Connection connection) {
        this.name = name;
        this.runs = runs;
        this.memberships = memberships;
        this.insertionOrder = insertionOrder;
        this.connection = connection;
    }

    /** Now, in epoch milliseconds: every timestamp the queue writes or compares. */
    abstract long now() throws SQLException;

    /**
     * Runs {@code work} as one transaction, committed if it returns and rolled back if it throws; an
     * {@link SQLException} becomes a {@link QueueException} that says {@code what} failed.
     */
    abstract <T> T inTransaction(String what, SqlWork<T> work);

    /** Runs {@code work}, which only reads: by default in a transaction like every write. */
    <T> T read(String what, SqlWork<T> work) {
        return inTransaction(what, work);
    }

    /**
     * Makes this transaction the only enqueue in flight until it ends. Row-by-row inserts of overlapping plans in
     * different orders (two specs sharing a baseline) would otherwise deadlock where rows lock one at a time.
     */
    abstract void serializeEnqueues() throws SQLException;

    /** What the claim's SELECT ends with to lock the row it picks; "" where its transaction locks already. */
    abstract String claimLock();

    /** A condition that {@code column} contains the next parameter's text. */
    abstract String containsParameter(String column);

    @FunctionalInterface
    interface SqlWork<T> {
        T run() throws SQLException;
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
            serializeEnqueues();
            long now = now();
            int added = 0;
            try (PreparedStatement run = connection.prepareStatement("""
                            INSERT INTO %s (id, experiment, variant, seed, config_json, state, attempts,
                              max_attempts, enqueued_at) VALUES (?, ?, ?, ?, ?, 'queued', 0, ?, ?)
                            ON CONFLICT (id) DO NOTHING""".formatted(runs));
                    PreparedStatement member = connection.prepareStatement("INSERT INTO " + memberships
                            + " (experiment, id, variant) VALUES (?, ?, ?) ON CONFLICT (experiment, id) DO NOTHING")) {
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
                    "UPDATE " + runs + " SET max_attempts = ? WHERE state IN ('queued', 'running', 'failed')"
                            + memberFilter(experimentOrNull));
                    PreparedStatement reopen = connection.prepareStatement(
                            "UPDATE " + runs + " SET state = 'queued', finished_at = NULL WHERE state = 'failed'"
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
            long now = now();
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
                    log.warn("Taking over run {} from worker {} ({})", c.id, c.worker, c.lapse(now));
                }
                return Optional.of(take(c, request, now));
            }
        });
    }

    /**
     * A row that may be claimed now, as read (and, with {@link JdbcQueue#claimLock}, locked) by the claim's
     * transaction.
     */
    private record Candidate(String id, String experiment, String variant, long seed, String config,
            boolean reclaimed, String worker, int attempts, int failedAttempts, int maxAttempts, int stalls,
            long deadline) {
        String lapse(long now) {
            // deadline 0 = expired by a worker that found the holder's lock released
            return deadline == 0 ? "its process is gone" : "its claim lapsed " + (now - deadline) + " ms ago";
        }
    }

    /** The next claimable row: first a running one whose claim lapsed, else the oldest queued one. */
    private Optional<Candidate> nextClaimable(long now, String experimentOrNull) throws SQLException {
        Candidate c;
        try (PreparedStatement pick = connection.prepareStatement("""
                SELECT id, experiment, variant, seed, config_json, state, worker, attempts, failed_attempts,
                  max_attempts, stalls, deadline_at FROM %s
                WHERE (state = 'queued' OR (state = 'running' AND deadline_at < ?))""".formatted(runs)
                + memberFilter(experimentOrNull)
                + " ORDER BY CASE state WHEN 'running' THEN 0 ELSE 1 END, enqueued_at, " + insertionOrder + " LIMIT 1"
                + claimLock())) {
            pick.setLong(1, now);
            if (experimentOrNull != null) {
                pick.setString(2, experimentOrNull);
            }
            try (ResultSet rs = pick.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                c = new Candidate(rs.getString("id"), rs.getString("experiment"), rs.getString("variant"),
                        rs.getLong("seed"), rs.getString("config_json"), rs.getString("state").equals("running"),
                        rs.getString("worker"), rs.getInt("attempts"), rs.getInt("failed_attempts"),
                        rs.getInt("max_attempts"), rs.getInt("stalls"), rs.getLong("deadline_at"));
            }
        }
        if (experimentOrNull != null) {
            // the experiment's own variant name, read after the claim's result set is closed
            c = new Candidate(c.id, experimentOrNull, memberVariant(experimentOrNull, c.id), c.seed, c.config,
                    c.reclaimed, c.worker, c.attempts, c.failedAttempts, c.maxAttempts, c.stalls, c.deadline);
        }
        return Optional.of(c);
    }

    private Claim take(Candidate c, ClaimRequest request, long now) throws SQLException {
        Lease lease = request.lease();
        try (PreparedStatement take = connection.prepareStatement("""
                UPDATE %s SET state = 'running', worker = ?, claim_token = ?, holder_node = ?,
                  heartbeat_every_ms = ?, lease_ms = ?, attempts = attempts + 1, claimed_at = ?, heartbeat_at = ?,
                  deadline_at = ?, finished_at = NULL, max_attempts = COALESCE(?, max_attempts),
                  reclaims = reclaims + ?, stalls = stalls + ? WHERE id = ?""".formatted(runs))) {
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
        try (PreparedStatement s = connection.prepareStatement("UPDATE " + runs + " SET state = 'failed',"
                + " finished_at = ?, error = ?, " + NO_CLAIM + " WHERE id = ?")) {
            s.setLong(1, now);
            s.setString(2, error);
            s.setString(3, c.id);
            s.executeUpdate();
        }
        log.warn("Run {} failed: {}", c.id, error);
    }

    @Override
    public synchronized List<HeldRun> held(String experimentOrNull) {
        return inTransaction("list held runs", () -> {
            List<HeldRun> held = new ArrayList<>();
            try (PreparedStatement s = connection.prepareStatement(
                    "SELECT id, worker, claim_token, holder_node, deadline_at FROM " + runs + " WHERE state = 'running'"
                            + memberFilter(experimentOrNull) + " ORDER BY enqueued_at, " + insertionOrder)) {
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
                    "UPDATE " + runs + " SET deadline_at = 0, claim_token = NULL WHERE " + CURRENT_CLAIM)) {
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
            long now = now();
            try (PreparedStatement s = connection.prepareStatement("UPDATE " + runs + " SET heartbeat_at = ?,"
                    + " deadline_at = ? + lease_ms"
                    + (epochsDoneOrNull == null ? "" : ", epochs_done = ?, stalls = 0")
                    + " WHERE " + CURRENT_CLAIM)) {
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
            try (PreparedStatement s = connection.prepareStatement("UPDATE " + runs + " SET state = ?,"
                    + " finished_at = ?, error = NULL, stalls = 0, " + NO_CLAIM + " WHERE " + CURRENT_CLAIM)) {
                s.setString(1, status.key());
                s.setLong(2, now());
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
            // The finish time's parameter is typed (for PostgreSQL; CAST changes no integer in SQLite).
            try (PreparedStatement s = connection.prepareStatement("""
                    UPDATE %s SET failed_attempts = failed_attempts + 1, stalls = 0, error = ?,
                      state = CASE WHEN failed_attempts + 1 < max_attempts THEN 'queued' ELSE 'failed' END,
                      finished_at = CASE WHEN failed_attempts + 1 < max_attempts THEN NULL
                        ELSE CAST(? AS BIGINT) END, """.formatted(runs) + NO_CLAIM + " WHERE " + CURRENT_CLAIM)) {
                s.setString(1, error);
                s.setLong(2, now());
                s.setString(3, claim.id());
                s.setString(4, claim.token());
                if (s.executeUpdate() == 0) {
                    return Optional.<RunStatus>empty();
                }
            }
            RunStatus next = stateOf(claim.id()); // this transaction's own write: no other can change the row yet
            if (next == RunStatus.QUEUED) {
                log.info("Run {} failed (attempt {}); requeued: {}", claim.id(), claim.attempt(), error);
            } else {
                log.warn("Run {} failed and has no attempts left: {}", claim.id(), error);
            }
            return Optional.of(next);
        });
    }

    @Override
    public synchronized boolean release(Claim claim, boolean unstarted) {
        return inTransaction("release", () -> {
            try (PreparedStatement s = connection.prepareStatement("UPDATE " + runs + " SET state = 'queued',"
                    + " worker = NULL, claimed_at = NULL, heartbeat_at = NULL, stalls = 0, " + NO_CLAIM
                    + (unstarted ? ", attempts = CASE WHEN attempts > 0 THEN attempts - 1 ELSE 0 END" : "")
                    + " WHERE " + CURRENT_CLAIM)) {
                s.setString(1, claim.id());
                s.setString(2, claim.token());
                return s.executeUpdate() == 1;
            }
        });
    }

    /**
     * Each change is made only if the row is still in the state that was read: PostgreSQL reads without locking the
     * table, so a claim made meanwhile is left alone (its worker reads the record and completes it); SQLite's
     * write lock, held from the first read, leaves no meanwhile.
     */
    @Override
    public synchronized Reconciliation reconcile(RecordedRuns records) {
        return inTransaction("reconcile with the results tree", () -> {
            Map<String, RunStatus> states = new LinkedHashMap<>();
            try (PreparedStatement s = connection.prepareStatement(
                    "SELECT id, state FROM " + runs + " ORDER BY enqueued_at, " + insertionOrder);
                    ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    states.put(rs.getString(1), state(rs.getString(2)));
                }
            }
            List<String> finished = new ArrayList<>();
            List<String> requeued = new ArrayList<>();
            long now = now();
            try (PreparedStatement finish = connection.prepareStatement("UPDATE " + runs + " SET state = ?,"
                    + " finished_at = ?, error = NULL, stalls = 0, " + NO_CLAIM + " WHERE id = ? AND state = ?");
                    PreparedStatement requeue = connection.prepareStatement(
                            "UPDATE " + runs + " SET " + REQUEUED + " WHERE id = ? AND state = ?")) {
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
                        finish.setString(4, row.getValue().key());
                        if (finish.executeUpdate() == 1) {
                            finished.add(id);
                        }
                    } else if (recorded == null && row.getValue().finished()) {
                        requeue.setString(1, id);
                        requeue.setString(2, row.getValue().key());
                        if (requeue.executeUpdate() == 1) {
                            requeued.add(id);
                        }
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
                    "UPDATE " + runs + " SET " + REQUEUED + " WHERE id = ? AND state IN ('done', 'diverged')")) {
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
            try (PreparedStatement s = connection.prepareStatement("UPDATE " + runs + " SET " + REQUEUED
                    + " WHERE state = 'failed'" + (causeOrNull == null ? "" : " AND " + containsParameter("error"))
                    + memberFilter(experimentOrNull))) {
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
        return read("count runs", () -> {
            Map<RunStatus, Integer> counts = new EnumMap<>(RunStatus.class);
            for (RunStatus s : RunStatus.values()) {
                counts.put(s, 0);
            }
            try (PreparedStatement s = connection.prepareStatement("SELECT state, COUNT(*) FROM " + runs
                    + " WHERE 1 = 1" + memberFilter(experimentOrNull) + " GROUP BY state")) {
                if (experimentOrNull != null) {
                    s.setString(1, experimentOrNull);
                }
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        counts.put(state(rs.getString(1)), rs.getInt(2));
                    }
                }
            }
            return counts;
        });
    }

    @Override
    public synchronized List<QueuedRun> list(String experimentOrNull) {
        String order = " ORDER BY r.enqueued_at, r." + insertionOrder;
        String sql = experimentOrNull == null
                ? "SELECT r.*, r.experiment AS member_experiment, r.variant AS member_variant FROM " + runs + " r"
                        + order
                : "SELECT r.*, m.experiment AS member_experiment, m.variant AS member_variant"
                        + " FROM " + runs + " r JOIN " + memberships + " m ON m.id = r.id WHERE m.experiment = ?"
                        + order;
        return read("list runs", () -> {
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
            }
            return runs;
        });
    }

    @Override
    public synchronized List<String> experimentsOf(String id) {
        return read("list experiments of run " + id, () -> {
            List<String> experiments = new ArrayList<>();
            try (PreparedStatement s = connection.prepareStatement(
                    "SELECT experiment FROM " + memberships + " WHERE id = ? ORDER BY experiment")) {
                s.setString(1, id);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        experiments.add(rs.getString(1));
                    }
                }
            }
            return experiments;
        });
    }

    private RunStatus stateOf(String id) throws SQLException {
        try (PreparedStatement s = connection.prepareStatement("SELECT state FROM " + runs + " WHERE id = ?")) {
            s.setString(1, id);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalArgumentException("No run '" + id + "' in queue " + name);
                }
                return state(rs.getString(1));
            }
        }
    }

    private String memberVariant(String experiment, String id) throws SQLException {
        try (PreparedStatement s = connection.prepareStatement(
                "SELECT variant FROM " + memberships + " WHERE experiment = ? AND id = ?")) {
            s.setString(1, experiment);
            s.setString(2, id);
            try (ResultSet rs = s.executeQuery()) {
                rs.next(); // present: the claim was filtered by this membership
                return rs.getString(1);
            }
        }
    }

    /** " AND id IN (the experiment's runs)", whose one parameter is the experiment; "" for null (all runs). */
    private String memberFilter(String experimentOrNull) {
        return experimentOrNull == null ? "" : " AND id IN (SELECT id FROM " + memberships + " WHERE experiment = ?)";
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

    final QueueException failure(String what, SQLException e) {
        return new QueueException("Queue " + name + ": cannot " + what + ": " + e.getMessage(), e);
    }

    static void closeQuietly(Connection c) {
        if (c != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // already failing; the original error is the one to report
            }
        }
    }
}
