package selab.queue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Optional;
import selab.results.RunStatus;

/**
 * A worker process for the concurrency test: opens the queue, announces it is ready, waits for the go file,
 * then claims runs until none is left, appending each claimed id to its output file before completing it.
 *
 * <p>Arguments: {@code <queue> <workerId> <outFile> <goFile>}; the queue is a SQLite file or a PostgreSQL URL.
 */
public final class QueueWorkerProbe {
    private QueueWorkerProbe() {}

    public static void main(String[] args) throws Exception {
        String location = args[0];
        String worker = args[1];
        Path out = Path.of(args[2]);
        Path go = Path.of(args[3]);
        try (WorkQueue queue = open(location)) {
            Files.writeString(Path.of(out + ".ready"), worker);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!Files.exists(go)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("go file " + go + " never appeared");
                }
                Thread.sleep(5);
            }
            drain(queue, worker, out);
        }
    }

    /** The queue a {@code --queue} value names: a PostgreSQL URL or a SQLite file. */
    static WorkQueue open(String location) {
        return PostgresQueue.isUrl(location) ? PostgresQueue.open(location) : RunQueue.open(Path.of(location));
    }

    /** Claims and completes runs until the queue has none; shared with the test's in-process workers. */
    static int drain(WorkQueue queue, String worker, Path out) throws IOException, InterruptedException {
        int n = 0;
        for (Optional<Claim> c; (c = queue.claim(new ClaimRequest(worker, ClaimRequest.newToken(), ClaimLocks.node(),
                Lease.of(Duration.ofMinutes(10)), null, null))).isPresent(); n++) {
            // Record the claim before completing it, so a double claim would show up as a duplicate line.
            Files.writeString(out, c.get().id() + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
            Thread.sleep(2); // "train": gives the other workers a chance to interleave
            if (!queue.complete(c.get(), RunStatus.DONE)) {
                throw new IllegalStateException("lost claim " + c.get());
            }
        }
        return n;
    }
}
