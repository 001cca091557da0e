package selab.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "retry", description = "not yet")
final class RetryCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new UserError("retry is not implemented yet");
    }
}
