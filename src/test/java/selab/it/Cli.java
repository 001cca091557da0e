package selab.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import selab.cli.Main;

/**
 * Runs the real CLI, either in this JVM ({@link Main#execute}, stdout and stderr captured) or as a child
 * JVM ({@code java -cp <test class path> selab.cli.Main ...}) whose output goes to a log file, for tests that
 * need a second process or must kill one.
 */
final class Cli {
    private Cli() {}

    /** What an in-process call printed and returned. */
    record Result(int exit, String out, String err) {
        /** Everything printed, for assertion messages. */
        String all() {
            return "exit " + exit + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    /** Runs {@code selab args...} in this JVM; System.out/err are swapped for the call, so calls must not overlap. */
    static synchronized Result run(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
                PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            System.setOut(o);
            System.setErr(e);
            int exit = Main.execute(args);
            o.flush();
            e.flush();
            return new Result(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    /**
     * Starts {@code selab args...} in a child JVM with the test's class path; stdout and stderr both go to
     * {@code log} (a file, not a pipe, so a child never blocks on a full pipe and a killed child's last
     * lines survive).
     */
    static Process start(Path log, String... args) throws IOException {
        return start(List.of(), null, log, args);
    }

    /**
     * Like {@link #start(Path, String...)}, with the java command prefixed by {@code wrapper} (e.g. unshare) and run
     * in {@code workDir} (null = this process's).
     */
    static Process start(List<String> wrapper, Path workDir, Path log, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(wrapper);
        cmd.addAll(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g",
                "-cp", System.getProperty("java.class.path"),
                "-Dai.djl.offline=true",
                "-Djava.awt.headless=true",
                "selab.cli.Main"));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).directory(workDir == null ? null : workDir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
    }
}
