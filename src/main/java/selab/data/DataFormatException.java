package selab.data;

import java.nio.file.Path;
import selab.io.BadInputException;

/**
 * A data file exists but its content is not what its format promises (bad magic number, truncated,
 * label out of range, undecodable image). The message always names the file.
 */
public class DataFormatException extends BadInputException {

    public DataFormatException(Path file, String problem) {
        super(file + ": " + problem);
    }

    public DataFormatException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
    }
}
