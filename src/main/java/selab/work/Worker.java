package selab.work;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import selab.data.DataNotFoundException;
import selab.plan.Variant;
import selab.peer.PeerTraining;
import selab.peer.PeerUnavailableException;
import selab.spec.Implementation;
import selab.queue.Claim;
import selab.queue.ClaimLocks;
import selab.queue.ClaimLostException;
import selab.queue.ClaimRequest;
import selab.queue.Heartbeat;
import selab.queue.HeldRun;
import selab.queue.Lease;
import selab.queue.Liveness;
import selab.queue.QueueException;
import selab.queue.WorkQueue;
import selab.results.MalformedRecordException;
import selab.results.RunStatus;
import selab.train.HistoryRow;
import selab.train.Trainer;

/**
 * Claims runs from the queue one at a time and trains them until none is left to claim or held by another worker.
 * Several workers (processes, containers, or machines sharing the queue) can run at once: the queue hands each run
 * to one, and a run whose worker died is taken over — at once when that worker ran on this kernel (its claim lock
 * was released), else when its claim's own deadline passes.
 *
 * <p>Ownership is checked before every write: at every step (cheaply, against the last extension of the claim),
 * synchronously before each epoch's checkpoint and before the final record. A worker that lost its claim stops the
 * run without writing. The final record is written (and fsync'd) before the queue is told, so a queue that cannot
 * be written never loses a finished result: the next start reads it back ({@link Reconciler}).
 */
public final class Worker {
    /** How often a worker with nothing to claim looks again while other workers hold runs. */
    static final Duration WAIT_POLL = Duration.ofSeconds(1);

    /**
     * @param workerId a name for people reading the queue; any string (liveness never depends on it)
     * @param lease the heartbeat interval and timeout of this worker's claims
     * @param maxAttemptsOrNull when set, the failed-attempt limit of every run this worker claims
     */
    public record Settings(String workerId, Lease lease, Integer maxAttemptsOrNull) {}

    /** How a drain ended: runs finished, and whether it stopped on request (SIGTERM) rather than for lack of work. */
    public record Result(int finished, boolean stopped) {}

    private enum Outcome { FINISHED, LOST, FAILED, STOPPED }

    private final WorkQueue queue;
    private final RunExecutor executor;
    private final ClaimLocks locks;
    private final Settings settings;
    private final PrintStream log;
    private final BooleanSupplier stopRequested;

    /**
     * @param locks where this worker keeps its claim locks and tests other workers'
     * @param stopRequested polled between steps and claims; once true the worker checkpoints, releases and returns
     */
    public Worker(WorkQueue queue, RunExecutor executor, ClaimLocks locks, Settings settings, PrintStream log,
            BooleanSupplier stopRequested) {
        this.queue = queue;
        this.executor = executor;
        this.locks = locks;
        this.settings = settings;
        this.log = log;
        this.stopRequested = stopRequested;
    }

