package selab.queue;

import java.time.Instant;
import selab.results.RunStatus;

/**
 * One row of the queue as seen by one experiment, for status listings.
 *
 * @param experiment the experiment asked about (or, listing all, the first one that enqueued the run)
 * @param variant the variant's name in that experiment
 * @param attempts how many times the run was handed to a worker
 * @param failedAttempts how many attempts ended in an error (the run fails when they reach maxAttempts)
 * @param reclaims how many times the run was taken over from a worker that died or stopped heartbeating
 * @param epochsDone epochs in the run's last checkpoint, as its worker reported
 * @param worker the worker that holds or last held the run, or null
 * @param error the last failure's message, or null
 * @param claimedAt null until first claimed; heartbeatAt, deadline, finishedAt likewise
 * @param deadline when the current claim lapses unless its worker heartbeats again
 */
public record QueuedRun(
        String id,
        String experiment,
        String variant,
        long seed,
        RunStatus state,
        int attempts,
        int failedAttempts,
        int reclaims,
        int maxAttempts,
        int epochsDone,
        String worker,
        Instant enqueuedAt,
        Instant claimedAt,
        Instant heartbeatAt,
        Instant deadline,
        Instant finishedAt,
        String error) {}
