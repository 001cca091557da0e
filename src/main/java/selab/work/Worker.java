package selab.work;

import selab.train.Trainer;

import java.io.PrintStream;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Optional;
import selab.data.DataNotFoundException;
import selab.plan.Variant;
import selab.queue.Claim;
import selab.queue.Heartbeat;
import selab.queue.RunQueue;
import selab.results.MalformedRecordException;
import selab.results.RunStatus;

/**
 * Claims runs from the queue one at a time and trains them until nothing is left. Several workers
 * (processes, or machines sharing the queue file) can run at once: the queue hands each run to one.
 */
public final class Worker {

    /** Thrown from the training loop when another worker took the run over (our heartbeat went stale). */
    static final class LostClaimException extends RuntimeException {
        LostClaimException(String id) {
            super("run " + id + " was reclaimed by another worker; stopping");
        }
    }

    private final RunQueue queue;
    private final RunExecutor executor;
    private final String workerId;
    private final Duration staleAfter;
    private final Duration heartbeatEvery;
    private final PrintStream log;

    public Worker(RunQueue queue, RunExecutor executor, String workerId, Duration staleAfter, PrintStream log) {
        this.queue = queue;
        this.executor = executor;
        this.workerId = workerId;
        this.staleAfter = staleAfter;
        this.heartbeatEvery = Duration.ofMillis(Math.max(200, staleAfter.toMillis() / 5));
        this.log = log;
    }

    /**
     * @param experimentOrNull only this experiment's runs; null = anything queued
     * @param listener progress of each run
     * @return number of runs this worker finished (done or diverged)
     */
    public int drain(String experimentOrNull, Trainer.Listener listener) {
        int released = queue.releaseDeadLocalWorkers();
        if (released > 0) {
            log.printf("released %d run(s) held by dead worker processes on this machine%n", released);
        }
        int finished = 0;
        Optional<Claim> next;
        while ((next = queue.claim(workerId, staleAfter, experimentOrNull)).isPresent()) {
            Claim c = next.get();
            Variant run = new Variant(c.experiment(), c.variant(), c.seed(), c.config(), c.id());
            // A finished record outlives the queue (results/ is committed, queue.db is not): never retrain it.
            Optional<RunStatus> recorded;
            try {
                recorded = executor.finishedStatus(c.experiment(), c.id());
            } catch (MalformedRecordException e) {
                // Neither retrain over the user's file nor stop the sweep: this run fails with the file named.
                RunStatus after = queue.fail(c.id(), e.getMessage());
                log.printf("%s (%s): %s -> %s%n", c.variant(), c.id(), e.getMessage(), after.key());
                continue;
            }
            if (recorded.isPresent()) {
                queue.complete(c.id(), recorded.get());
                finished++;
                log.printf("%s (%s, seed %d): already recorded as finished in the results tree; not retrained%n",
                        c.variant(), c.id(), c.seed());
                continue;
            }
            if (Files.exists(executor.checkpoint(c.experiment(), c.id()))) {
                log.printf("%s (%s, seed %d): resuming from its last checkpoint (attempt %d)%n",
                        c.variant(), c.id(), c.seed(), c.attempt());
            } else {
                log.printf("%s (%s, seed %d): training (attempt %d of %d)%n",
                        c.variant(), c.id(), c.seed(), c.attempt(), c.maxAttempts());
            }
            try (Heartbeat hb = Heartbeat.start(queue, c.id(), workerId, heartbeatEvery)) {
                Trainer.Listener guarded = new ForwardingListener(listener) {
                    @Override
                    public void stepDone(int epoch, int step) {
                        if (hb.lostOwnership()) {
                            throw new LostClaimException(c.id());
                        }
                        super.stepDone(epoch, step);
                    }
                };
                listener.runStarted(c.variant() + " (" + c.id() + ", seed " + c.seed() + ")",
                        run.config().recipe().epochs());
                RunStatus status = executor.execute(run, guarded);
                queue.complete(c.id(), status);
                finished++;
                log.printf("%s (%s, seed %d): %s%n", c.variant(), c.id(), c.seed(), status.key());
            } catch (LostClaimException e) {
                log.println(e.getMessage());
            } catch (DataNotFoundException e) {
                // Not the run's fault and the same for every run of this data: give the run back untouched
                // (no attempt used, no failed record) and stop this worker with the message.
                queue.releaseUnstarted(c.id(), workerId);
                throw e;
            } catch (Exception e) {
                executor.recordFailure(run, e);
                RunStatus after = queue.fail(c.id(), e.toString());
                log.printf("%s (%s): attempt failed: %s -> %s%n", c.variant(), c.id(), e, after.key());
            }
        }
        return finished;
    }
}
