package selab.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import selab.plan.Variant;
import selab.queue.QueuedRun;
import selab.queue.WorkQueue;
import selab.results.Json;
import selab.results.RunRecord;
import selab.results.RunStatus;
import selab.results.RunStore;
import selab.results.Staleness;
import selab.work.Reconciler;

/** {@code selab status SPEC}: how many of a spec's runs are queued, running, done, failed, diverged. */
@Command(name = "status", description = "Counts per state and progress of a spec's runs.")
final class StatusCommand implements Callable<Integer> {

    @Parameters(paramLabel = "SPEC")
    Path spec;

    @Mixin
    Workspace ws;

    @Option(names = "--format", defaultValue = "table", description = "table|json")
    String format;

    @Override
    public Integer call() throws Exception {
        if (!format.equals("table") && !format.equals("json")) {
            throw new UserError("--format: '" + format + "' is not allowed; allowed: table|json");
        }
        Specs.Loaded loaded = Specs.load(spec);
        String experiment = loaded.spec().name();
        int planned = loaded.plan().distinctRuns().size();
        UnreadableRecords unreadable = new UnreadableRecords();
        Optional<WorkQueue> existing = ws.openExistingQueue();
        try (WorkQueue queue = existing.orElse(null)) {
            Map<RunStatus, Integer> counts = new EnumMap<>(RunStatus.class);
            List<QueuedRun> runs = List.of();
            if (queue == null) {
                for (RunStatus s : RunStatus.values()) {
                    counts.put(s, 0);
                }
            } else {
                // The records are the truth: a run whose record was deleted is queued, not done.
                new Reconciler(queue, ws.store(), ws.claimLocks()).reconcile(experiment);
                counts = queue.counts(experiment);
                runs = queue.list(experiment);
            }
            int finished = counts.get(RunStatus.DONE) + counts.get(RunStatus.DIVERGED);
            int notQueued = Math.max(0, planned - runs.size());
            Map<String, String> stale = staleRecords(loaded, unreadable);
            if (format.equals("json")) {
                var node = Json.mapper().createObjectNode();
                node.put("experiment", experiment);
                node.put("planned", planned);
                node.put("not_queued", notQueued);
                counts.forEach((k, v) -> node.put(k.key(), v));
                node.put("progress", planned == 0 ? 1.0 : (double) finished / planned);
                node.put("stale", stale.size());
                var list = node.putArray("runs");
                for (QueuedRun r : runs) {
                    var o = list.addObject();
                    o.put("id", r.id());
                    o.put("variant", r.variant());
                    o.put("seed", r.seed());
                    o.put("state", r.state().key());
                    o.put("attempts", r.attempts());
                    o.put("failed_attempts", r.failedAttempts());
                    o.put("max_attempts", r.maxAttempts());
                    o.put("reclaims", r.reclaims());
                    o.put("epochs_done", r.epochsDone());
                    o.put("worker", r.worker());
                    o.put("heartbeat_at", r.heartbeatAt() == null ? null : r.heartbeatAt().toString()); // JSON null, not "null"
                    o.put("deadline", r.deadline() == null ? null : r.deadline().toString());
                    o.put("error", r.error());
                    o.put("stale", stale.get(r.id())); // null when the record is current or absent
                    if (r.state() == RunStatus.RUNNING) {
                        Live live = live(experiment, r);
                        o.put("host", live.host());
                        if (live.imagesPerSecond() != null) {
                            o.put("images_per_s", live.imagesPerSecond());
                        } else {
                            o.putNull("images_per_s");
                        }
                    }
                }
                System.out.println(Json.mapper().writeValueAsString(node));
            } else {
                System.out.printf("%s: %d planned, %d not yet queued%s%n", experiment, planned, notQueued,
                        queue == null ? " (no queue at " + ws.queueDescription() + " yet)" : "");
                counts.forEach((k, v) -> System.out.printf("  %-9s %d%n", k.key(), v));
                System.out.printf("  progress  %d/%d (%.0f%%)%n", finished, planned, 100.0 * finished / Math.max(1, planned));
                System.out.printf("  stale     %d%s%n", stale.size(), stale.isEmpty() ? ""
                        : " (finished, but not what this build computes; `selab run " + spec + " --rerun-stale`)");
                runs.stream().filter(r -> r.state() == RunStatus.RUNNING).forEach(r ->
                        System.out.printf("  running %s %s: worker %s, %d epoch(s) checkpointed, claim lapses at %s%n",
                                r.id(), r.variant(), r.worker(), r.epochsDone(), r.deadline()));
                List<QueuedRun> held = runs.stream().filter(r -> r.state() == RunStatus.RUNNING).toList();
                if (!held.isEmpty()) {
                    System.out.println("  live workers (those holding a run):");
                    for (QueuedRun r : held) {
                        Live live = live(experiment, r);
                        System.out.printf(Locale.ROOT, "    %s on %s: run %s, last heartbeat %s, %s%n", r.worker(),
                                live.host(), r.id(), r.heartbeatAt(), live.imagesPerSecond() == null
                                        ? "no epoch timed yet" : String.format(Locale.ROOT, "%.0f img/s in its last epoch",
                                                live.imagesPerSecond()));
                    }
                }
                runs.stream().filter(r -> r.reclaims() > 0).forEach(r -> System.out.printf(
                        "  reclaimed %s %s: taken over %d time(s) from a worker that died or stopped; now %s%s%n",
                        r.id(), r.variant(), r.reclaims(), r.state().key(),
                        r.worker() == null ? "" : " (worker " + r.worker() + ")"));
                runs.stream().filter(r -> r.state() == RunStatus.FAILED).forEach(r ->
                        System.out.printf("  failed %s %s: %s%n", r.id(), r.variant(), r.error()));
                stale.forEach((id, why) -> System.out.printf("  stale %s: %s%n", id, why));
            }
        }
        return unreadable.print(System.err, "status", "its staleness is unknown", 0);
    }

    /** What the run's own files say about the worker holding it: the host in its record, its last epoch's pace. */
    private record Live(String host, Double imagesPerSecond) {}

    private Live live(String experiment, QueuedRun r) {
        String host = "unknown host";
        try {
            host = ws.store().read(experiment, r.id()).map(rec -> rec.provenance() == null ? null : rec.provenance().host())
                    .orElse(host);
        } catch (RuntimeException unreadable) {
            // being rewritten, or damaged: status still lists the worker
        }
        Double pace = null;
        Path timing = ws.store().runDir(experiment, r.id()).resolve(RunStore.TIMING_CSV);
        try {
            List<String> lines = Files.exists(timing) ? Files.readAllLines(timing) : List.of();
            if (lines.size() > 1) {
                String[] f = lines.get(lines.size() - 1).split(",");
                pace = Double.parseDouble(f[2]);
            }
        } catch (IOException | RuntimeException unreadable) {
            // replaced while read: no pace this time
        }
        return new Live(host == null ? "unknown host" : host, pace);
    }

    /** Why each finished record of the plan is stale, by run id (code, libraries, config; data is not read). */
    private Map<String, String> staleRecords(Specs.Loaded loaded, UnreadableRecords unreadable) {
        Staleness staleness = Specs.currentBuildStaleness();
        Map<String, String> out = new java.util.TreeMap<>();
        List<String> ids = loaded.plan().distinctRuns().stream().map(Variant::id).toList();
        for (RunRecord r : ws.store().readEach(loaded.spec().name(), ids, unreadable)) {
            if (r.status() != null && r.status().finished()) {
                staleness.reason(r).ifPresent(why -> out.put(r.id(), why));
            }
        }
        return out;
    }
}
