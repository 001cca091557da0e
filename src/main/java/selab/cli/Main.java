package selab.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code selab} command line: small verbs, one class each; the work happens in the library. */
@Command(
        name = "selab",
        mixinStandardHelpOptions = true,
        scope = CommandLine.ScopeType.INHERIT, // every verb gets --help
        version = "selab 0.1.0",
        description = "Ablation studies of Squeeze-and-Excitation networks (Hu et al.), trained with DJL on PyTorch.",
        subcommands = {
            ProfileCommand.class, PlanCommand.class, RunCommand.class, WorkerCommand.class, StatusCommand.class,
            RetryCommand.class, ReportCommand.class, ExcitationCommand.class, BenchCommand.class, SlurmCommand.class,
            ProbeStepCommand.class
        })
public final class Main implements Runnable {

    /** Exit code for bad input: a bad flag, a malformed spec, missing data, an unreadable results file. */
    public static final int BAD_INPUT = 2;

    @Override
    public void run() {
        CommandLine.usage(this, System.out);
    }

    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        System.exit(execute(args));
    }

    /** Runs the CLI and returns its exit code (tests call this instead of {@link #main}). */
    public static int execute(String... args) {
        return commandLine().execute(args);
    }

    /** The configured command line: every verb, and the handlers that turn failures into exit codes 1 and 2. */
    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Main());
        cli.setExecutionExceptionHandler(new ErrorHandler());
        cli.setParameterExceptionHandler((ex, a) -> {
            ex.getCommandLine().getErr().println("selab: " + ex.getMessage());
            return BAD_INPUT;
        });
        return cli;
    }
}
