package selab.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Options of the verbs that train: device, data location, queue timing. */
final class WorkOptions {

    @Option(names = "--device", description = "auto|cpu|gpu (default: the spec's base.device, else auto = GPU when PyTorch sees one)")
    String device;

    @Option(names = "--data", description = "data root searched before $SELAB_DATA and the default locations")
    Path data;

    @Option(names = "--stale-after", defaultValue = "300", description = "seconds without heartbeat after which another worker may take a run over (default ${DEFAULT-VALUE})")
    int staleAfterSeconds;

    @Option(names = "--max-attempts", defaultValue = "2", description = "tries per run before it is marked failed (default ${DEFAULT-VALUE})")
    int maxAttempts;

    @Option(names = "--worker-id", description = "worker name in the queue (default <host>-<pid>)")
    String workerId;
}
