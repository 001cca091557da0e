package selab.io;

/**
 * Something the user gave is wrong: a spec, a flag, a data file, a file in the results tree. The message
 * is the whole explanation (the file or flag, what is wrong with it, what is allowed), so the command line
 * prints it as it is, without a stack trace, and exits with code 2. Every other exception is a bug or a
 * failure of the machine, and is reported as one (exit code 1, stack trace in a log file).
 *
 * <p>Lives in the lowest package so that every layer can say "this is the user's input" where it finds out.
 */
public class BadInputException extends RuntimeException {

    public BadInputException(String message) {
        super(message);
    }

    public BadInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