    /**
     * A worker id unique across machines, {@code <host>-<pid>-<random>}: host and pid for the people reading the
     * queue, the random part because two containers (or two clusters' nodes) may share a host name and a pid. A label
     * only: liveness is judged by claim tokens, lock files and deadlines, never by parsing it.
     */
    public static String defaultId() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            host = "localhost";
        }
        return host + "-" + ProcessHandle.current().pid() + "-"
                + java.util.UUID.randomUUID().toString().substring(0, 6);
    }

    /**
     * Trains until no run of the experiment is queued or held by another worker (waiting for those, so a run
     * whose worker dies is taken over), or until a stop is requested.
     *
     * @param experimentOrNull only this experiment's runs; null = anything queued
     * @param listener progress of each run
     */
    public Result drain(String experimentOrNull, Trainer.Listener listener) {
        int finished = 0;
        boolean waiting = false;
        while (!stopRequested.getAsBoolean()) {
            takeOverDeadHolders(experimentOrNull);
            String token = ClaimRequest.newToken();
            ClaimLocks.Held lock = locks.acquire(token); // before the claim: a claim is never without its lock
            Optional<Claim> next;
            try {
                next = queue.claim(new ClaimRequest(settings.workerId(), token, ClaimLocks.node(), settings.lease(),
                        experimentOrNull, settings.maxAttemptsOrNull()));
            } catch (RuntimeException e) {
                lock.close();
                throw e;
            }
            if (next.isEmpty()) {
                lock.close();
                List<HeldRun> others = queue.held(experimentOrNull);
                if (others.isEmpty()) {
                    break;
                }
                if (!waiting) {
                    log.printf("waiting for %d run(s) other workers hold: %s%n", others.size(), others.stream()
                            .map(h -> h.id() + " (" + h.worker() + ")").collect(Collectors.joining(", ")));
                    waiting = true;
                }
                pause();
                continue;
            }
            waiting = false;
            Outcome outcome;
            try (lock) {
                outcome = train(next.get(), listener);
            }
            if (outcome == Outcome.FINISHED) {
                finished++;
            } else if (outcome == Outcome.STOPPED) {
                return new Result(finished, true);
            }
        }
        return new Result(finished, stopRequested.getAsBoolean());
    }

    /** Ends the claims of workers on this kernel whose lock the OS released (they died), so they are taken over now. */
    private void takeOverDeadHolders(String experimentOrNull) {
        for (HeldRun h : queue.held(experimentOrNull)) {
            if (locks.check(h) == Liveness.DEAD && queue.expire(h)) {
                log.printf("run %s: its worker %s is gone (its claim lock was released); taking it over%n",
                        h.id(), h.worker());
            }
        }
    }

    private Outcome train(Claim c, Trainer.Listener listener) {
        Variant run = new Variant(c.experiment(), c.variant(), c.seed(), c.config(), c.id());
        String label = c.variant() + " (" + c.id() + ", seed " + c.seed() + ")";
        // A finished record outlives the queue (results/ is committed, queue.db is not): never retrain it.
        Optional<RunStatus> recorded;
        try {
            recorded = executor.finishedStatus(c.experiment(), c.id());
        } catch (MalformedRecordException e) {
            // Neither retrain over the user's file nor stop the sweep: this run fails with the file named.
            Optional<RunStatus> after = queue.fail(c, e.getMessage());
            log.printf("%s: %s -> %s%n", label, e.getMessage(), after.map(RunStatus::key).orElse("claim lost"));
            return Outcome.FAILED;
        }
        if (recorded.isPresent()) {
            tellQueue(c, recorded.get());
            log.printf("%s: already recorded as finished in the results tree; not retrained%n", label);
            return Outcome.FINISHED;
        }
        if (Files.exists(executor.checkpoint(c.experiment(), c.id()))) {
            log.printf("%s: resuming from its last checkpoint (attempt %d)%n", label, c.attempt());
        } else {
            log.printf("%s: training (attempt %d; %d of %d failed attempts used)%n", label, c.attempt(),
                    c.failedAttempts(), c.maxAttempts());
        }
        Heartbeat hb = Heartbeat.start(queue, c);
        RunStatus status;
        try {
            listener.runStarted(label, run.config().recipe().epochs());
            status = executor.execute(run, guarded(listener, hb, run.config().trainedBy() == Implementation.SELAB),
                    hb::confirm);
        } catch (Trainer.Stopped | PeerTraining.Stopped e) {
            boolean released = queue.release(c, false);
            log.printf("%s: %s; %s%n", label, e.getMessage(), !released ? "another worker had already taken it over"
                    : e instanceof PeerTraining.Stopped ? "released, it starts over"
                    : "released, it resumes from the checkpoint written at the stop");
            return Outcome.STOPPED;
        } catch (ClaimLostException e) {
            log.println(e.getMessage());
            return Outcome.LOST;
        } catch (DataNotFoundException | PeerUnavailableException e) {
            // Not the run's fault and the same for every run of this data (or every peer run on this machine): give
            // the run back untouched (no attempt used, no failed record) and stop this worker with the message.
            queue.release(c, true);
            throw e;
        } catch (Exception e) {
            return failed(c, run, label, e, hb);
        } finally {
            hb.close();
        }
        tellQueue(c, status);
        log.printf("%s: %s%n", label, status.key());
        return Outcome.FINISHED;
    }

    /**
     * The listener the trainer calls: stops on request or on a lost claim, and confirms the claim before each
     * checkpoint.
     *
     * @param checkpoints whether an epoch's end is a checkpoint (selab's trainer) the queue may count as progress; the
     *     PyTorch peer keeps none, so its epochs only confirm the claim (a crash loop stays a crash loop)
     */
    private Trainer.Listener guarded(Trainer.Listener listener, Heartbeat hb, boolean checkpoints) {
        return new ForwardingListener(listener) {
            private int stepsPerEpoch = -1; // no epoch started yet: no step is an epoch's last

            @Override
            public void epochStarted(int epoch, int steps) {
                stepsPerEpoch = steps;
                super.epochStarted(epoch, steps);
            }

            @Override
            public boolean stopRequested() {
                if (stopRequested.getAsBoolean()) {
                    hb.confirm(); // the stop's checkpoint follows: written under a fresh claim, or not at all
                    return true;
                }
                return false;
            }

            @Override
            public void stepDone(int epoch, int step) {
                if (!hb.held()) {
                    throw new ClaimLostException(hb.whyLost());
                }
                if (step == stepsPerEpoch) {
                    hb.confirm(); // the epoch's checkpoint and history follow: they are written under a fresh claim
                }
                super.stepDone(epoch, step);
            }

            @Override
            public void epochDone(HistoryRow row, List<HistoryRow> history) {
                if (checkpoints) {
                    hb.checkpoint(row.epoch());
                } else {
                    hb.confirm();
                }
                super.epochDone(row, history);
            }
        };
    }

    /** An attempt that ended in an error: record it (never over a finished record) and let the queue decide. */
    private Outcome failed(Claim c, Variant run, String label, Exception error, Heartbeat hb) {
        try {
            hb.confirm();
        } catch (ClaimLostException lost) {
            log.println(lost.getMessage() + " (it had failed: " + error + ")");
            return Outcome.LOST;
        }
        try {
            executor.recordFailure(run, error);
        } catch (RuntimeException writeError) {
            log.printf("%s: could not record the failure in run.json: %s%n", label, writeError.getMessage());
        }
        Optional<RunStatus> after = queue.fail(c, error.toString());
        log.printf("%s: attempt failed: %s -> %s%n", label, error,
                after.map(RunStatus::key).orElse("not recorded: another worker had taken it over"));
        return Outcome.FAILED;
    }

    /** Tells the queue a run is finished; its record already says so, so a failure here loses nothing. */
    private void tellQueue(Claim c, RunStatus status) {
        boolean told;
        try {
            told = queue.complete(c, status);
        } catch (QueueException e) {
            throw new QueueException("run " + c.id() + " is recorded as " + status.key() + " in "
                    + executor.runJson(c.experiment(), c.id()) + ", but the queue could not be told (" + e.getMessage()
                    + "); the next `selab run` or `selab worker` reads it back from the results tree", e);
        }
        if (!told) {
            log.printf("run %s: recorded as %s, but another worker had taken it over in the queue%n", c.id(), status.key());
        }
    }

    private void pause() {
        long until = System.nanoTime() + WAIT_POLL.toNanos();
        while (System.nanoTime() < until && !stopRequested.getAsBoolean()) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
