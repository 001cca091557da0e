package selab.results;

import java.nio.file.Path;

/** A run.json or history.csv on disk that cannot be read back; the message names the file and the fault. */
public class MalformedRecordException extends RuntimeException {
    private final Path file;

    public MalformedRecordException(Path file, String problem, Throwable cause) {
        super("Malformed " + file + ": " + problem, cause);
        this.file = file;
    }

    public Path file() {
        return file;
    }
}
