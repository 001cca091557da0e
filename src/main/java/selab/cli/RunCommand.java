package selab.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "run", description = "not yet")
final class RunCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new UserError("run is not implemented yet");
    }
}
