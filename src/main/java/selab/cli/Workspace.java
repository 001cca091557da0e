package selab.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Option;
import selab.queue.ClaimLocks;
import selab.queue.PostgresQueue;
import selab.queue.RunQueue;
import selab.queue.WorkQueue;
import selab.results.RunStore;

/** Where runs are kept: the results tree and the queue database (a picocli mixin shared by the verbs). */
final class Workspace {
    static final String QUEUE_FILE = "queue.db";
    /** Under the results directory: one lock file per live claim (see {@link ClaimLocks}). */
    static final String CLAIM_LOCKS_DIR = ".claims";

    @Option(names = "--results", defaultValue = "results", description = "results directory (default ${DEFAULT-VALUE})")
    Path results;

    @Option(names = "--queue", description = "the queue: a SQLite file (default <results>/" + QUEUE_FILE + "), or"
            + " jdbc:postgresql://HOST:PORT/DATABASE for workers on many machines (user and password from PGUSER and"
            + " PGPASSWORD or ~/.pgpass, never in the URL)")
    String queue;

    @Option(names = "--reports", defaultValue = "reports", description = "reports directory (default ${DEFAULT-VALUE})")
    Path reports;

    /** These options as command-line arguments, for a child process on the same results and queue. */
    List<String> args() {
        List<String> a = new ArrayList<>(List.of("--results", results.toAbsolutePath().toString()));
        if (queue != null) {
            a.addAll(List.of("--queue", queueArgument()));
        }
        return a;
    }

    /** Whether --queue names a PostgreSQL database (else the queue is a SQLite file). */
    boolean postgres() {
        if (queue != null && queue.startsWith("jdbc:") && !PostgresQueue.isUrl(queue)) {
            throw new UserError("--queue: '" + queue + "' is not supported; allowed: a file path (SQLite) or "
                    + "jdbc:postgresql://HOST:PORT/DATABASE");
        }
        return PostgresQueue.isUrl(queue);
    }

    /** The queue as a child process or a job script should be told it: the URL, or the file's absolute path. */
    String queueArgument() {
        return postgres() ? queue : queueFile().toAbsolutePath().normalize().toString();
    }

    /** The queue for messages: the URL, or the file. */
    String queueDescription() {
        return postgres() ? queue : queueFile().toString();
    }

    RunStore store() {
        return new RunStore(results);
    }

    /** For the verbs that train: run records go under --results, so it must be writable before work starts. */
    void requireWritableResults() {
        WritableDirectory.require("--results", results, "run records");
    }

    /** The SQLite queue file (not for a PostgreSQL queue). */
    Path queueFile() {
        if (postgres()) {
            throw new IllegalStateException("the queue is a PostgreSQL database, not a file: " + queue);
        }
        if (queue == null) {
            return results.resolve(QUEUE_FILE);
        }
        try {
            return Path.of(queue);
        } catch (java.nio.file.InvalidPathException e) {
            throw new UserError("--queue: '" + queue + "' is not a usable path (" + e.getReason() + "); allowed: a"
                    + " file path (SQLite) or jdbc:postgresql://HOST:PORT/DATABASE");
        }
    }

    /**
     * Opens the queue, creating it if needed (the verbs that enqueue or train), checking first that its directory
     * can be written: SQLite keeps the queue's lock files (-wal, -shm) beside it.
     */
    WorkQueue openQueue() {
        if (postgres()) {
            return PostgresQueue.open(queue);
        }
        requireUsableQueueLocation();
        return RunQueue.open(queueFile());
    }

    /**
     * Opens the queue only if it exists: verbs that only read or requeue must not leave an empty one behind. A
     * location where no queue could ever be (under a file, not writable) is still bad input.
     */
    Optional<WorkQueue> openExistingQueue() {
        if (postgres()) {
            return PostgresQueue.openExisting(queue).map(q -> q);
        }
        requireUsableQueueLocation();
        return Files.isRegularFile(queueFile()) ? Optional.of(RunQueue.open(queueFile())) : Optional.empty();
    }

    private void requireUsableQueueLocation() {
        Path file = queueFile();
        String flag = queue != null ? "--queue" : "--results";
        WritableDirectory.require(flag, file.toAbsolutePath().getParent(), "the queue and its lock files");
        if (Files.exists(file) && !Files.isWritable(file)) {
            throw new UserError(flag + ": " + file + " is read-only; allowed: a queue file selab can write");
        }
    }

    ClaimLocks claimLocks() {
        return new ClaimLocks(results.resolve(CLAIM_LOCKS_DIR));
    }

    /** The reports directory, checked writable before a report is computed. */
    Path writableReports() {
        WritableDirectory.require("--reports", reports, "reports");
        return reports;
    }
}
