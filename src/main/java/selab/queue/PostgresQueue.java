package selab.queue;

import com.fasterxml.jackson.core.JsonProcessingException;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import selab.plan.Variant;
import selab.results.Json;
import selab.results.RunStatus;

/**
 * The {@link WorkQueue} in a PostgreSQL database ({@code --queue jdbc:postgresql://host:port/db}), for workers on many
 * machines. Same tables and rules as {@link RunQueue} (one row per run id, memberships per experiment, a fencing
 * token per claim, per-claim lease deadlines), with three differences:
 *
 * <ul>
 *   <li>A claim locks its row with {@code SELECT … FOR UPDATE SKIP LOCKED} in a short READ COMMITTED transaction,
 *       so concurrent claimers never wait for each other and never get the same run; every other write is one
 *       {@code UPDATE … WHERE id = ? AND claim_token = ? AND state = 'running'}.
 *   <li>Every timestamp (claim, heartbeat, deadline) is the database's clock ({@code now()}), never the worker's:
 *       workers on machines whose clocks disagree still agree on when a claim lapsed. Times are stored as epoch
 *       milliseconds ({@code BIGINT}) like the SQLite queue's.
 *   <li>The schema is created and migrated by the program on first use, under a transaction-scoped advisory lock
 *       (so workers starting together do it once), and versioned in {@code selab_schema_version}; a database whose
 *       schema is newer than this program's is refused, never written.
 * </ul>
 *
 * <p>Credentials never come from the command line: a URL with a password is refused; the user and password come
 * from {@code PGUSER} and {@code PGPASSWORD}, else the JDBC driver reads {@code ~/.pgpass} (or {@code PGPASSFILE}).
 *
 * <p>Liveness: a worker that dies on the same machine as another is seen dead at once through its claim lock file
 * ({@link ClaimLocks}, in the shared results tree, independent of the queue's backend); across machines the claim's
 * lease deadline, measured by the database's clock, decides. No session-level advisory lock is used for liveness: a
 * connection dropped by the network or a pooler would make a live worker look dead, and the deadline already bounds
 * how long a dead worker's run waits.
 *
 * <p>One instance owns one connection (reopened on the next call after the connection broke); its methods are
 * synchronized so threads of one process may share it.
 */
public final class PostgresQueue implements WorkQueue {
    /** What a {@code --queue} value starts with to name a PostgreSQL database. */
    public static final String URL_PREFIX = "jdbc:postgresql:";
    /** The schema version this program reads and writes; {@link #MIGRATIONS} has one entry per version. */
    public static final int SCHEMA_VERSION = 1;
    /** Advisory lock key under which the schema is created or migrated (one process at a time). */
    private static final long SCHEMA_LOCK = 0x5e1ab_5c4e3aL;

    private static final String NO_CLAIM = "claim_token = NULL, holder_node = NULL, deadline_at = NULL";
    private static final String REQUEUED = "state = 'queued', attempts = 0, failed_attempts = 0, stalls = 0, "
            + "error = NULL, worker = NULL, finished_at = NULL, claimed_at = NULL, heartbeat_at = NULL, "
            + NO_CLAIM;
    private static final String CURRENT_CLAIM = "id = ? AND claim_token = ? AND state = 'running'";
    /** The database's clock, in epoch milliseconds. */
    private static final String DB_NOW = "SELECT floor(extract(epoch FROM now()) * 1000)::bigint";
    private static final Logger LOG = LoggerFactory.getLogger(PostgresQueue.class);

