package selab.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import selab.data.DataNotFoundException;
import selab.plan.Variant;
import selab.queue.WorkQueue;
import selab.results.RunRecord;
import selab.results.RunStore;
import selab.results.Staleness;
import selab.bench.PythonPeer;
import selab.spec.Implementation;
import selab.train.DevicePreference;
import selab.train.Devices;
import selab.work.RunExecutor;
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

    @Option(names = "--rerun-stale", description = "retrain finished runs whose record is stale (made by other training"
            + " code, libraries, config or data than this build would use); the old record is kept under"
            + " <run>/superseded/")
    boolean rerunStale;

    @Option(names = "--workers", defaultValue = "1", converter = WorkerCount.Converter.class,
            description = "worker processes on this machine, the cores shared among them (default ${DEFAULT-VALUE});"
                    + " auto: measured on the spec's first run, more than one only where that pays (README"
                    + " 'Several workers on one machine')")
    WorkerCount workers;

    @Override
    public Integer call() {
        Specs.Loaded loaded = Specs.load(spec);
        opts.validate(loaded.spec().device());
        ws.requireWritableResults();
        String experiment = loaded.spec().name();
        DataCheck.verify(spec, loaded.plan().distinctRuns(), opts.data);
        UnreadableRecords unreadable = new UnreadableRecords();
        List<Variant> runs = withoutUnavailablePeers(loaded.plan().distinctRuns());
        try (WorkQueue queue = ws.openQueue()) {
            int added = queue.enqueue(runs, opts.maxAttemptsForNewRuns());
            if (opts.maxAttempts != null) {
                int reopened = queue.setMaxAttempts(experiment, opts.maxAttempts);
                if (reopened > 0) {
                    System.out.printf("%d failed run(s) have attempts left under --max-attempts %d and are queued"
                            + " again%n", reopened, opts.maxAttempts);
                }
            }
            int unblocked = queue.retryFailedWith(experiment, DataNotFoundException.class.getSimpleName());
            if (unblocked > 0) {
                System.out.printf("%d run(s) that failed because their data was missing are queued again%n", unblocked);
            }
            System.out.printf("%s: %d runs planned, %d newly queued; %s%n", experiment,
                    loaded.plan().distinctRuns().size(), added, queue.counts(experiment));
            if (rerunStale) {
                requeueStale(loaded, runs, queue, unreadable);
            }
        }
        int exit = unreadable.print(System.err, "run", "not checked for staleness", 0); // said before training starts
        int n = workerCount(loaded);
        if (n == 1) {
            if (Training.drain(ws, opts, experiment, loaded.spec().device()).stopped()) {
                return exit; // stopped on SIGTERM/SIGINT with the run released: a rerun resumes it
            }
        } else {
            Integer pooled = runPool(experiment, n, loaded.spec().device());
            if (pooled != null) {
                return pooled;
            }
        }
        try (WorkQueue queue = ws.openQueue()) {
            int failed = queue.counts(experiment).getOrDefault(RunStatus.FAILED, 0);
            if (failed > 0) {
                System.out.printf("%d run(s) failed; see `selab status %s` and `selab retry %s`%n", failed, spec, spec);
                return 1;
            }
        }
        return exit;
    }

    /**
     * The runs to queue: the plan's, less the cross-check runs of a peer this machine cannot run (no python3 with
     * torch). Those are said once and left out, so the sweep and the rest of the report go on; their rows say
     * "not run". A later `run` on a machine with the peer queues them.
     */
    static List<Variant> withoutUnavailablePeers(List<Variant> planned) {
        long peerRuns = planned.stream().filter(v -> v.config().trainedBy() == Implementation.PYTORCH).count();
        if (peerRuns == 0) {
            return planned;
        }
        PythonPeer.Attempt<String> torch = PythonPeer.fromEnvironment().probe();
        if (torch.result().isPresent()) {
            System.out.printf("cross-check: %d run(s) by the PyTorch peer (torch %s)%n", peerRuns, torch.result().get());
            return planned;
        }
        System.out.printf("cross-check: %d PyTorch peer run(s) not queued: %s; their rows say \"not run\"%n", peerRuns,
                torch.availability().reason().lines().findFirst().orElse("PyTorch unavailable"));
        return planned.stream().filter(v -> v.config().trainedBy() != Implementation.PYTORCH).toList();
    }

    /**
     * A record of the same training (same id) whose history evaluated fewer epochs than this plan asks for (curves or
     * oracle columns added to a spec after its runs were trained). Asked only of records this training code made
     * (older ones, which evaluated every epoch, are stale by their code already).
     */
    static Optional<String> evaluatedTooRarely(RunRecord r, Variant v) {
        Integer need = v.config().recipe().evaluateEvery();
        Integer had = r.config() == null ? null : r.config().recipe().evaluateEvery();
        if (need == null || (had != null && need % had == 0)) {
            return Optional.empty();
        }
        return Optional.of("evaluated " + (had == null ? "after the last epoch only" : "every " + had + " epochs")
                + " but this spec's tables need every " + need);
    }

    /** --workers, measured for auto on the spec's first run when more than one run is left. */
    private int workerCount(Specs.Loaded loaded) {
        if (!workers.auto()) {
            return workers.fixed();
        }
        int left;
        try (WorkQueue queue = ws.openQueue()) {
            left = queue.counts(loaded.spec().name()).getOrDefault(RunStatus.QUEUED, 0);
        }
        if (left < 2) {
            return 1;
        }
        int cores = Devices.defaultThreads();
        int n = WorkerCount.choose(WorkerCount.measure(spec, cores, opts.threads, left,
                opts.deviceArgs(loaded.spec().device()), System.out));
        System.out.printf("--workers auto: %d worker(s)%n", n);
        return n;
    }

    /**
     * Trains with {@code n} worker processes; returns the exit status when the pool ends it (stopped, a worker
     * failed), or null to go on to the failed-runs check.
     */
    private Integer runPool(String experiment, int n, DevicePreference specDevice) {
        int threads = opts.threads != null ? opts.threads : WorkerCount.threadsEach(Devices.defaultThreads(), n);
        System.out.printf("%d workers, %d intra-op thread(s) each%n", n, threads);
        List<List<String>> args = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            args.add(opts.workerArgs(ws, experiment, threads, i, specDevice));
        }
        try (GracefulStop stop = GracefulStop.install()) {
            List<Integer> codes = WorkerPool.runAll(args, threads, System.out, stop::requested);
            boolean ok = true;
            for (int i = 0; i < codes.size(); i++) {
                if (codes.get(i) != 0) {
                    System.out.printf("worker w%d exited with status %d%n", i + 1, codes.get(i));
                    ok = false;
                }
            }
            stop.finish(ok ? 0 : 1);
            if (ok && stop.requested()) {
                return 0; // each worker released its run: a rerun resumes
            }
            return ok ? null : 1;
        }
    }

    /**
     * Sets aside the record of every stale finished run of {@code runs} (the plan's, less a peer this machine cannot
     * run: its records stay) and puts the run back in the queue; a record that cannot be read is left as it is (and
     * named before training starts).
     */
    private void requeueStale(Specs.Loaded loaded, List<Variant> runs, WorkQueue queue, UnreadableRecords unreadable) {
        RunStore store = ws.store();
        Staleness staleness = Specs.currentBuildStaleness();
        Map<String, RunRecord> records = new HashMap<>();
        store.readEach(loaded.spec().name(), runs.stream().map(Variant::id).toList(), unreadable)
                .forEach(r -> records.put(r.id(), r));
        int n = 0;
        try (RunExecutor data = new RunExecutor(store, Devices.choose(DevicePreference.CPU), opts.data)) {
            for (Variant v : runs) {
                RunRecord r = records.get(v.id());
                if (r == null || r.status() == null || !r.status().finished()) {
                    continue;
                }
                Optional<String> why = staleness.reason(r);
                if (why.isEmpty()) {
                    // Code, libraries and config match: the data is the one thing left to compare (read it).
                    why = staleness.reason(r, data.currentFingerprint(v).data());
                }
                if (why.isEmpty()) {
                    why = evaluatedTooRarely(r, v);
                }
                if (why.isPresent()) {
                    // Record first: the records are the truth, and every start reconciles the queue with them. Once
                    // the record is set aside, a crash before the requeue still gets the run retrained (no finished
                    // record); the other order would let a reconcile mark it done again from the old record.
                    Path kept = store.supersede(r.experiment(), r.id());
                    queue.requeueFinished(r.id());
                    n++;
                    System.out.printf("%s (%s, seed %d): stale (%s); old record kept in %s, queued again%n",
                            v.name(), v.id(), v.seed(), why.get(), kept);
                }
            }
        }
        System.out.printf("%d stale run(s) queued for retraining%n", n);
    }
}
