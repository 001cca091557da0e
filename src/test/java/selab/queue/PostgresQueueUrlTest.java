package selab.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import selab.io.BadInputException;

/** Credentials of a PostgreSQL queue never come from its URL; no server is needed (nothing may be connected to). */
class PostgresQueueUrlTest {

    @Test
    void aUrlWithAPasswordIsBadInputAndTheMessageDoesNotRepeatThePassword() {
        // Port 1 on loopback: were a connection tried, the error would be "connection refused", not this one.
        for (String url : new String[] {
                "jdbc:postgresql://127.0.0.1:1/sweeps?user=me&password=hunter2",
                "jdbc:postgresql://127.0.0.1:1/sweeps?PASSWORD=hunter2",
                "jdbc:postgresql://me:hunter2@127.0.0.1:1/sweeps"}) {
            UnusableQueueException e = assertThrows(UnusableQueueException.class, () -> PostgresQueue.open(url), url);
            assertTrue(e instanceof BadInputException, "exit 2, one message");
            assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
            assertTrue(e.getMessage().contains("does not belong in the queue URL"), e.getMessage());
            assertTrue(e.getMessage().contains("PGPASSWORD or ~/.pgpass"), e.getMessage());
        }
    }

    @Test
    void aMalformedUrlIsBadInput() {
        UnusableQueueException e = assertThrows(UnusableQueueException.class,
                () -> PostgresQueue.open("jdbc:postgresql://127.0.0.1:notaport/db"));
        assertTrue(e.getMessage().contains("not a valid PostgreSQL JDBC URL"), e.getMessage());
        assertThrows(UnusableQueueException.class, () -> PostgresQueue.open("jdbc:mysql://127.0.0.1/db"));
    }

    @Test
    void userAndPasswordComeFromTheEnvironmentAndAUserInTheUrlWins() {
        Properties p = PostgresQueue.connectionProperties("jdbc:postgresql://127.0.0.1:5432/sweeps",
                Map.of("PGUSER", "alice", "PGPASSWORD", "s3cret"));
        assertEquals("alice", p.getProperty("user"));
        assertEquals("s3cret", p.getProperty("password"));
        p = PostgresQueue.connectionProperties("jdbc:postgresql://127.0.0.1:5432/sweeps?user=bob",
                Map.of("PGUSER", "alice"));
        assertNull(p.getProperty("user"), "the URL's user=bob stands (the driver reads it from the URL)");
        p = PostgresQueue.connectionProperties("jdbc:postgresql://127.0.0.1:5432/sweeps", Map.of());
        assertNull(p.getProperty("user"), "the driver's default: the OS user");
        assertNull(p.getProperty("password"), "the driver's default: ~/.pgpass or PGPASSFILE");
    }

    @Test
    void onlyJdbcPostgresqlUrlsNameADatabase() {
        assertTrue(PostgresQueue.isUrl("jdbc:postgresql://db.example:5432/sweeps"));
        assertFalse(PostgresQueue.isUrl("results/queue.db"));
        assertFalse(PostgresQueue.isUrl(null));
    }
}
