package selab.cli;

import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;
import selab.io.BadInputException;
import selab.queue.QueueException;

/**
 * Tells the user whose fault a failure is. Bad input ({@link BadInputException}: a spec, a flag, data, a
 * file in the results tree) is one message and exit code 2, no stack trace. Anything else is a bug in selab
 * or a failure of the machine: a one-line summary, the stack trace in a log file whose path is printed, and
 * exit code 1 — never the user's fault by accident (a DJL shape error is an IllegalArgumentException too).
 */
final class ErrorHandler implements IExecutionExceptionHandler {

    /** Exit code of an internal error. */
    static final int INTERNAL_ERROR = 1;

    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parsed) {
        String verb = "selab " + cmd.getCommandName() + ": ";
        if (ex instanceof BadInputException) {
            cmd.getErr().println(verb + ex.getMessage());
            return Main.BAD_INPUT;
        }
        if (ex instanceof QueueException) {
            // The queue could not be read or written (disk full, file deleted): the message says what is kept and
            // what to do; a stack trace would bury it.
            cmd.getErr().println("selab " + cmd.getCommandName() + ": " + ex.getMessage());
            return INTERNAL_ERROR;
        }
        String summary = verb + "internal error (a bug in selab or a failure of this machine, not your input): "
                + CrashLog.firstLine(ex);
        try {
            Path log = CrashLog.write(ex, resultsDir(cmd), parsed.originalArgs());
            cmd.getErr().println(summary + "; stack trace in " + log);
        } catch (RuntimeException logFailed) {
            cmd.getErr().println(summary + " (the log file could not be written: " + logFailed + "; stack trace follows)");
            ex.printStackTrace(cmd.getErr());
        }
        return INTERNAL_ERROR;
    }

    /** The verb's --results directory (its default when not given), or null for verbs without one. */
    private static Path resultsDir(CommandLine cmd) {
        OptionSpec results = cmd.getCommandSpec().findOption("--results");
        return results == null ? null : results.getValue();
    }
}
