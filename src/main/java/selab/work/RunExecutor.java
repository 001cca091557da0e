package selab.work;

import selab.train.CheckpointFiles;

import selab.data.LoadedData;
import selab.train.Devices;
import selab.train.Trainer;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalDouble;
import java.util.Optional;
import selab.model.Geometry;
import selab.model.Profile;
import selab.model.Profiler;
import selab.model.SeResNet;
import selab.plan.Variant;
import selab.plan.RunIds;
import selab.io.AtomicFiles;
import selab.results.BuildStamp;
import selab.results.Fingerprint;
import selab.train.HistoryRow;
import selab.results.Metrics;
import selab.results.Provenance;
import selab.results.ProvenanceProbe;
import selab.results.RunRecord;
import selab.results.RunStatus;
import selab.results.RunStore;
import selab.peer.PeerTraining;
import selab.spec.Implementation;
import selab.spec.RunConfig;

/**
 * Trains one run and records it: builds the network for the run's data, trains with a checkpoint per
 * epoch (resuming from the last one if a previous attempt died), and writes run.json, history.csv and
 * the final weights (for the excitation analysis). Data stays loaded across runs that share it. A run whose config
 * names the PyTorch peer is trained by it instead ({@link PeerRunner}).
 */
public final class RunExecutor implements AutoCloseable {

    private final RunStore store;
    private final Device device;
    private final Path dataRoot;
    private final NDManager root;
    private final PeerRunner peerRunner;
    private LoadedData data;

    public RunExecutor(RunStore store, Device device, Path dataRoot) {
        this(store, device, dataRoot, PeerTraining.fromEnvironment());
    }

    /** @param peer trains the runs whose config names the PyTorch peer ({@code cross_check: pytorch}) */
    public RunExecutor(RunStore store, Device device, Path dataRoot, PeerTraining peer) {
        this.store = store;
        this.device = device;
        this.dataRoot = dataRoot;
        this.root = NDManager.newBaseManager(device);
        this.peerRunner = new PeerRunner(store, dataRoot, peer);
    }

    /** The status of a finished (done or diverged) record of this run in the results tree, if there is one. */
    public Optional<RunStatus> finishedStatus(String experiment, String id) {
        return store.read(experiment, id).map(RunRecord::status).filter(RunStatus::finished);
    }

    /** Last checkpoint of a run: results/&lt;experiment&gt;/&lt;id&gt;/checkpoints/last.ckpt. */
    public Path checkpoint(String experiment, String id) {
        return checkpoints(experiment, id).last();
    }

    /**
     * A run's checkpoints (last and previous) under results/&lt;experiment&gt;/&lt;id&gt;/checkpoints/; unreadable
     * ones are kept in unreadable-checkpoints/ next to it, which outlives the run's end.
     */
    private CheckpointFiles checkpoints(String experiment, String id) {
        Path dir = store.checkpointsDir(experiment, id);
        return new CheckpointFiles(dir, dir.resolveSibling("unreadable-checkpoints"));
    }

    /** The run's record: results/&lt;experiment&gt;/&lt;id&gt;/run.json. */
    public Path runJson(String experiment, String id) {
        return store.runJson(experiment, id);
    }

    /**
     * Trains the run and records it. The finished record is written (fsync'd) before the checkpoints are deleted
     * and before the caller tells the queue, so a crash or a queue that cannot be written loses no finished result.
     *
     * @param confirmOwnership called right before the final files are written; throws if this worker no longer
     *     owns the run (then nothing is written)
     */
    public RunStatus execute(Variant run, Trainer.Listener listener, Runnable confirmOwnership) throws IOException {
        RunConfig cfg = run.config();
        LoadedData d = data(cfg);
        if (cfg.trainedBy() == Implementation.PYTORCH) {
            return peerRunner.execute(run, d, listener, confirmOwnership, Devices.threads());
        }
        Geometry geometry = d.geometry();
        Profile profile = Profiler.profile(cfg.model(), geometry);
        Provenance started = ProvenanceProbe.capture(device.toString(), Devices.threads());
        Fingerprint fingerprint = fingerprint(run, d);
        CheckpointFiles ckpt = checkpoints(run.experiment(), run.id());
        // A checkpoint left by an attempt of another build (or on other data) would make a run of two builds
        // that is recorded as this one's: start over instead. The attempt's run.json carries its fingerprint.
        Optional<Fingerprint> before = store.read(run.experiment(), run.id()).map(RunRecord::fingerprint);
        if (ckpt.exist() && (before.isEmpty() || !before.get().value().equals(fingerprint.value()))) {
            System.out.printf("%s (%s): its checkpoint was made by another build or data; training from scratch%n",
                    run.name(), run.id());
            deleteCheckpoints(run);
        }
        store.write(record(run, RunStatus.RUNNING, null, profile, 0, 0, 0, started, null, fingerprint));
        try (NDManager m = root.newSubManager()) {
            Block net = SeResNet.build(cfg.model(), geometry);
            Trainer.initialise(net, run.seed(), m,
                    new Shape(cfg.recipe().batchSize(), geometry.channels(), geometry.size(), geometry.size()));
            Trainer.Listener recording = new ForwardingListener(listener) {
                @Override
                public void epochDone(HistoryRow row, List<HistoryRow> history) {
                    store.writeHistory(run.experiment(), run.id(), history); // before the display hears of it
                    super.epochDone(row, history);
                }

                @Override
                public void checkpointSetAside(Path unreadable, Path keptAt, Exception why) {
                    System.out.printf("%s (%s): checkpoint %s cannot be restored (%s); moved to %s, going on from"
                            + " the one before it, or from scratch if none is readable%n", run.name(), run.id(),
                            unreadable.getFileName(), why, keptAt);
                    super.checkpointSetAside(unreadable, keptAt, why);
                }
            };
            Trainer.Outcome out = new Trainer(net, cfg.recipe(), run.seed(), m, ckpt, recording)
                    .fit(d.train(), d.test());
            confirmOwnership.run();
            store.writeHistory(run.experiment(), run.id(), out.history());
            RunStatus status = out.diverged() ? RunStatus.DIVERGED : RunStatus.DONE;
            if (!out.diverged()) {
                saveWeights(net, store.finalParams(run.experiment(), run.id()));
            }
            RunRecord done = record(run, status, metrics(out), profile, out.history().size(), out.trainSeconds(),
                    out.imagesPerSecond(), ProvenanceProbe.finished(started), null, fingerprint);
            store.write(done);
            deleteCheckpoints(run);
            return status;
        }
    }

