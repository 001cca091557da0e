package selab.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "status", description = "not yet")
final class StatusCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new UserError("status is not implemented yet");
    }
}