    /** Migration {@code i} takes the schema from version {@code i} to {@code i + 1}. */
    private static final List<List<String>> MIGRATIONS = List.of(List.of(
            """
            CREATE TABLE selab_runs (
              id TEXT PRIMARY KEY,
              seq BIGINT GENERATED ALWAYS AS IDENTITY UNIQUE,
              experiment TEXT NOT NULL,
              variant TEXT NOT NULL,
              seed BIGINT NOT NULL,
              config_json TEXT NOT NULL,
              state TEXT NOT NULL CHECK (state IN ('queued','running','done','failed','diverged')),
              attempts INTEGER NOT NULL DEFAULT 0,
              failed_attempts INTEGER NOT NULL DEFAULT 0,
              reclaims INTEGER NOT NULL DEFAULT 0,
              stalls INTEGER NOT NULL DEFAULT 0,
              epochs_done INTEGER NOT NULL DEFAULT 0,
              max_attempts INTEGER NOT NULL,
              worker TEXT,
              claim_token TEXT,
              holder_node TEXT,
              heartbeat_every_ms BIGINT,
              lease_ms BIGINT,
              claimed_at BIGINT,
              heartbeat_at BIGINT,
              deadline_at BIGINT,
              finished_at BIGINT,
              error TEXT,
              enqueued_at BIGINT NOT NULL)""",
            """
            CREATE TABLE selab_memberships (
              experiment TEXT NOT NULL,
              id TEXT NOT NULL REFERENCES selab_runs(id),
              variant TEXT NOT NULL,
              PRIMARY KEY (experiment, id))""",
            "CREATE INDEX selab_runs_by_state ON selab_runs(state, enqueued_at, seq)",
            "CREATE INDEX selab_memberships_by_id ON selab_memberships(id)"));

    private final String url;
    private final Properties properties;
    /** Set only by tests: every timestamp comes from it instead of the database. */
    private final Clock testClock;
    private Connection connection;

    private PostgresQueue(String url, Properties properties, Clock testClock, Connection connection) {
        this.url = url;
        this.properties = properties;
        this.testClock = testClock;
        this.connection = connection;
    }

    /** Whether a {@code --queue} value names a PostgreSQL database rather than a SQLite file. */
    public static boolean isUrl(String queue) {
        return queue != null && queue.startsWith(URL_PREFIX);
    }

    /** Opens the queue at {@code url}, creating or migrating its schema if needed. */
    public static PostgresQueue open(String url) {
        return open(url, null);
    }

    /** Like {@link #open(String)}, with every timestamp from {@code testClock} (tests only; null = the database's). */
    static PostgresQueue open(String url, Clock testClock) {
        Properties properties = connectionProperties(url);
        Connection c = connect(url, properties);
        try {
            migrate(url, c);
            return new PostgresQueue(url, properties, testClock, c);
        } catch (RuntimeException e) {
            closeQuietly(c);
            throw e;
        }
    }

