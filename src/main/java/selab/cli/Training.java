package selab.cli;

import ai.djl.Device;
import java.time.Duration;
import selab.queue.RunQueue;
import selab.results.RunStore;
import selab.train.DevicePreference;
import selab.train.Devices;
import selab.work.RunExecutor;
import selab.work.Worker;

/** Shared by {@code run} and {@code worker}: drain the queue with a progress display. */
final class Training {
    private Training() {}

    /**
     * @param specDevice the spec's device preference, used when --device is not given (null = auto)
     */
    static int drain(Workspace ws, WorkOptions opts, String experimentOrNull, DevicePreference specDevice) {
        Device device = Devices.choose(opts.device != null ? opts.device : specDevice);
        RunStore store = ws.store();
        String id = opts.workerId != null ? opts.workerId : RunQueue.defaultWorkerId();
        System.out.printf("worker %s on %s, %d threads%n", id, device, Devices.threads());
        try (RunQueue queue = ws.openQueue();
                RunExecutor executor = new RunExecutor(store, device, opts.data)) {
            Worker worker = new Worker(queue, executor, id, Duration.ofSeconds(opts.staleAfterSeconds), System.out);
            int n = worker.drain(experimentOrNull, new ConsoleProgress(System.out));
            System.out.printf("worker %s: finished %d run(s); queue: %s%n", id, n, queue.counts(experimentOrNull));
            return n;
        }
    }
}
