package selab.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "excitation", description = "not yet")
final class ExcitationCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new UserError("excitation is not implemented yet");
    }
}
