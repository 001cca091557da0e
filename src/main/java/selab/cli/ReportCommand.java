package selab.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "report", description = "not yet")
final class ReportCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new UserError("report is not implemented yet");
    }
}
