package selab.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code selab worker}: train whatever is queued (start one per machine or GPU on a shared queue). */
@Command(name = "worker", description = "Train queued runs until none is queued or held by another worker; many"
        + " workers may share one queue.")
final class WorkerCommand implements Callable<Integer> {

    @Mixin
    Workspace ws;

    @Mixin
    WorkOptions opts;

    @Option(names = "--experiment", description = "only runs of this experiment")
    String experiment;

    @Override
    public Integer call() {
        opts.validate(null);
        ws.requireWritableResults();
        Training.drain(ws, opts, experiment, null);
        return 0;
    }
}