    /**
     * Opens the queue only if the database holds one already (its schema version table exists): verbs that only
     * read must not create tables. Empty if the database has no selab queue.
     */
    public static Optional<PostgresQueue> openExisting(String url) {
        Properties properties = connectionProperties(url);
        Connection c = connect(url, properties);
        try {
            if (!hasSchema(c)) {
                c.rollback();
                closeQuietly(c);
                return Optional.empty();
            }
            c.rollback();
            migrate(url, c);
            return Optional.of(new PostgresQueue(url, properties, null, c));
        } catch (SQLException e) {
            closeQuietly(c);
            throw new QueueException("Queue " + url + ": cannot read its schema: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            closeQuietly(c);
            throw e;
        }
    }

    /** The URL this queue was opened with (it holds no password). */
    public String url() {
        return url;
    }

    /**
     * The driver's connection properties for {@code url}: the user and password from {@code PGUSER} and
     * {@code PGPASSWORD} when set (else the driver's defaults: the OS user, and {@code ~/.pgpass}).
     *
     * @throws UnusableQueueException if the URL is not a PostgreSQL JDBC URL or carries a password
     */
    static Properties connectionProperties(String url) {
        return connectionProperties(url, System.getenv());
    }

    static Properties connectionProperties(String url, Map<String, String> env) {
        String allowed = "; allowed: jdbc:postgresql://HOST[:PORT]/DATABASE[?user=NAME], with the password in"
                + " PGPASSWORD or ~/.pgpass";
        if (!isUrl(url)) {
            throw new UnusableQueueException(redact(url), "not a PostgreSQL URL" + allowed, null);
        }
        String rest = url.substring(URL_PREFIX.length());
        if (rest.startsWith("//")) {
            int end = rest.length();
            for (char stop : new char[] {'/', '?'}) {
                int i = rest.indexOf(stop, 2);
                if (i >= 0 && i < end) {
                    end = i;
                }
            }
            if (rest.substring(2, end).contains("@")) {
                throw new UnusableQueueException(redact(url), "user info (NAME:PASSWORD@) does not belong in the queue URL (it is"
                        + " printed, logged and written into job scripts)" + allowed, null);
            }
        }
        Properties parsed = org.postgresql.Driver.parseURL(url, new Properties());
        if (parsed == null) {
            throw new UnusableQueueException(redact(url), "not a valid PostgreSQL JDBC URL" + allowed, null);
        }
        for (String key : parsed.stringPropertyNames()) {
            if (key.equalsIgnoreCase("password") || key.equalsIgnoreCase("sslpassword")) {
                throw new UnusableQueueException(redact(url), "a password does not belong in the queue URL (it is"
                        + " printed, logged and written into job scripts)" + allowed, null);
            }
        }
        Properties p = new Properties();
        String user = env.get("PGUSER");
        if (user != null && !user.isEmpty() && parsed.getProperty("user") == null) {
            p.setProperty("user", user);
        }
        String password = env.get("PGPASSWORD");
        if (password != null && !password.isEmpty()) {
            p.setProperty("password", password);
        }
        p.setProperty("ApplicationName", "selab");
        p.setProperty("connectTimeout", "10");
        p.setProperty("socketTimeout", "120"); // a hung server must not hang a worker's heartbeat forever
        p.setProperty("tcpKeepAlive", "true");
        return p;
    }

    /** The URL with password values and any user info masked, for messages. */
    private static String redact(String url) {
        String masked = url.replaceAll("(?i)(password|sslpassword)=[^&]*", "$1=***");
        return masked.replaceAll("//[^/?@]*@", "//***@");
    }

    private static Connection connect(String url, Properties properties) {
        try {
            Connection c = DriverManager.getConnection(url, properties);
            try (Statement s = c.createStatement()) {
                // Server-side bounds: a worker frozen or cut off inside a claim transaction must not keep its row
                // locked (and skipped by every SKIP LOCKED claimer) until TCP notices; statements end before the
                // client's socket timeout.
                s.execute("SET idle_in_transaction_session_timeout = '10s'");
                s.execute("SET lock_timeout = '30s'");
                s.execute("SET statement_timeout = '60s'");
            }
            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
            return c;
        } catch (SQLException e) {
            String state = e.getSQLState() == null ? "" : e.getSQLState();
            if (state.startsWith("28") || state.equals("3D000")) {
                // Wrong user or password, or no such database: the user's setup, not a failure of selab.
                throw new UnusableQueueException(redact(url), "cannot connect: " + e.getMessage() + "; the user and password"
                        + " come from PGUSER and PGPASSWORD or ~/.pgpass, and the database must exist", e);
            }
            throw new QueueException("Cannot open queue " + redact(url) + ": " + e.getMessage(), e);
        }
    }

    private static boolean hasSchema(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT to_regclass('selab_schema_version') IS NOT NULL")) {
            rs.next();
            return rs.getBoolean(1);
        }
    }

