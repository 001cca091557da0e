package selab.work;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import selab.data.DataLocator;
import selab.data.DataSource;
import selab.data.LoadedData;
import selab.model.Profile;
import selab.model.Profiler;
import selab.peer.PeerScript;
import selab.peer.PeerTraining;
import selab.plan.RunIds;
import selab.plan.Variant;
import selab.results.Fingerprint;
import selab.results.Provenance;
import selab.results.ProvenanceProbe;
import selab.results.RunRecord;
import selab.results.RunStatus;
import selab.results.RunStore;
import selab.train.HistoryRow;
import selab.train.Trainer;

/**
 * Trains a run whose config names the PyTorch peer ({@code cross_check: pytorch}) and records it like selab's own:
 * run.json (marked by its config's {@code implementation} and PyTorch's version in its provenance), history.csv
 * and timing.csv, but no final weights. A stop request ends the peer with {@link PeerTraining.Stopped}. Its
 * fingerprint's code is the peer script's hash and its data the same content hash as selab's run on that data; the peer reads the same files and subset (PeerTrainerRecipeTest).
 */
final class PeerRunner {
    /** What the libraries part of a peer run's fingerprint says before PyTorch has reported its version. */
    static final String LIBRARIES_PENDING = libraries(ProvenanceProbe.UNKNOWN);

    private final RunStore store;
    private final Path dataRoot;
    private final PeerTraining peer;

    PeerRunner(RunStore store, Path dataRoot, PeerTraining peer) {
        this.store = store;
        this.dataRoot = dataRoot;
        this.peer = peer;
    }

    /** The libraries part of a peer run's fingerprint. */
    static String libraries(String torchVersion) {
        return "pytorch " + torchVersion + " (python peer)";
    }

    RunStatus execute(Variant run, LoadedData d, Trainer.Listener listener, Runnable confirmOwnership, int threads)
            throws IOException {
        Profile profile = Profiler.profile(run.config().model(), d.geometry());
        Provenance started = ProvenanceProbe.capture("cpu (python peer)", threads);
        store.write(record(run, RunStatus.RUNNING, null, profile.params(), profile, List.of(), 0, 0, started,
                fingerprint(run, d.contentHash(), LIBRARIES_PENDING)));
        Path dataDir = DataLocator.system().locate(DataSource.of(run.config().data().source()),
                run.config().data().path(), dataRoot);
        PeerTraining.Outcome out;
        try {
            out = peer.train(run.config(), run.seed(), dataDir, threads, store.checkpointsDir(run.experiment(), run.id()),
                    new PeerTraining.Progress() {
                        @Override
                        public void epochDone(HistoryRow row, List<HistoryRow> history) {
                            listener.epochStarted(row.epoch(), 1);
                            listener.stepDone(row.epoch(), 1); // checks the claim, then confirms it before the write
                            store.writeHistory(run.experiment(), run.id(), history);
                            listener.epochDone(row, history);
                        }

                        @Override
                        public boolean stopRequested() {
                            return listener.stopRequested();
                        }

                        @Override
                        public void stillOwned() {
                            listener.stepDone(0, 0); // throws if the claim was lost
                        }
                    });
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while the PyTorch peer trained", e);
        }
        confirmOwnership.run();
        store.writeHistory(run.experiment(), run.id(), out.history());
        RunStatus status = "diverged".equals(out.status()) ? RunStatus.DIVERGED : RunStatus.DONE;
        Provenance p = ProvenanceProbe.finished(started);
        Provenance finished = new Provenance(p.gitCommit(), p.gitDirty(), p.javaVersion(), null, out.torchVersion(),
                p.device(), out.threads(), p.host(), p.startedAt(), p.finishedAt(), p.cpu());
        double imagesPerSecond = out.history().stream().mapToDouble(h -> h.imagesPerSecond() * h.seconds()).sum()
                / Math.max(out.trainSeconds(), 1e-9);
        Integer divergedEpoch = status == RunStatus.DIVERGED ? out.history().size() + 1 : null;
        store.write(record(run, status, RunExecutor.metrics(out.history(), divergedEpoch), out.params(), profile,
                out.history(), out.trainSeconds(), imagesPerSecond, finished,
                fingerprint(run, d.contentHash(), libraries(out.torchVersion()))));
        RunExecutor.deleteFlat(store.checkpointsDir(run.experiment(), run.id())); // the request and raw output, once recorded
        return status;
    }

    /**
     * A peer run's fingerprint: its config, the peer script as its code, PyTorch's version ({@link #LIBRARIES_PENDING}
     * until the peer has said it) and the same data hash as selab's run on that data.
     */
    static Fingerprint fingerprint(Variant run, String dataHash, String libraries) {
        return Fingerprint.of(RunIds.hash(run.config(), run.seed()), PeerScript.sha256(), libraries, dataHash);
    }

    private static RunRecord record(Variant run, RunStatus status, selab.results.Metrics metrics, long params,
            Profile profile, List<HistoryRow> history, double seconds, double imagesPerSecond, Provenance provenance,
            Fingerprint fingerprint) {
        return new RunRecord(run.id(), run.experiment(), run.name(), run.seed(), status, run.config(), metrics, params,
                profile.paperFlops(), history.size(), seconds, imagesPerSecond, provenance, null, fingerprint);
    }
}
