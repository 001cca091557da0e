package selab.queue;


import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a claim alive while a run trains: calls {@link RunQueue#heartbeat} every {@code every} on a daemon
 * thread until closed. Use in try-with-resources around the training of one claim. The interval should be
 * well under the {@code staleAfter} that claimers use (e.g. 30 s against 5 min).
 */
public final class Heartbeat implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Heartbeat.class);

    private final ScheduledExecutorService scheduler;
    private volatile boolean lost;

    private Heartbeat(RunQueue queue, String runId, String workerId, Duration every) {
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "heartbeat-" + runId);
            t.setDaemon(true); // never keeps a finished or crashing JVM alive
            return t;
        });
        long millis = every.toMillis();
        scheduler.scheduleAtFixedRate(() -> beat(queue, runId, workerId), millis, millis, TimeUnit.MILLISECONDS);
    }

    /** Starts beating for {@code runId}; the first beat comes after {@code every} (claim set the first one). */
    public static Heartbeat start(RunQueue queue, String runId, String workerId, Duration every) {
        if (every == null || every.isNegative() || every.isZero()) {
            throw new IllegalArgumentException("heartbeat interval must be positive, got " + every);
        }
        return new Heartbeat(queue, runId, workerId, every);
    }

    /** True once a beat found that this worker no longer owns the run (another worker reclaimed it). */
    public boolean lostOwnership() {
        return lost;
    }

    private void beat(RunQueue queue, String runId, String workerId) {
        try {
            if (!queue.heartbeat(runId, workerId)) {
                if (!lost) {
                    LOG.warn("Worker {} no longer owns run {}; it was reclaimed or finished elsewhere", workerId, runId);
                }
                lost = true;
            }
        } catch (RuntimeException e) {
            // An exception would cancel all later beats; a transient database error should not.
            LOG.warn("Heartbeat for run {} failed: {}", runId, e.getMessage());
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