    /** Brings the schema to {@link #SCHEMA_VERSION}, one migration at a time, each recorded in the version table. */
    private static void migrate(String url, Connection c) {
        try {
            try (Statement s = c.createStatement()) {
                s.execute("SELECT pg_advisory_xact_lock(" + SCHEMA_LOCK + ")");
                if (!hasSchema(c)) {
                    s.execute("CREATE TABLE selab_schema_version (version INTEGER PRIMARY KEY,"
                            + " applied_at TIMESTAMPTZ NOT NULL DEFAULT now(), applied_by TEXT NOT NULL)");
                }
                int version;
                try (ResultSet rs = s.executeQuery("SELECT COALESCE(MAX(version), 0) FROM selab_schema_version")) {
                    rs.next();
                    version = rs.getInt(1);
                }
                if (version > SCHEMA_VERSION) {
                    throw new UnusableQueueException(url, "its queue schema is version " + version + ", newer than"
                            + " this selab's (" + SCHEMA_VERSION + "); run a selab at least as new as the one that"
                            + " wrote it", null);
                }
                for (int v = version; v < SCHEMA_VERSION; v++) {
                    for (String sql : MIGRATIONS.get(v)) {
                        s.execute(sql);
                    }
                    try (PreparedStatement record = c.prepareStatement(
                            "INSERT INTO selab_schema_version (version, applied_by) VALUES (?, ?)")) {
                        record.setInt(1, v + 1);
                        record.setString(2, "selab");
                        record.executeUpdate();
                    }
                    LOG.info("Queue {}: schema version {} created", url, v + 1);
                }
            }
            c.commit();
        } catch (SQLException e) {
            rollbackQuietly(c);
            throw new QueueException("Queue " + url + ": cannot create or migrate its schema: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            rollbackQuietly(c);
            throw e;
        }
    }

    /** The schema version the database records (for tests and status). */
    synchronized int schemaVersion() {
        return inTransaction("read the schema version", () -> {
            try (Statement s = connection.createStatement();
                    ResultSet rs = s.executeQuery("SELECT MAX(version) FROM selab_schema_version")) {
                rs.next();
                return rs.getInt(1);
            }
        });
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
            long now = now();
            int added = 0;
            try (PreparedStatement run = connection.prepareStatement("""
                            INSERT INTO selab_runs (id, experiment, variant, seed, config_json, state, attempts,
                              max_attempts, enqueued_at) VALUES (?, ?, ?, ?, ?, 'queued', 0, ?, ?)
                            ON CONFLICT (id) DO NOTHING""");
                    PreparedStatement member = connection.prepareStatement("INSERT INTO selab_memberships"
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
                    "UPDATE selab_runs SET max_attempts = ? WHERE state IN ('queued', 'running', 'failed')"
                            + memberFilter(experimentOrNull));
                    PreparedStatement reopen = connection.prepareStatement(
                            "UPDATE selab_runs SET state = 'queued', finished_at = NULL WHERE state = 'failed'"
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
                    LOG.warn("Taking over run {} from worker {} ({})", c.id, c.worker, c.lapse(now));
                }
                return Optional.of(take(c, request, now));
            }
        });
    }

    /** A row that may be claimed now, locked by the claim's transaction. */
    private record Candidate(String id, String experiment, String variant, long seed, String config,
            boolean reclaimed, String worker, int attempts, int failedAttempts, int maxAttempts, int stalls,
            long deadline) {
        String lapse(long now) {
            // deadline 0 = expired by a worker that found the holder's lock released
            return deadline == 0 ? "its process is gone" : "its claim lapsed " + (now - deadline) + " ms ago";
        }
    }

    /**
     * The next claimable row, locked: rows other claimers have locked are skipped, not waited for, so two claims
     * running at once get different runs.
     */
    private Optional<Candidate> nextClaimable(long now, String experimentOrNull) throws SQLException {
        Candidate c;
        try (PreparedStatement pick = connection.prepareStatement("""
                SELECT id, experiment, variant, seed, config_json, state, worker, attempts, failed_attempts,
                  max_attempts, stalls, deadline_at FROM selab_runs
                WHERE (state = 'queued' OR (state = 'running' AND deadline_at < ?))"""
                + memberFilter(experimentOrNull)
                + " ORDER BY CASE state WHEN 'running' THEN 0 ELSE 1 END, enqueued_at, seq LIMIT 1"
                + " FOR UPDATE SKIP LOCKED")) {
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
            c = new Candidate(c.id, experimentOrNull, memberVariant(experimentOrNull, c.id), c.seed, c.config,
                    c.reclaimed, c.worker, c.attempts, c.failedAttempts, c.maxAttempts, c.stalls, c.deadline);
        }
        return Optional.of(c);
    }

    private Claim take(Candidate c, ClaimRequest request, long now) throws SQLException {
        Lease lease = request.lease();
        try (PreparedStatement take = connection.prepareStatement("""
                UPDATE selab_runs SET state = 'running', worker = ?, claim_token = ?, holder_node = ?,
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
        try (PreparedStatement s = connection.prepareStatement("UPDATE selab_runs SET state = 'failed',"
                + " finished_at = ?, error = ?, " + NO_CLAIM + " WHERE id = ?")) {
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
                    "SELECT id, worker, claim_token, holder_node, deadline_at FROM selab_runs WHERE state = 'running'"
                            + memberFilter(experimentOrNull) + " ORDER BY enqueued_at, seq")) {
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
                    "UPDATE selab_runs SET deadline_at = 0, claim_token = NULL WHERE " + CURRENT_CLAIM)) {
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

    /** Moves the claim's deadline to now + its timeout (the database's now), and records progress when given. */
    private boolean extend(String what, Claim claim, Integer epochsDoneOrNull) {
        return inTransaction(what, () -> {
            long now = now();
            try (PreparedStatement s = connection.prepareStatement("UPDATE selab_runs SET heartbeat_at = ?,"
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
            try (PreparedStatement s = connection.prepareStatement("UPDATE selab_runs SET state = ?,"
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
            RunStatus next;
            try (PreparedStatement s = connection.prepareStatement("""
                    UPDATE selab_runs SET failed_attempts = failed_attempts + 1, stalls = 0, error = ?,
                      state = CASE WHEN failed_attempts + 1 < max_attempts THEN 'queued' ELSE 'failed' END,
                      finished_at = CASE WHEN failed_attempts + 1 < max_attempts THEN NULL ELSE ?::bigint END, """
                    + NO_CLAIM + " WHERE " + CURRENT_CLAIM + " RETURNING state")) {
                s.setString(1, error);
                s.setLong(2, now());
                s.setString(3, claim.id());
                s.setString(4, claim.token());
                try (ResultSet rs = s.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.<RunStatus>empty();
                    }
                    next = state(rs.getString(1));
                }
            }
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
            try (PreparedStatement s = connection.prepareStatement("UPDATE selab_runs SET state = 'queued',"
                    + " worker = NULL, claimed_at = NULL, heartbeat_at = NULL, stalls = 0, " + NO_CLAIM
                    + (unstarted ? ", attempts = GREATEST(attempts - 1, 0)" : "") + " WHERE " + CURRENT_CLAIM)) {
                s.setString(1, claim.id());
                s.setString(2, claim.token());
                return s.executeUpdate() == 1;
            }
        });
    }

    /**
     * Like the SQLite queue's, but without locking the table: each change is made only if the row is still in the
     * state that was read, so a claim made meanwhile is left alone (its worker reads the record and completes it).
     */
    @Override
    public synchronized Reconciliation reconcile(RecordedRuns records) {
        return inTransaction("reconcile with the results tree", () -> {
            Map<String, RunStatus> states = new LinkedHashMap<>();
            try (PreparedStatement s = connection.prepareStatement(
                    "SELECT id, state FROM selab_runs ORDER BY enqueued_at, seq");
                    ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    states.put(rs.getString(1), state(rs.getString(2)));
                }
            }
            List<String> finished = new ArrayList<>();
            List<String> requeued = new ArrayList<>();
            long now = now();
            try (PreparedStatement finish = connection.prepareStatement("UPDATE selab_runs SET state = ?,"
                    + " finished_at = ?, error = NULL, stalls = 0, " + NO_CLAIM + " WHERE id = ? AND state = ?");
                    PreparedStatement requeue = connection.prepareStatement(
                            "UPDATE selab_runs SET " + REQUEUED + " WHERE id = ? AND state = ?")) {
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
                    "UPDATE selab_runs SET " + REQUEUED + " WHERE id = ? AND state IN ('done', 'diverged')")) {
                s.setString(1, id);
                return s.executeUpdate() == 1;
            }
        });
    }

    @Override
    public synchronized int retryFailed(String experimentOrNull) {
        return requeueFailed(experimentOrNull, null);
    }

    private int requeueFailed(String experimentOrNull, String causeOrNull) {
        return inTransaction("retry failed", () -> {
            try (PreparedStatement s = connection.prepareStatement("UPDATE selab_runs SET " + REQUEUED
                    + " WHERE state = 'failed'" + (causeOrNull == null ? "" : " AND strpos(error, ?) > 0")
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
        return inTransaction("count runs", () -> {
            Map<RunStatus, Integer> counts = new EnumMap<>(RunStatus.class);
            for (RunStatus s : RunStatus.values()) {
                counts.put(s, 0);
            }
            try (PreparedStatement s = connection.prepareStatement("SELECT state, COUNT(*) FROM selab_runs WHERE 1 = 1"
                    + memberFilter(experimentOrNull) + " GROUP BY state")) {
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
        String sql = experimentOrNull == null
                ? "SELECT r.*, r.experiment AS member_experiment, r.variant AS member_variant FROM selab_runs r"
                        + " ORDER BY r.enqueued_at, r.seq"
                : "SELECT r.*, m.experiment AS member_experiment, m.variant AS member_variant"
                        + " FROM selab_runs r JOIN selab_memberships m ON m.id = r.id WHERE m.experiment = ?"
                        + " ORDER BY r.enqueued_at, r.seq";
        return inTransaction("list runs", () -> {
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
        return inTransaction("list experiments of run " + id, () -> {
            List<String> experiments = new ArrayList<>();
            try (PreparedStatement s = connection.prepareStatement(
                    "SELECT experiment FROM selab_memberships WHERE id = ? ORDER BY experiment")) {
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

    @Override
    public synchronized void close() {
        if (connection == null) {
            return;
        }
        try {
            connection.close();
        } catch (SQLException e) {
            throw failure("close", e);
        } finally {
            connection = null;
        }
    }

    /** Now by the database's clock (or the test clock), in epoch milliseconds. */
    private long now() throws SQLException {
        if (testClock != null) {
            return testClock.millis();
        }
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(DB_NOW)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private RunStatus stateOf(String id) throws SQLException {
        try (PreparedStatement s = connection.prepareStatement("SELECT state FROM selab_runs WHERE id = ?")) {
            s.setString(1, id);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalArgumentException("No run '" + id + "' in queue " + url);
                }
                return state(rs.getString(1));
            }
        }
    }

    private String memberVariant(String experiment, String id) throws SQLException {
        try (PreparedStatement s = connection.prepareStatement(
                "SELECT variant FROM selab_memberships WHERE experiment = ? AND id = ?")) {
            s.setString(1, experiment);
            s.setString(2, id);
            try (ResultSet rs = s.executeQuery()) {
                rs.next(); // present: the claim was filtered by this membership
                return rs.getString(1);
            }
        }
    }

    private static String memberFilter(String experimentOrNull) {
        return experimentOrNull == null ? "" : " AND id IN (SELECT id FROM selab_memberships WHERE experiment = ?)";
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

    @FunctionalInterface
    private interface SqlWork<T> {
        T run() throws SQLException;
    }

    /**
     * Runs {@code work} in one READ COMMITTED transaction on this queue's connection, reconnecting first if the
     * connection broke. A failed transaction is rolled back and never retried here: whether a lost commit happened
     * cannot be known, and every caller already treats a queue error as "nothing changed, or tell me again".
     */
    private <T> T inTransaction(String what, SqlWork<T> work) {
        if (connection == null) {
            connection = connect(url, properties);
        }
        try {
            T result = work.run();
            connection.commit();
            return result;
        } catch (SQLException e) {
            rollbackQuietly(connection);
            dropIfBroken(e);
            throw failure(what, e);
        } catch (RuntimeException | Error e) {
            rollbackQuietly(connection);
            throw e;
        }
    }

    /** Closes a connection the error says is gone, so the next call opens a new one. */
    private void dropIfBroken(SQLException e) {
        String state = e.getSQLState();
        boolean broken;
        try {
            // class 08: connection exception; 57P0x: the server shut down or terminated this session
            broken = (state != null && (state.startsWith("08") || state.startsWith("57P0"))) || connection.isClosed();
        } catch (SQLException closedCheck) {
            broken = true;
        }
        if (broken) {
            closeQuietly(connection);
            connection = null;
        }
    }

    private QueueException failure(String what, SQLException e) {
        return new QueueException("Queue " + url + ": cannot " + what + ": " + e.getMessage(), e);
    }

    private static void rollbackQuietly(Connection c) {
        try {
            c.rollback();
        } catch (SQLException ignored) {
            // already failing; the original error is the one to report
        }
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
