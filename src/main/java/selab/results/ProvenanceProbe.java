package selab.results;

import ai.djl.engine.Engine;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Captures what produced a run: the code's git commit and whether tracked files had uncommitted changes,
 * the Java, DJL and PyTorch versions, and the machine. Anything that cannot be determined is recorded as
 * {@value #UNKNOWN} rather than failing the run.
 */
public final class ProvenanceProbe {
    public static final String UNKNOWN = "unknown";
    private static final long GIT_TIMEOUT_SECONDS = 10;

    private ProvenanceProbe() {}

    /** Provenance of a run starting now, with git read from the current working directory. */
    public static Provenance capture(String device, int threads) {
        return capture(device, threads, Path.of("").toAbsolutePath(), Clock.systemUTC());
    }

    /** As {@link #capture(String, int)}, reading git state from {@code workDir}. */
    public static Provenance capture(String device, int threads, Path workDir, Clock clock) {
        String commit = git(workDir, "rev-parse", "HEAD");
        boolean dirty = false;
        if (commit == null) {
            commit = UNKNOWN;
        } else {
            String status = git(workDir, "status", "--porcelain", "--untracked-files=no");
            dirty = status != null && !status.isBlank();
        }
        return new Provenance(commit, dirty, System.getProperty("java.version"), djlVersion(), pytorchVersion(),
                device, threads, hostName(), Instant.now(clock).toString(), null);
    }

    /** The same provenance with {@code finished_at} set to now. */
    public static Provenance finished(Provenance p, Clock clock) {
        return new Provenance(p.gitCommit(), p.gitDirty(), p.javaVersion(), p.djlVersion(), p.pytorchVersion(),
                p.device(), p.threads(), p.host(), p.startedAt(), Instant.now(clock).toString());
    }

    public static Provenance finished(Provenance p) {
        return finished(p, Clock.systemUTC());
    }

    static String djlVersion() {
        try {
            String v = Engine.getDjlVersion();
            return v == null || v.isBlank() ? UNKNOWN : v;
        } catch (RuntimeException | LinkageError e) {
            return UNKNOWN;
        }
    }

    /** Loads the PyTorch engine (and its native library) if it is not loaded yet. */
    static String pytorchVersion() {
        try {
            return Engine.getEngine("PyTorch").getVersion();
        } catch (RuntimeException | LinkageError e) {
            return UNKNOWN;
        }
    }

    static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            String env = System.getenv("HOSTNAME");
            return env == null || env.isBlank() ? UNKNOWN : env;
        }
    }

    /** Trimmed stdout of a git command, or null if git is missing, times out or exits non-zero. */
    static String git(Path workDir, String... args) {
        List<String> command = new java.util.ArrayList<>(List.of("git"));
        command.addAll(List.of(args));
        Process process;
        try {
            process = new ProcessBuilder(command)
                    .directory(workDir.toFile())
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
        } catch (IOException e) {
            return null; // git not installed
        }
        try (InputStream out = process.getInputStream()) {
            String text = new String(out.readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(GIT_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return null;
            }
            return process.exitValue() == 0 ? text.trim() : null;
        } catch (IOException e) {
            process.destroyForcibly();
            return null;
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
