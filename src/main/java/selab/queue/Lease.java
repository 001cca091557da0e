package selab.queue;

import java.time.Duration;

/**
 * The terms a worker claims a run on, stored with the claim: it heartbeats every {@code heartbeatEvery}, and the
 * claim stays its own until {@code timeout} after the last heartbeat. Other workers judge the claim by these terms,
 * never by their own settings, so workers with different {@code --stale-after} values can share one queue.
 */
public record Lease(Duration heartbeatEvery, Duration timeout) {
    /** Heartbeats per timeout: a claim survives four missed beats. */
    static final int BEATS_PER_TIMEOUT = 5;
    /** Beats are at most this far apart, however long the timeout. */
    static final Duration MAX_HEARTBEAT_EVERY = Duration.ofSeconds(60);

    public Lease {
        if (heartbeatEvery == null || timeout == null || heartbeatEvery.isNegative() || heartbeatEvery.isZero()
                || heartbeatEvery.compareTo(timeout) >= 0) {
            throw new IllegalArgumentException("a lease needs 0 < heartbeatEvery < timeout; got " + heartbeatEvery
                    + " and " + timeout);
        }
    }

    /** A lease that times out after {@code timeout} without a heartbeat, beating five times per timeout (at most once a minute). */
    public static Lease of(Duration timeout) {
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("lease timeout must be positive, got " + timeout);
        }
        Duration every = timeout.dividedBy(BEATS_PER_TIMEOUT);
        return new Lease(every.compareTo(MAX_HEARTBEAT_EVERY) > 0 ? MAX_HEARTBEAT_EVERY : every, timeout);
    }
}
