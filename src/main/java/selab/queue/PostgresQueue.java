package selab.queue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link WorkQueue} in a PostgreSQL database ({@code --queue jdbc:postgresql://host:port/db}), for workers on many
 * machines. Same tables and rules as {@link RunQueue} (one row per run id, memberships per experiment, a fencing
 * token per claim, per-claim lease deadlines; the statements are {@link JdbcQueue}'s), with three differences:
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
public final class PostgresQueue extends JdbcQueue {
    /** What a {@code --queue} value starts with to name a PostgreSQL database. */
    public static final String URL_PREFIX = "jdbc:postgresql:";
    /** The schema version this program reads and writes; {@link #MIGRATIONS} has one entry per version. */
    public static final int SCHEMA_VERSION = 1;
    /** Advisory lock key under which the schema is created or migrated (one process at a time). */
    private static final long SCHEMA_LOCK = 0x5e1ab_5c4e3aL;
    /** The transaction-scoped advisory lock every enqueue takes first: overlapping enqueues queue up, not deadlock. */
    private static final long ENQUEUE_LOCK = 0x5e1ab_e4a0e0L;

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

    private PostgresQueue(String url, Properties properties, Clock testClock, Connection connection) {
        super(url, "selab_runs", "selab_memberships", "seq", connection);
        this.url = url;
        this.properties = properties;
        this.testClock = testClock;
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
    @Override
    long now() throws SQLException {
        if (testClock != null) {
            return testClock.millis();
        }
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(DB_NOW)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /**
     * Runs {@code work} in one READ COMMITTED transaction on this queue's connection, reconnecting first if the
     * connection broke. A failed transaction is rolled back and never retried here: whether a lost commit happened
     * cannot be known, and every caller already treats a queue error as "nothing changed, or tell me again".
     */
    @Override
    <T> T inTransaction(String what, SqlWork<T> work) {
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

    private static void rollbackQuietly(Connection c) {
        try {
            c.rollback();
        } catch (SQLException ignored) {
            // already failing; the original error is the one to report
        }
    }

    /** Released when the transaction ends (commit or rollback); waits at most the session's lock_timeout. */
    @Override
    void serializeEnqueues() throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute("SELECT pg_advisory_xact_lock(" + ENQUEUE_LOCK + ")");
        }
    }

    /**
     * Locks the row it picks, and skips rows other claimers have locked instead of waiting for them, so two claims
     * running at once get different runs.
     */
    @Override
    String claimLock() {
        return " FOR UPDATE SKIP LOCKED";
    }

    @Override
    String containsParameter(String column) {
        return "strpos(" + column + ", ?) > 0";
    }
}
