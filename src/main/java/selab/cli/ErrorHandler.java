package selab.cli;

import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;
import selab.data.DataFormatException;
import selab.data.DataNotFoundException;
import selab.queue.QueueException;
import selab.spec.SpecException;

/**
 * Turns the library's input errors into one clear message and exit code 2 (no stack trace); anything
 * else is a bug or an environment failure and keeps its stack trace, exit code 1.
 */
final class ErrorHandler implements IExecutionExceptionHandler {

    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parsed) {
        if (ex instanceof SpecException || ex instanceof DataNotFoundException || ex instanceof DataFormatException
                || ex instanceof IllegalArgumentException || ex instanceof UserError) {
            cmd.getErr().println("selab " + cmd.getCommandName() + ": " + ex.getMessage());
            return Main.BAD_INPUT;
        }
        if (ex instanceof QueueException) {
            // The queue could not be read or written (disk full, file deleted): the message says what is kept and
            // what to do; a stack trace would bury it.
            cmd.getErr().println("selab " + cmd.getCommandName() + ": " + ex.getMessage());
            return 1;
        }
        cmd.getErr().println("selab " + cmd.getCommandName() + ": failed: " + ex);
        ex.printStackTrace(cmd.getErr());
        return 1;
    }
}
