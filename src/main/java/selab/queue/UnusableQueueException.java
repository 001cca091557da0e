package selab.queue;

import java.nio.file.Path;
import selab.io.BadInputException;

/**
 * The queue the user gave cannot hold a queue: the file is not a SQLite database, or its directory cannot be
 * created; or the PostgreSQL URL is malformed, carries a password, or names a database selab cannot log in to or
 * whose schema is newer than this selab's. The message names the file or URL and what is wrong.
 */
public class UnusableQueueException extends BadInputException {
    public UnusableQueueException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
    }

    /** @param location a PostgreSQL URL (never one with a password: callers mask it first) */
    public UnusableQueueException(String location, String problem, Throwable cause) {
        super(location + ": " + problem, cause);
    }
}
