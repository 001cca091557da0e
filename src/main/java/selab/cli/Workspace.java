package selab.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;
import selab.queue.RunQueue;
import selab.results.RunStore;

/** Where runs are kept: the results tree and the queue database (a picocli mixin shared by the verbs). */
final class Workspace {

    @Option(names = "--results", defaultValue = "results", description = "results directory (default ${DEFAULT-VALUE})")
    Path results;

    @Option(names = "--queue", description = "queue database (default <results>/queue.db); put it on a shared disk for many machines")
    Path queue;

    @Option(names = "--reports", defaultValue = "reports", description = "reports directory (default ${DEFAULT-VALUE})")
    Path reports;

    RunStore store() {
        return new RunStore(results);
    }

    RunQueue openQueue() {
        return RunQueue.open(queue != null ? queue : results.resolve("queue.db"));
    }
}
