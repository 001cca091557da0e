package selab.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "bench", description = "not yet")
final class BenchCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new UserError("bench is not implemented yet");
    }
}
