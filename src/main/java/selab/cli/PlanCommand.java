package selab.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "plan", description = "not yet")
final class PlanCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new UserError("plan is not implemented yet");
    }
}
