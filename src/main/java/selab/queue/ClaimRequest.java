package selab.queue;

import java.util.UUID;

/**
 * What a worker asks {@link WorkQueue#claim} for.
 *
 * @param workerId the worker's name, for people reading the queue; the queue never parses it
 * @param token fresh for every claim ({@link #newToken}); every later write about the claim must present it
 * @param node the machine (kernel) the worker runs on ({@link ClaimLocks#node}), so a worker on the same kernel
 *     can test the claim's lock file
 * @param lease the claim's heartbeat interval and timeout
 * @param experimentOrNull only runs this experiment asked for; null = any run
 * @param maxAttemptsOrNull when set, the claimed run's failed-attempt limit becomes this
 */
public record ClaimRequest(String workerId, String token, String node, Lease lease, String experimentOrNull,
        Integer maxAttemptsOrNull) {

    public ClaimRequest {
        if (workerId == null || workerId.isBlank()) {
            throw new IllegalArgumentException("workerId must not be blank");
        }
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("a claim needs a token");
        }
        if (lease == null) {
            throw new IllegalArgumentException("a claim needs a lease");
        }
        if (maxAttemptsOrNull != null && maxAttemptsOrNull < 1) {
            throw new IllegalArgumentException("maxAttempts must be >= 1, got " + maxAttemptsOrNull);
        }
    }

    /** A token no other claim has: a random UUID (also a safe file name for the claim's lock). */
    public static String newToken() {
        return UUID.randomUUID().toString();
    }
}
