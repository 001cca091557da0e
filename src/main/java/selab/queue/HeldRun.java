package selab.queue;

import java.time.Instant;

/**
 * A run some worker holds right now, as {@link WorkQueue#held} lists it for liveness checks.
 *
 * @param node the machine the holder runs on ({@link ClaimLocks#node}), or null if unknown
 * @param deadline when the claim lapses unless its holder heartbeats again
 */
public record HeldRun(String id, String worker, String token, String node, Instant deadline) {}
