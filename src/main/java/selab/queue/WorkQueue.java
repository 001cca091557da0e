package selab.queue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import selab.plan.Variant;
import selab.results.RunStatus;

/**
 * The sweep queue's contract, whatever stores it (a SQLite file, {@link RunQueue}, or a PostgreSQL database,
 * {@link PostgresQueue}).
 *
 * <p>A worker {@link #claim claims} a run with a fresh token and a {@link Lease}; the claim stays its own while it
 * heartbeats within the lease's timeout, and every later write about the run — {@link #heartbeat},
 * {@link #checkpoint}, {@link #complete}, {@link #fail}, {@link #release} — presents the token and changes nothing
 * once the claim is lost. A run whose claim lapsed (its deadline, set by its own holder, passed) or whose holder is
 * known dead ({@link #expire}) is handed to the next claimer, who resumes it from its checkpoint; that counts as a
 * reclaim, not as a failed attempt. Only errors ({@link #fail}) use up a run's {@code maxAttempts}.
 *
 * <p>The run records in the results tree are the source of truth for finished runs: {@link #reconcile} makes the
 * queue agree with them.
 */
public interface WorkQueue extends AutoCloseable {

    /**
     * How many times in a row a run's worker may die or lapse without a new checkpoint in between; the next claim
     * then marks the run failed instead of handing it out again (a crash loop would never end).
     */
    int RECLAIMS_WITHOUT_PROGRESS_LIMIT = 10;

    /**
     * Adds runs, idempotently by run id: a run already queued (in any state) is left as it is, but the variant's
     * experiment is recorded as a member so its status shows the run.
     *
     * @param maxAttempts failed attempts a new run may have before it is marked failed (at least 1)
     * @return how many run ids were new
     */
    int enqueue(List<Variant> variants, int maxAttempts);

    /**
     * Sets the failed-attempt limit of an experiment's unfinished runs; failed runs that now have attempts left are
     * queued again.
     *
     * @return how many failed runs were queued again
     */
    int setMaxAttempts(String experimentOrNull, int maxAttempts);

    /**
     * Atomically hands one run to the requester: first a running run whose claim lapsed or was expired, else the
     * oldest queued run.
     *
     * @return the claim, or empty if nothing is claimable now
     */
    Optional<Claim> claim(ClaimRequest request);

    /** The runs some worker holds now (state running), for liveness checks and for waiting on them. */
    List<HeldRun> held(String experimentOrNull);

    /**
     * Ends a claim whose holder is known dead (e.g. its lock was released by the OS), so the next claim takes the
     * run over at once instead of at the claim's deadline.
     *
     * @return whether that claim was still current
     */
    boolean expire(HeldRun run);

    /** Extends the claim by its lease's timeout; false if the claim is lost (stop the run, write nothing). */
    boolean heartbeat(Claim claim);

    /** Records that the run's checkpoint now holds {@code epochsDone} epochs, and extends the claim; false if lost. */
    boolean checkpoint(Claim claim, int epochsDone);

    /**
     * Marks the claimed run finished: {@link RunStatus#DONE} or {@link RunStatus#DIVERGED}. Call only after the
     * run's record says so on disk.
     *
     * @return true if the run is now finished with this status (also when a reconcile got there first); false if
     *     the claim was lost to another worker
     */
    boolean complete(Claim claim, RunStatus status);

    /**
     * Records that the claimed attempt failed with {@code error}: the run is queued again while it has attempts
     * left, else failed.
     *
     * @return the run's new state (QUEUED or FAILED), or empty if the claim was lost (nothing changed)
     */
    Optional<RunStatus> fail(Claim claim, String error);

    /**
     * Gives the claimed run back, queued, without using an attempt: the worker stopped on request (its checkpoint
     * stays for the next claimer), or could not start the run for a cause outside it ({@code unstarted}: the
     * hand-out is not counted either).
     *
     * @return whether the claim was current and the run is queued again
     */
    boolean release(Claim claim, boolean unstarted);

    /**
     * Makes the queue agree with the records: a checked run with a finished record becomes finished (whatever the
     * queue said), a checked run the queue counts as finished but without a finished record is queued again.
     */
    Reconciliation reconcile(RecordedRuns records);

    /** Puts an experiment's failed runs back in the queue, attempts reset (null = every experiment). */
    int retryFailed(String experimentOrNull);

    /** Like {@link #retryFailed}, only for failed runs whose last error contains {@code cause}. */
    int retryFailedWith(String experimentOrNull, String cause);

    /** Queues a finished run again (its record went stale and was set aside); whether it was finished. */
    boolean requeueFinished(String id);

    /** How many of an experiment's runs are in each state; every state present (null = the whole queue). */
    Map<RunStatus, Integer> counts(String experimentOrNull);

    /** An experiment's runs in queue order, with that experiment's variant names (null = every run). */
    List<QueuedRun> list(String experimentOrNull);

    /** The experiments that asked for run {@code id}, in name order. */
    List<String> experimentsOf(String id);

    @Override
    void close();
}
