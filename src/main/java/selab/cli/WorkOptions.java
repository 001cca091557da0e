package selab.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;
import selab.train.DevicePreference;
import selab.queue.Lease;
import selab.train.Devices;

/** Options of the verbs that train: device, data location, claim timing, attempts. */
final class WorkOptions {
    /** Failed attempts a newly queued run gets when --max-attempts is not given. */
    static final int DEFAULT_MAX_ATTEMPTS = 2;

    @Option(names = "--device", parameterConsumer = ChoiceOption.class,
            description = "${COMPLETION-CANDIDATES} (default: the spec's base.device, else auto = GPU when PyTorch sees one)")
    DevicePreference device;

    @Option(names = "--data", converter = ExistingDirectory.class,
            description = "data root searched before $SELAB_DATA and the default locations")
    Path data;

    @Option(names = "--stale-after", defaultValue = "300", description = "this worker's claims lapse after this many"
            + " seconds without a heartbeat (it beats 5 times as often, at most once a minute); another worker may then"
            + " take its run over (default ${DEFAULT-VALUE}). A worker that dies on this machine is taken over at once")
    int staleAfterSeconds;

    @Option(names = "--max-attempts", description = "failed attempts per run before it is marked failed (default "
            + DEFAULT_MAX_ATTEMPTS + " for newly queued runs); when given, also applies to runs already queued"
            + " (run: the spec's runs; worker: every run it claims). Kills and take-overs do not count")
    Integer maxAttempts;

    @Option(names = "--worker-id", description = "worker name in the queue (default <host>-<pid>-<random>); a label only")
    String workerId;

    /** Set by {@code run --workers} on its workers: a worker stops (as on SIGTERM) once that process is gone. */
    @Option(names = "--parent-pid", hidden = true)
    Long parentPid;

    @Option(names = "--threads", description = "intra-op threads of this worker (default: $OMP_NUM_THREADS, else every"
            + " core; with run --workers N, the cores divided among the N workers). A run's history is bit-identical"
            + " only for the same thread count")
    Integer threads;

    /**
     * Rejects bad values before the verb writes anything: a bad flag must not leave a filled queue behind.
     *
     * @param specDevice the spec's device preference (null = auto), used when --device is not given
     */
    void validate(DevicePreference specDevice) {
        if (maxAttempts != null && maxAttempts < 1) {
            throw new UserError("--max-attempts: '" + maxAttempts + "' is not allowed; allowed: an integer >= 1");
        }
        if (staleAfterSeconds < 1) {
            throw new UserError("--stale-after: '" + staleAfterSeconds + "' is not allowed; allowed: seconds >= 1");
        }
        if (threads != null && threads < 1) {
            throw new UserError("--threads: '" + threads + "' is not allowed; allowed: an integer >= 1");
        }
        if (workerId != null && workerId.isBlank()) {
            throw new UserError("--worker-id: '" + workerId + "' is not allowed; allowed: a non-blank name");
        }
        Devices.choose(device != null ? device : specDevice); // gpu without one fails here rather than after enqueueing
    }

    /** The failed-attempt limit for runs enqueued now. */
    int maxAttemptsForNewRuns() {
        return maxAttempts != null ? maxAttempts : DEFAULT_MAX_ATTEMPTS;
    }

    /**
     * The {@code worker} command line of worker {@code index} of {@code run --workers}: these options, passed on.
     *
     * @param specDevice the spec's device preference, passed on when --device is not given (a worker has no spec)
     */
    List<String> workerArgs(Workspace ws, String experiment, int threadsEach, int index, DevicePreference specDevice) {
        List<String> a = new ArrayList<>(List.of("worker", "--experiment", experiment));
        a.addAll(ws.args());
        a.addAll(deviceArgs(specDevice));
        a.addAll(List.of("--parent-pid", Long.toString(ProcessHandle.current().pid())));
        if (data != null) {
            a.addAll(List.of("--data", data.toString()));
        }
        a.addAll(List.of("--stale-after", Integer.toString(staleAfterSeconds), "--threads", Integer.toString(threadsEach)));
        if (maxAttempts != null) {
            a.addAll(List.of("--max-attempts", maxAttempts.toString()));
        }
        if (workerId != null) {
            a.addAll(List.of("--worker-id", workerId + "-w" + index));
        }
        return a;
    }

    /** {@code --device D} for a child process: this flag, else the spec's preference; empty for auto. */
    List<String> deviceArgs(DevicePreference specDevice) {
        DevicePreference d = device != null ? device : specDevice;
        return d == null ? List.of() : List.of("--device", d.key());
    }

    /** The terms of this worker's claims. */
    Lease lease() {
        return Lease.of(Duration.ofSeconds(staleAfterSeconds));
    }
}
