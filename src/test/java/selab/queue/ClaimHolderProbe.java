package selab.queue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A worker process that claims one run (lock first, then the claim, as a worker does), writes its claim's token to
 * the ready file and then holds the claim, without heartbeating, until it is killed.
 *
 * <p>Arguments: {@code <db> <locksDir> <workerId> <readyFile>}.
 */
public final class ClaimHolderProbe {
    private ClaimHolderProbe() {}

    public static void main(String[] args) throws Exception {
        ClaimLocks locks = new ClaimLocks(Path.of(args[1]));
        String token = ClaimRequest.newToken();
        try (RunQueue queue = RunQueue.open(Path.of(args[0])); ClaimLocks.Held lock = locks.acquire(token)) {
            queue.claim(new ClaimRequest(args[2], token, ClaimLocks.node(), Lease.of(Duration.ofHours(1)), null, null))
                    .orElseThrow();
            Files.writeString(Path.of(args[3]), token);
            Thread.sleep(Duration.ofMinutes(5).toMillis());
        }
    }
}
