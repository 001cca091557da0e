package selab.cli;

import selab.io.BadInputException;

/** A mistake in what the user asked for; reported as a one-line message with exit code 2. */
final class UserError extends BadInputException {
    UserError(String message) {
        super(message);
    }
}
