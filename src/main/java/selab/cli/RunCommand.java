package selab.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import selab.queue.RunQueue;
import selab.results.RunStatus;

/** {@code selab run SPEC}: enqueue the spec's runs (idempotent) and train until none of them is left. */
@Command(name = "run", description = "Enqueue a spec's runs and train them; a rerun resumes and skips finished runs.")
final class RunCommand implements Callable<Integer> {

    @Parameters(paramLabel = "SPEC", description = "experiment spec (YAML or JSON)")
    Path spec;

    @Mixin
    Workspace ws;

    @Mixin
    WorkOptions opts;

    @Override
    public Integer call() {
        Specs.Loaded loaded = Specs.load(spec);
        opts.validate(loaded.spec().device().key());
        String experiment = loaded.spec().name();
        try (RunQueue queue = ws.openQueue()) {
            int added = queue.enqueue(loaded.plan().distinctRuns(), opts.maxAttempts);
            System.out.printf("%s: %d runs planned, %d newly queued; %s%n", experiment,
                    loaded.plan().distinctRuns().size(), added, queue.counts(experiment));
        }
        Training.drain(ws, opts, experiment, loaded.spec().device().key());
        try (RunQueue queue = ws.openQueue()) {
            int failed = queue.counts(experiment).getOrDefault(RunStatus.FAILED, 0);
            if (failed > 0) {
                System.out.printf("%d run(s) failed; see `selab status %s` and `selab retry %s`%n", failed, spec, spec);
                return 1;
            }
        }
        return 0;
    }
}
