package selab.queue;

import java.nio.file.Path;
import selab.io.BadInputException;

/**
 * The queue path the user gave cannot hold a queue: the file is not a SQLite database, or its directory
 * cannot be created. The message names the file and what is wrong.
 */
public class UnusableQueueException extends BadInputException {
    public UnusableQueueException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
    }
}
