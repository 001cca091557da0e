package selab.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;
import selab.queue.ClaimLocks;
import selab.queue.RunQueue;
import selab.results.RunStore;

/** Where runs are kept: the results tree and the queue database (a picocli mixin shared by the verbs). */
final class Workspace {
    /** Under the results directory: one lock file per live claim (see {@link ClaimLocks}). */
    static final String CLAIM_LOCKS_DIR = ".claims";

    @Option(names = "--results", defaultValue = "results", description = "results directory (default ${DEFAULT-VALUE})")
    Path results;

    @Option(names = "--queue", description = "queue database (default <results>/queue.db); put it on a shared disk for many machines")
    Path queue;

    @Option(names = "--reports", defaultValue = "reports", description = "reports directory (default ${DEFAULT-VALUE})")
    Path reports;

    RunStore store() {
        return new RunStore(results);
    }

    Path queueFile() {
        return queue != null ? queue : results.resolve("queue.db");
    }

    /** Opens the queue, creating it if needed (the verbs that enqueue or train). */
    RunQueue openQueue() {
        return RunQueue.open(queueFile());
    }

    /** Opens the queue only if it exists: verbs that only read or requeue must not leave an empty one behind. */
    Optional<RunQueue> openExistingQueue() {
        return Files.isRegularFile(queueFile()) ? Optional.of(openQueue()) : Optional.empty();
    }

    ClaimLocks claimLocks() {
        return new ClaimLocks(results.resolve(CLAIM_LOCKS_DIR));
    }
}
