package selab.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import selab.results.Provenance;
import selab.results.ProvenanceProbe;

/**
 * The header facts of a benchmark: machine, software versions, effective threads and the code's commit.
 *
 * @param cpuModel the first "model name" of /proc/cpuinfo
 * @param cores processors the JVM sees
 * @param memoryBytes physical memory (0 if unknown)
 * @param djlThreads intra-op threads DJL's PyTorch engine reported after they were set
 * @param peerTorch the python peer's torch version, or the reason it is unavailable
 * @param loadBefore 1/5/15-minute load averages when the benchmark started (/proc/loadavg)
 * @param loadAfter the same when it ended
 * @param allocator the native memory allocator settings of this process (the peer inherits them)
 */
public record MachineInfo(
        String cpuModel,
        int cores,
        long memoryBytes,
        String javaVersion,
        String djlVersion,
        String pytorchVersion,
        int djlThreads,
        String python,
        String peerTorch,
        String date,
        String gitCommit,
        boolean gitDirty,
        String loadBefore,
        String loadAfter,
        String allocator) {

    public static final String UNKNOWN = ProvenanceProbe.UNKNOWN;

    /** Captures the machine now; {@code loadAfter} is filled in by {@link #finished()}. */
    public static MachineInfo capture(int djlThreads, String python, String peerTorch) {
        Provenance p = ProvenanceProbe.capture("cpu", djlThreads);
        return new MachineInfo(readCpuModel(), Runtime.getRuntime().availableProcessors(), readMemoryBytes(),
                p.javaVersion(), p.djlVersion(), p.pytorchVersion(), djlThreads, python, peerTorch, p.startedAt(),
                p.gitCommit(), p.gitDirty(), loadAverage(), "", allocator(System.getenv()));
    }

    public MachineInfo finished() {
        return new MachineInfo(cpuModel, cores, memoryBytes, javaVersion, djlVersion, pytorchVersion, djlThreads,
                python, peerTorch, date, gitCommit, gitDirty, loadBefore, loadAverage(), allocator);
    }

    /**
     * Which malloc serves libtorch's tensors: an LD_PRELOADed allocator, or glibc with the tunables set
     * in the environment (see the {@code selab} launcher). Allocation settings move CPU step times by
     * double-digit percentages, so a benchmark must say them.
     */
    static String allocator(java.util.Map<String, String> env) {
        String preload = env.getOrDefault("LD_PRELOAD", "");
        for (String lib : new String[] {"jemalloc", "tcmalloc", "mimalloc"}) {
            if (preload.contains(lib)) {
                return lib + " (LD_PRELOAD " + preload + ")";
            }
        }
        java.util.List<String> tunables = new java.util.ArrayList<>();
        env.entrySet().stream()
                .filter(e -> e.getKey().startsWith("MALLOC_") || e.getKey().equals("GLIBC_TUNABLES"))
                .sorted(java.util.Map.Entry.comparingByKey())
                .forEach(e -> tunables.add(e.getKey() + "=" + e.getValue()));
        return tunables.isEmpty() ? "glibc malloc, default settings" : "glibc malloc, " + String.join(" ", tunables);
    }

    static String readCpuModel() {
        for (String line : lines(Path.of("/proc/cpuinfo"))) {
            if (line.startsWith("model name")) {
                return line.substring(line.indexOf(':') + 1).trim();
            }
        }
        String arch = System.getProperty("os.arch");
        return arch == null ? UNKNOWN : arch;
    }

    static long readMemoryBytes() {
        if (java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getTotalMemorySize();
        }
        return 0;
    }

    static String loadAverage() {
        List<String> l = lines(Path.of("/proc/loadavg"));
        if (l.isEmpty()) {
            return UNKNOWN;
        }
        String[] f = l.get(0).trim().split("\\s+");
        return f.length >= 3 ? f[0] + " " + f[1] + " " + f[2] : UNKNOWN;
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException | SecurityException e) {
            return List.of(); // not Linux, or not readable: the field says unknown
        }
    }
}
