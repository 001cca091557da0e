package selab.queue;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one claim alive while its run trains: extends it every {@link Lease#heartbeatEvery} on a daemon thread,
 * and knows until when the claim is surely this worker's — the start of the last successful extension plus the
 * lease's timeout (no other worker may take the run over before then). Use in try-with-resources around the
 * training of one claim; check {@link #held} often and call {@link #confirm} right before every write that only
 * the owner may make.
 */
public final class Heartbeat implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Heartbeat.class);

    private final WorkQueue queue;
    private final Claim claim;
    private final long timeoutNanos;
    private final ScheduledExecutorService scheduler;
    /** System.nanoTime() until which the claim is surely ours. */
    private volatile long heldUntil;
    private volatile String lost;

    private Heartbeat(WorkQueue queue, Claim claim) {
        this.queue = queue;
        this.claim = claim;
        this.timeoutNanos = claim.lease().timeout().toNanos();
        this.heldUntil = System.nanoTime() + timeoutNanos; // the claim itself set the first deadline
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "heartbeat-" + claim.id());
            t.setDaemon(true); // never keeps a finished or crashing JVM alive
            return t;
        });
        long millis = claim.lease().heartbeatEvery().toMillis();
        scheduler.scheduleAtFixedRate(this::beat, millis, millis, TimeUnit.MILLISECONDS);
    }

    /** Starts beating for a fresh claim; the first beat comes after the lease's interval. */
    public static Heartbeat start(WorkQueue queue, Claim claim) {
        return new Heartbeat(queue, claim);
    }

    /** True while the claim is surely this worker's: not lost, and extended within its timeout. */
    public boolean held() {
        return lost == null && System.nanoTime() - heldUntil < 0;
    }

    /**
     * Extends the claim now and returns if it is still this worker's, so a write that follows is covered by a full
     * timeout.
     *
     * @throws ClaimLostException if it is not (write nothing about the run)
     */
    public void confirm() {
        if (!extend(null)) {
            throw new ClaimLostException(whyLost());
        }
    }

    /**
     * Records that the run's checkpoint holds {@code epochsDone} epochs (extending the claim).
     *
     * @throws ClaimLostException if the claim is not this worker's any more
     */
    public void checkpoint(int epochsDone) {
        if (!extend(epochsDone)) {
            throw new ClaimLostException(whyLost());
        }
    }

    /** Why the claim is not held, for the worker's log. */
    public String whyLost() {
        String why = lost != null ? lost : "its claim could not be extended within its " + claim.lease().timeout().toSeconds()
                + " s timeout, so another worker may take it over";
        return "run " + claim.id() + ": " + why + "; stopping it without writing";
    }

    private void beat() {
        extend(null);
    }

    private synchronized boolean extend(Integer epochsDoneOrNull) {
        if (lost != null) {
            return false;
        }
        long start = System.nanoTime();
        try {
            boolean ok = epochsDoneOrNull == null ? queue.heartbeat(claim) : queue.checkpoint(claim, epochsDoneOrNull);
            if (!ok) {
                lost = "another worker took it over (or a reconcile finished it)";
                LOG.warn("Run {}: {}", claim.id(), lost);
                return false;
            }
            heldUntil = start + timeoutNanos;
            return held();
        } catch (QueueFileGoneException e) {
            lost = e.getMessage();
            return false;
        } catch (RuntimeException e) {
            // An exception would cancel all later beats; a transient database error should not. held() turns
            // false by itself if the errors outlast the claim's timeout.
            LOG.warn("Heartbeat for run {} failed: {}", claim.id(), e.getMessage());
            return held();
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        try {
            scheduler.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