    /** Records a failed attempt (the queue decides whether it is retried); a finished record is never replaced. */
    public void recordFailure(Variant run, Throwable error) {
        Optional<RunRecord> current = store.read(run.experiment(), run.id());
        if (current.map(r -> r.status() != null && r.status().finished()).orElse(false)) {
            return; // the result stands: whatever failed after it was recorded did not touch it
        }
        // Keep the attempt's fingerprint: it tells the next attempt whether the checkpoint is this build's.
        Fingerprint attempted = current.map(RunRecord::fingerprint).orElse(null);
        store.write(record(run, RunStatus.FAILED, null, null, 0, 0, 0,
                ProvenanceProbe.capture(device.toString(), Devices.threads()), String.valueOf(error), attempted));
    }

    /** What decides this run's numbers: config, this build's training code, library versions, the data read. */
    private static Fingerprint fingerprint(Variant run, LoadedData d) {
        if (run.config().trainedBy() == Implementation.PYTORCH) {
            return PeerRunner.fingerprint(run, d.contentHash(), PeerRunner.LIBRARIES_PENDING);
        }
        return Fingerprint.of(RunIds.hash(run.config(), run.seed()), BuildStamp.current().code(),
                Fingerprint.libraries(ProvenanceProbe.djlVersion(), ProvenanceProbe.pytorchVersion()), d.contentHash());
    }

    /**
     * The fingerprint this build would give the run now (loads the run's data, or reuses it when loaded):
     * what {@code --rerun-stale} compares a record with, data included.
     */
    public Fingerprint currentFingerprint(Variant run) {
        return fingerprint(run, data(run.config()));
    }

    private LoadedData data(RunConfig cfg) {
        if (data == null || !data.serves(cfg.data())) {
            if (data != null) {
                data.close();
            }
            data = new LoadedData(cfg.data(), dataRoot, root);
        }
        return data;
    }

    /**
     * A run's metrics from its history: final = the last epoch's, when it was evaluated (a done run's always is; a
     * diverged run's last good epoch may not be: then null); oracle = the best evaluated epoch, null when none was.
     */
    static Metrics metrics(Trainer.Outcome out) {
        return metrics(out.history(), out.divergedEpoch());
    }

    /** As {@link #metrics(Trainer.Outcome)}, from a history and the epoch it diverged in (null = it did not). */
    static Metrics metrics(List<HistoryRow> h, Integer divergedEpoch) {
        if (h.isEmpty()) {
            return new Metrics(null, null, null, null, null, null, divergedEpoch);
        }
        HistoryRow last = h.get(h.size() - 1);
        OptionalDouble oracle1 = h.stream().filter(HistoryRow::evaluated).mapToDouble(HistoryRow::testTop1Err).min();
        OptionalDouble oracle5 = h.stream().filter(HistoryRow::evaluated).mapToDouble(HistoryRow::testTop5Err).min();
        boolean lastEvaluated = last.evaluated();
        return new Metrics(lastEvaluated ? last.testTop1Err() : null, lastEvaluated ? last.testTop5Err() : null,
                oracle1.isPresent() ? oracle1.getAsDouble() : null, oracle5.isPresent() ? oracle5.getAsDouble() : null,
                last.trainLoss(), lastEvaluated ? last.testLoss() : null, divergedEpoch);
    }

    private static RunRecord record(Variant run, RunStatus status, Metrics metrics, Profile profile, int epochs,
            double seconds, double imagesPerSecond, Provenance provenance, String error, Fingerprint fingerprint) {
        return new RunRecord(run.id(), run.experiment(), run.name(), run.seed(), status, run.config(), metrics,
                profile == null ? 0 : profile.params(),
                profile == null ? 0 : profile.paperFlops(),
                epochs, seconds, imagesPerSecond, provenance, error, fingerprint);
    }

    private static void saveWeights(Block net, Path file) throws IOException {
        AtomicFiles.write(file, out -> {
            DataOutputStream d = new DataOutputStream(out);
            net.saveParameters(d);
            d.flush();
        });
    }

    private void deleteCheckpoints(Variant run) throws IOException {
        deleteFlat(store.checkpointsDir(run.experiment(), run.id()));
    }

    /** Deletes a directory of plain files (a run's checkpoints, the peer's scratch files), if it exists. */
    static void deleteFlat(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            try (var files = Files.list(dir)) {
                for (Path f : files.toList()) {
                    Files.deleteIfExists(f);
                }
            }
            Files.deleteIfExists(dir);
        }
    }

    @Override
    public void close() {
        if (data != null) {
            data.close();
        }
        root.close();
    }

}
