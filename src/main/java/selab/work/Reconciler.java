package selab.work;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import selab.io.AtomicFiles;
import selab.queue.ClaimLocks;
import selab.queue.HeldRun;
import selab.queue.QueuedRun;
import selab.queue.Reconciliation;
import selab.queue.RecordedRuns;
import selab.queue.WorkQueue;
import selab.results.RunRecord;
import selab.results.RunStatus;
import selab.results.RunStore;

/**
 * Makes the queue agree with the results tree, which is the source of truth for finished runs: a run with a
 * finished record is finished in the queue, a run the queue counts as finished whose record is gone is queued
 * again. Also removes what crashes leave behind: temp files of unfinished writes and lock files of dead workers.
 * Run by every {@code run}, {@code worker} and {@code status} before they read the queue.
 */
public final class Reconciler {
    /** Leftovers younger than this may belong to a write or a claim happening right now, so they are kept. */
    static final Duration LEFTOVER_MIN_AGE = Duration.ofMinutes(1);

    private final WorkQueue queue;
    private final RunStore store;
    private final ClaimLocks locks;

    public Reconciler(WorkQueue queue, RunStore store, ClaimLocks locks) {
        this.queue = queue;
        this.store = store;
        this.locks = locks;
    }

    /**
     * @param changes what the queue changed; tempFiles and lockFiles how many leftovers were deleted
     */
    public record Report(Reconciliation changes, int tempFiles, int lockFiles) {}

    /** @param experimentOrNull only this experiment's runs; null = the whole queue */
    public Report reconcile(String experimentOrNull) {
        Set<String> checked = new HashSet<>();
        Map<String, RunStatus> finished = new HashMap<>();
        for (QueuedRun r : queue.list(experimentOrNull)) {
            Optional<RunRecord> record;
            try {
                record = store.read(r.experiment(), r.id());
            } catch (RuntimeException unreadable) {
                continue; // a record that cannot be read is not evidence either way: leave the queue as it is
            }
            Optional<RunStatus> done = record.map(RunRecord::status).filter(s -> s != null && s.finished());
            if (done.isPresent()) {
                checked.add(r.id());
                finished.put(r.id(), done.get());
            } else if (Files.isDirectory(store.runDir(r.experiment(), r.id()).getParent())) {
                // Only when the experiment's directory is there: a worker pointed at the wrong --results (an empty
                // tree) must not queue a whole finished sweep again.
                checked.add(r.id());
            }
        }
        Reconciliation changes = queue.reconcile(new RecordedRuns(checked, finished));
        List<HeldRun> held = queue.held(null);
        int temps = removeTempFiles(held.stream().map(HeldRun::id).collect(Collectors.toSet()));
        int lockFiles = locks.sweep(held.stream().map(HeldRun::token).filter(t -> t != null)
                .collect(Collectors.toSet()), LEFTOVER_MIN_AGE);
        return new Report(changes, temps, lockFiles);
    }

    /** Deletes temp files of unfinished writes under results/&lt;experiment&gt;/&lt;run&gt;/, except in runs held now. */
    private int removeTempFiles(Set<String> heldRuns) {
        Path root = store.root();
        if (!Files.isDirectory(root)) {
            return 0;
        }
        Instant before = Instant.now().minus(LEFTOVER_MIN_AGE);
        int n = 0;
        try (Stream<Path> files = Files.walk(root, 4)) { // <experiment>/<run>/checkpoints/<file>
            for (Path f : files.filter(p -> AtomicFiles.isTemp(p) && Files.isRegularFile(p)).toList()) {
                Path rel = root.relativize(f);
                boolean inHeldRun = rel.getNameCount() >= 3 && heldRuns.contains(rel.getName(1).toString());
                if (!inHeldRun && Files.getLastModifiedTime(f).toInstant().isBefore(before) && Files.deleteIfExists(f)) {
                    n++;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot clean temp files under " + root, e);
        }
        return n;
    }
}
