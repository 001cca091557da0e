package selab.work;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line of another selab process started the way this one was: the same java, JVM options (heap,
 * system properties such as {@code selab.home}, the crash-report location) and class path.
 */
public final class ChildJvm {
    /** The CLI's entry point (named, not referenced: the cli package sits above this one). */
    public static final String MAIN = "selab.cli.Main";

    private ChildJvm() {}

    /** {@code java <this JVM's options> -cp <class path> selab.cli.Main <args>}. */
    public static List<String> command(List<String> args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String option : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (!option.startsWith("-agentlib:jdwp") && !option.startsWith("-javaagent:")) { // one debugger port, one agent
                cmd.add(option);
            }
        }
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(MAIN);
        cmd.addAll(args);
        return cmd;
    }

    /**
     * A builder for {@link #command} with {@code threads} intra-op threads: libtorch's OpenMP and MKL pools read
     * these variables when they start, before the child can set its own count.
     */
    public static ProcessBuilder withThreads(List<String> args, int threads) {
        ProcessBuilder pb = new ProcessBuilder(command(args));
        pb.environment().put("OMP_NUM_THREADS", Integer.toString(threads));
        pb.environment().put("MKL_NUM_THREADS", Integer.toString(threads));
        return pb;
    }
}
