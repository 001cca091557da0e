package selab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import selab.io.BadInputException;

/**
 * Whose fault a failure is: the configured command line (every verb's handlers, as {@code selab} runs them) with
 * one extra verb that fails the way selab's own code can. An IllegalArgumentException from the library (what a
 * DJL shape mismatch throws) is an internal error: exit 1, one line, the stack trace in a log file whose path
 * is printed. Bad input stays exit 2 with its message and no log.
 */
class ErrorHandlerTest {
    private static final Pattern LOG_PATH = Pattern.compile("stack trace in (\\S+\\.log)$");

    @TempDir
    Path tmp;

    /** A verb with the real --results option that throws what it is told to. */
    @Command(name = "fail")
    static final class Fail implements Callable<Integer> {
        @Mixin
        Workspace ws;

        @Option(names = "--bad-input")
        boolean badInput;

        @Override
        public Integer call() {
            if (badInput) {
                throw new BadInputException("x.yaml: base.model.width: '0' is not allowed; allowed: a number in [0.25, 8]");
            }
            throw new IllegalArgumentException("Shape mismatch, (1, 16, 8, 8) vs (1, 32, 8, 8)");
        }
    }

    private record Outcome(int exit, String err) {}

    private static Outcome run(String... args) {
        CommandLine cli = Main.commandLine().addSubcommand(new Fail());
        StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err, true));
        return new Outcome(cli.execute(args), err.toString());
    }

    @Test
    void anInternalErrorIsExitOneWithItsStackTraceInALogUnderTheResults() throws IOException {
        Path results = Files.createDirectories(tmp.resolve("results"));
        Outcome o = run("fail", "--results", results.toString());
        assertEquals(ErrorHandler.INTERNAL_ERROR, o.exit(), o.err());
        List<String> lines = o.err().lines().toList();
        assertEquals(1, lines.size(), o.err());
        assertTrue(lines.get(0).startsWith("selab fail: internal error (a bug in selab or a failure of this machine,"
                + " not your input): java.lang.IllegalArgumentException: Shape mismatch"), o.err());
        Path log = logPath(lines.get(0));
        assertEquals(results.toAbsolutePath(), log.getParent(), "the log lies in the results directory");
        String text = Files.readString(log);
        assertTrue(text.startsWith("selab fail --results " + results + "\n"), text);
        assertTrue(text.contains("java.lang.IllegalArgumentException: Shape mismatch"), text);
        assertTrue(text.contains("\tat selab.cli.ErrorHandlerTest$Fail.call("), "the stack trace: " + text);
    }

    @Test
    void withoutAWritableResultsDirectoryTheLogGoesToTheTempDirectory() throws IOException {
        Path temp = Files.createDirectories(tmp.resolve("temp"));
        String saved = System.getProperty("java.io.tmpdir");
        System.setProperty("java.io.tmpdir", temp.toString());
        Outcome o;
        try {
            o = run("fail", "--results", tmp.resolve("never-created").toString());
        } finally {
            System.setProperty("java.io.tmpdir", saved);
        }
        assertEquals(1, o.exit(), o.err());
        Path log = logPath(o.err().strip());
        assertEquals(temp.toAbsolutePath(), log.getParent());
        assertTrue(Files.readString(log).contains("Shape mismatch"));
        assertFalse(Files.exists(tmp.resolve("never-created")), "no results directory made for the log");
    }

    @Test
    void badInputIsStillExitTwoWithItsMessageAndNoLog() throws IOException {
        Path results = Files.createDirectories(tmp.resolve("results"));
        Outcome o = run("fail", "--bad-input", "--results", results.toString());
        assertEquals(Main.BAD_INPUT, o.exit(), o.err());
        assertEquals("selab fail: x.yaml: base.model.width: '0' is not allowed; allowed: a number in [0.25, 8]",
                o.err().strip());
        try (Stream<Path> files = Files.list(results)) {
            assertEquals(List.of(), files.toList(), "no log for bad input");
        }
    }

    private static Path logPath(String line) {
        Matcher m = LOG_PATH.matcher(line);
        assertTrue(m.find(), "the line names the log file: " + line);
        Path log = Path.of(m.group(1));
        assertTrue(Files.isRegularFile(log), "log file exists: " + log);
        return log;
    }
}
