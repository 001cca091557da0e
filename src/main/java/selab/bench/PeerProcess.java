package selab.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs one external command to completion (or timeout) and captures its stdout and stderr. */
final class PeerProcess {

    /** How a finished (or killed) process ended. {@code exitCode} is -1 when it was killed for the timeout. */
    record Output(int exitCode, boolean timedOut, String stdout, String stderr) {}

    private PeerProcess() {}

    /**
     * @throws IOException if the command cannot be started at all (e.g. the executable is missing)
     */
    static Output run(List<String> command, Map<String, String> extraEnv, Duration timeout)
            throws IOException, InterruptedException {
        // Files rather than pipes: no reader threads, and a chatty stderr can never block the child.
        Path out = Files.createTempFile("selab-peer-", ".out");
        Path err = Files.createTempFile("selab-peer-", ".err");
        try {
            ProcessBuilder pb = new ProcessBuilder(command)
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile());
            pb.environment().putAll(extraEnv);
            Process p = pb.start();
            boolean finished = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!finished) {
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
            }
            return new Output(finished ? p.exitValue() : -1, !finished,
                    Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
