package selab.cli;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * SIGTERM and SIGINT (and any other JVM shutdown) while runs train: a shutdown hook asks the worker to stop after
 * its current step, then waits until the worker has released its run and closed every native resource, and only
 * then ends the process, with the worker's exit status (0 for a clean stop). Without the wait the JVM would exit
 * while the training thread is still inside libtorch, whose teardown then crashes it (SIGSEGV, an hs_err file).
 *
 * <p>Use in try-with-resources around the training; {@link #finish} with the exit status when it is over.
 */
final class GracefulStop implements AutoCloseable {
    /** How long the hook waits for the worker; past it the JVM exits anyway (a scheduler would kill it by then). */
    static final Duration GRACE = Duration.ofMinutes(2);

    private final Thread hook = new Thread(this::onShutdown, "selab-graceful-stop");
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile boolean requested;
    private volatile int status = 1;

    private GracefulStop() {}

    static GracefulStop install() {
        GracefulStop stop = new GracefulStop();
        Runtime.getRuntime().addShutdownHook(stop.hook);
        return stop;
    }

    /** Asks for the same stop a signal asks for, from inside the process (e.g. its supervisor is gone). */
    void request() {
        requested = true;
    }

    /** Polled by the worker between steps and claims. */
    boolean requested() {
        return requested;
    }

    /** The process's exit status once training is over (0 = stopped or finished cleanly). */
    void finish(int exitStatus) {
        status = exitStatus;
    }

    private void onShutdown() {
        requested = true;
        System.err.println("selab: asked to stop; finishing the current step, keeping the last checkpoint and"
                + " releasing the run");
        try {
            if (finished.await(GRACE.toSeconds(), TimeUnit.SECONDS)) {
                System.out.flush();
                System.err.flush();
                Runtime.getRuntime().halt(status); // the worker is done: exit with its status, not the signal's
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Training is over and its native resources are closed: a pending shutdown may proceed. */
    @Override
    public void close() {
        finished.countDown();
        if (!requested) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook already runs: it sees the latch and exits
            }
        }
    }
}
