package selab.cli;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line of another selab process started the way this one was: the same java, JVM options (heap,
 * system properties such as {@code selab.home}, the crash-report location) and class path.
 */
final class ChildJvm {
    private ChildJvm() {}

    /** {@code java <this JVM's options> -cp <class path> selab.cli.Main <args>}. */
    static List<String> command(List<String> args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String option : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (!option.startsWith("-agentlib:jdwp") && !option.startsWith("-javaagent:")) { // one debugger port, one agent
                cmd.add(option);
            }
        }
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(Main.class.getName());
        cmd.addAll(args);
        return cmd;
    }
}
