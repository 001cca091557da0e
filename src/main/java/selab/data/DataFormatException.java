package selab.data;

import java.nio.file.Path;

/**
 * A data file exists but its content is not what its format promises (bad magic number, truncated,
 * label out of range, undecodable image). The message always names the file.
 */
public class DataFormatException extends RuntimeException {

    public DataFormatException(Path file, String problem) {
        super(file + ": " + problem);
    }

    public DataFormatException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
    }
}
