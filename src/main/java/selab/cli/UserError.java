package selab.cli;

/** A mistake in what the user asked for; reported as a one-line message with exit code 2. */
final class UserError extends RuntimeException {
    UserError(String message) {
        super(message);
    }
}
