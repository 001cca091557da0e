package selab.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;
import selab.train.DevicePreference;
import selab.train.Devices;

/** Options of the verbs that train: device, data location, queue timing. */
final class WorkOptions {

    @Option(names = "--device", parameterConsumer = ChoiceOption.class,
            description = "${COMPLETION-CANDIDATES} (default: the spec's base.device, else auto = GPU when PyTorch sees one)")
    DevicePreference device;

    @Option(names = "--data", converter = ExistingDirectory.class,
            description = "data root searched before $SELAB_DATA and the default locations")
    Path data;

    @Option(names = "--stale-after", defaultValue = "300", description = "seconds without heartbeat after which another worker may take a run over (default ${DEFAULT-VALUE})")
    int staleAfterSeconds;

    @Option(names = "--max-attempts", defaultValue = "2", description = "tries per run before it is marked failed (default ${DEFAULT-VALUE})")
    int maxAttempts;

    @Option(names = "--worker-id", description = "worker name in the queue (default <host>-<pid>)")
    String workerId;

    /**
     * Rejects bad values before the verb writes anything: a bad flag must not leave a filled queue behind.
     *
     * @param specDevice the spec's device preference (null = auto), used when --device is not given
     */
    void validate(DevicePreference specDevice) {
        if (maxAttempts < 1) {
            throw new UserError("--max-attempts: '" + maxAttempts + "' is not allowed; allowed: an integer >= 1");
        }
        if (staleAfterSeconds < 1) {
            throw new UserError("--stale-after: '" + staleAfterSeconds + "' is not allowed; allowed: seconds >= 1");
        }
        Devices.choose(device != null ? device : specDevice); // gpu without one fails here rather than after enqueueing
    }
}
