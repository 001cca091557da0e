package selab.results;

import java.nio.file.Path;
import selab.io.BadInputException;

/**
 * A run.json, history.csv or timing.csv on disk that cannot be read back (not JSON, a field of the wrong
 * type, a record that contradicts itself, a garbage row): the user's file, so bad input. The message names
 * the file and the fault.
 */
public class MalformedRecordException extends BadInputException {
    private final Path file;

    public MalformedRecordException(Path file, String problem, Throwable cause) {
        super("Malformed " + file + ": " + problem, cause);
        this.file = file;
    }

    public Path file() {
        return file;
    }
}
