package selab.cli;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import selab.queue.WorkQueue;

/** {@code selab retry SPEC}: put a spec's failed runs back in the queue with fresh attempts. */
@Command(name = "retry", description = "Requeue a spec's failed runs.")
final class RetryCommand implements Callable<Integer> {

    @Parameters(paramLabel = "SPEC")
    Path spec;

    @Mixin
    Workspace ws;

    @Override
    public Integer call() {
        String experiment = Specs.load(spec).spec().name();
        Optional<WorkQueue> existing = ws.openExistingQueue();
        if (existing.isEmpty()) {
            System.out.printf("%s: no queue at %s, so no failed run to requeue%n", experiment, ws.queueDescription());
            return 0;
        }
        try (WorkQueue queue = existing.get()) {
            System.out.printf("%s: %d failed run(s) requeued%n", experiment, queue.retryFailed(experiment));
        }
        return 0;
    }
}
