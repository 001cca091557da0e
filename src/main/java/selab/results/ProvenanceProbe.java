package selab.results;

import ai.djl.engine.Engine;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;

/**
 * Captures what produced a run: the build's git commit and dirty flag ({@link BuildStamp}), the Java, DJL
 * and PyTorch versions, and the machine. Anything that cannot be determined is recorded as
 * {@value #UNKNOWN} rather than failing the run.
 */
public final class ProvenanceProbe {
    public static final String UNKNOWN = "unknown";

    private ProvenanceProbe() {}

    /** Provenance of a run starting now; the commit and dirty flag are this build's {@link BuildStamp}. */
    public static Provenance capture(String device, int threads) {
        return capture(device, threads, BuildStamp.current(), Clock.systemUTC());
    }

    public static Provenance capture(String device, int threads, BuildStamp build, Clock clock) {
        return new Provenance(build.commit(), build.dirty(), System.getProperty("java.version"), djlVersion(),
                pytorchVersion(), device, threads, hostName(), Instant.now(clock).toString(), null, cpuModel());
    }

    /** The same provenance with {@code finished_at} set to now. */
    public static Provenance finished(Provenance p, Clock clock) {
        return new Provenance(p.gitCommit(), p.gitDirty(), p.javaVersion(), p.djlVersion(), p.pytorchVersion(),
                p.device(), p.threads(), p.host(), p.startedAt(), Instant.now(clock).toString(), p.cpu());
    }

    public static Provenance finished(Provenance p) {
        return finished(p, Clock.systemUTC());
    }

    /** The CPU's model name and family from /proc/cpuinfo (kernels, and so the last bits, differ by CPU). */
    static String cpuModel() {
        try {
            String model = null;
            String family = null;
            boolean avx512 = false;
            for (String line : java.nio.file.Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (model == null && line.startsWith("model name")) {
                    model = line.substring(line.indexOf(':') + 1).trim();
                } else if (family == null && line.startsWith("cpu family")) {
                    family = line.substring(line.indexOf(':') + 1).trim();
                } else if (line.startsWith("flags")) {
                    avx512 = line.contains(" avx512f");
                    break;
                }
            }
            return model == null ? UNKNOWN : model + " (family " + family + (avx512 ? ", AVX-512" : ", no AVX-512") + ")";
        } catch (IOException | RuntimeException e) {
            return UNKNOWN;
        }
    }

    public static String djlVersion() {
        try {
            String v = Engine.getDjlVersion();
            return v == null || v.isBlank() ? UNKNOWN : v;
        } catch (RuntimeException | LinkageError e) {
            return UNKNOWN;
        }
    }

    /** Loads the PyTorch engine (and its native library) if it is not loaded yet. */
    public static String pytorchVersion() {
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
}
