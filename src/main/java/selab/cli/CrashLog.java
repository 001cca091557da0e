package selab.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import selab.results.BuildStamp;

/**
 * Where an internal error's stack trace goes: {@code <results>/selab-error-<time>-<pid>.log} when the results
 * directory exists and is writable (next to the runs it concerns; a file with a dot cannot be mistaken for an
 * experiment's directory), else the same name in the system temp directory.
 */
final class CrashLog {
    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    private CrashLog() {}

    /**
     * Writes the command line, the build and the stack trace of {@code error}.
     *
     * @param results the verb's results directory, or null
     * @return the log file
     */
    static Path write(Throwable error, Path results, List<String> args) {
        Path dir = results != null && Files.isDirectory(results) && Files.isWritable(results)
                ? results
                : Path.of(System.getProperty("java.io.tmpdir"));
        Path file = dir.resolve("selab-error-" + STAMP.format(Instant.now()) + "-" + ProcessHandle.current().pid()
                + ".log").toAbsolutePath();
        StringWriter text = new StringWriter();
        try (PrintWriter w = new PrintWriter(text)) {
            w.println("selab " + String.join(" ", args));
            w.println(build() + ", Java " + System.getProperty("java.version") + ", " + Instant.now());
            error.printStackTrace(w);
        }
        try {
            Files.writeString(file, text.toString(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
        return file;
    }

    /** The commit the build was made from; the error may come from reading it, so never fail here. */
    private static String build() {
        try {
            BuildStamp b = BuildStamp.current();
            return "commit " + b.commit() + (b.dirty() ? " (dirty)" : "");
        } catch (RuntimeException e) {
            return "commit unknown (" + e + ")";
        }
    }

    /** The exception's class and the first line of its message: a summary that fits one line. */
    static String firstLine(Throwable error) {
        String s = error.toString();
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl) + " ...";
    }
}
