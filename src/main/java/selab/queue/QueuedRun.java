package selab.queue;

import java.time.Instant;
import selab.results.RunStatus;

/**
 * One row of the queue as seen by one experiment, for status listings.
 *
 * @param experiment the experiment asked about (or, listing all, the first one that enqueued the run)
 * @param variant the variant's name in that experiment
 * @param worker the worker that holds or last held the run, or null
 * @param error the last failure's message, or null
 * @param claimedAt null until first claimed; heartbeatAt, finishedAt likewise
 */
public record QueuedRun(
        String id,
        String experiment,
        String variant,
        long seed,
        RunStatus state,
        int attempts,
        int maxAttempts,
        String worker,
        Instant enqueuedAt,
        Instant claimedAt,
        Instant heartbeatAt,
        Instant finishedAt,
        String error) {}
