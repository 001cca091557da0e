package selab.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "worker", description = "not yet")
final class WorkerCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new UserError("worker is not implemented yet");
    }
}
