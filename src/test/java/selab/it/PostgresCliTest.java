package selab.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import selab.plan.Planner;
import selab.queue.PostgresQueue;
import selab.queue.QueuedRun;
import selab.queue.TestPostgres;
import selab.results.RunStatus;
import selab.spec.SpecLoader;

/** The verbs on {@code --queue jdbc:postgresql://...}: bad URLs are one message and exit 2; a sweep runs through it. */
class PostgresCliTest {
    private static final String EXP = "pgcli";

    @TempDir
    Path tmp;

    @Test
    void aQueueUrlWithAPasswordOrAnotherDatabaseIsBadInput() throws Exception {
        Path spec = Sweeps.spec(tmp, "s.yaml", EXP, 1, List.of(0), "  se: {}\n", "");
        String results = tmp.resolve("results").toString();
        Cli.Result r = Cli.run("status", spec.toString(), "--results", results, "--queue",
                "jdbc:postgresql://127.0.0.1:1/sweeps?user=me&password=hunter2");
        assertEquals(2, r.exit(), r.all());
        assertFalse(r.all().contains("hunter2"), r.all());
        assertTrue(r.err().startsWith("selab status: jdbc:postgresql://127.0.0.1:1/sweeps?user=me&password=***: a"
                + " password does not belong in the queue URL"), r.all());
        assertEquals(1, r.err().strip().lines().count(), "one message, no stack trace: " + r.all());

        r = Cli.run("status", spec.toString(), "--results", results, "--queue", "jdbc:mysql://127.0.0.1:1/sweeps");
        assertEquals(2, r.exit(), r.all());
        assertTrue(r.err().contains("--queue: 'jdbc:mysql://127.0.0.1:1/sweeps' is not supported"), r.all());
    }

    @Test
    void statusLeavesAnEmptyDatabaseAloneAndRunTrainsTheSweepThroughPostgres() throws Exception {
        String url = TestPostgres.newDatabase();
        Path spec = Sweeps.spec(tmp, "s.yaml", EXP, 2, List.of(0), "  plain: {model.se: none}\n  se: {}\n", "");
        String results = tmp.resolve("results").toString();

        Cli.Result status = Cli.run("status", spec.toString(), "--results", results, "--queue", url);
        assertEquals(0, status.exit(), status.all());
        assertTrue(status.out().contains(EXP + ": 2 planned, 2 not yet queued (no queue at " + url + " yet)"),
                status.all());
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")) {
            rs.next();
            assertEquals(0, rs.getInt(1), "status created tables");
        }

        Cli.Result run = Cli.run("run", spec.toString(), "--results", results, "--queue", url, "--device", "cpu");
        assertEquals(0, run.exit(), run.all());
        List<String> ids = Planner.expand(SpecLoader.load(spec)).distinctRuns().stream().map(v -> v.id()).toList();
        assertEquals(ids.stream().sorted().toList(), Sweeps.ids(Sweeps.TRAINING, run.out()).stream().sorted().toList(),
                run.all());
        try (PostgresQueue q = PostgresQueue.open(url)) {
            List<QueuedRun> rows = q.list(EXP);
            assertEquals(2, rows.size());
            for (QueuedRun row : rows) {
                assertEquals(RunStatus.DONE, row.state(), row.toString());
                assertEquals(1, row.attempts(), row.toString());
            }
        }
        for (String id : ids) {
            assertEquals("done", Sweeps.records(Path.of(results), EXP).get(id).get("status").asText());
        }
        status = Cli.run("status", spec.toString(), "--results", results, "--queue", url);
        assertEquals(0, status.exit(), status.all());
        assertTrue(status.out().contains("progress  2/2 (100%)"), status.all());
    }
}
