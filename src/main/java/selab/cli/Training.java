package selab.cli;

import ai.djl.Device;
import selab.queue.WorkQueue;
import selab.results.RunStore;
import selab.train.DevicePreference;
import selab.train.Devices;
import selab.train.EngineThreads;
import selab.work.Reconciler;
import selab.work.RunExecutor;
import selab.work.Worker;

/** Shared by {@code run} and {@code worker}: reconcile the queue with the results tree, then drain it with a progress display. */
final class Training {
    private Training() {}

    /**
     * @param specDevice the spec's device preference, used when --device is not given (null = auto)
     * @return how the drain ended (stopped = on SIGTERM/SIGINT; the caller then exits 0 without more work)
     */
    static Worker.Result drain(Workspace ws, WorkOptions opts, String experimentOrNull, DevicePreference specDevice) {
        Device device = Devices.choose(opts.device != null ? opts.device : specDevice);
        RunStore store = ws.store();
        String id = opts.workerId != null ? opts.workerId : Worker.defaultId();
        // On this (the training) thread: libtorch's intra-op pool size is per calling thread.
        EngineThreads.apply(opts.threads != null ? opts.threads : Devices.defaultThreads());
        System.out.printf("worker %s on %s, %d threads%n", id, device, Devices.threads());
        try (GracefulStop stop = GracefulStop.install()) {
            if (opts.parentPid != null) {
                watchParent(opts.parentPid, stop);
            }
            try (WorkQueue queue = ws.openQueue();
                    RunExecutor executor = new RunExecutor(store, device, opts.data)) {
                reconcile(new Reconciler(queue, store, ws.claimLocks()), experimentOrNull);
                Worker worker = new Worker(queue, executor, ws.claimLocks(),
                        new Worker.Settings(id, opts.lease(), opts.maxAttempts), System.out, stop::requested);
                Worker.Result result = worker.drain(experimentOrNull, new ConsoleProgress(System.out));
                System.out.printf("worker %s: %s %d run(s); queue: %s%n", id,
                        result.stopped() ? "stopped on request after finishing" : "finished", result.finished(),
                        queue.counts(experimentOrNull));
                stop.finish(0);
                return result;
            }
        }
    }

    /**
     * A worker of {@code run --workers} stops as on SIGTERM once its {@code run} is gone (killed with -9, say), rather
     * than train on unsupervised with its output going nowhere.
     */
    private static void watchParent(long pid, GracefulStop stop) {
        Thread t = new Thread(() -> {
            try {
                while (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                    Thread.sleep(1000);
                }
                System.err.println("selab: the run that started this worker (pid " + pid + ") is gone; stopping");
                stop.request();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "selab-parent-watch");
        t.setDaemon(true);
        t.start();
    }

    /** Prints what reconciling changed: runs read back from their records, runs whose record is gone. */
    static Reconciler.Report reconcile(Reconciler reconciler, String experimentOrNull) {
        Reconciler.Report r = reconciler.reconcile(experimentOrNull);
        r.changes().finished().forEach(id -> System.out.printf(
                "%s: already recorded as finished in the results tree; not retrained%n", id));
        r.changes().requeued().forEach(id -> System.out.printf(
                "%s: the queue said finished but its record is gone; queued to train again%n", id));
        if (r.tempFiles() > 0 || r.lockFiles() > 0) {
            System.out.printf("removed %d temp file(s) of unfinished writes and %d lock file(s) of dead workers%n",
                    r.tempFiles(), r.lockFiles());
        }
        return r;
    }
}
