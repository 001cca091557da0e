package selab.results;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import selab.peer.PeerScript;
import selab.spec.Implementation;

/**
 * Whether a record's numbers are what this build would compute: its fingerprint is compared, component by
 * component, with this build's training code and libraries and the run's current config. Data is compared
 * only by {@code run --rerun-stale}, which reads it; a record made before fingerprints is always stale. A record
 * the PyTorch peer trained is compared with the peer script shipped in this build instead of selab's training code.
 *
 * @param configHash the fingerprint's config component for a record's config and seed
 */
public record Staleness(String code, String libraries, Function<RunRecord, String> configHash) {

    /** This build: its code hash and the DJL / PyTorch versions it loads. */
    public static Staleness ofCurrentBuild(Function<RunRecord, String> configHash) {
        return new Staleness(BuildStamp.current().code(),
                Fingerprint.libraries(ProvenanceProbe.djlVersion(), ProvenanceProbe.pytorchVersion()), configHash);
    }

    /** Why the record is stale, or empty when it is current. */
    public Optional<String> reason(RunRecord r) {
        return reason(r, null);
    }

    /** As {@link #reason(RunRecord)}, also comparing the data hash when {@code currentData} is given. */
    public Optional<String> reason(RunRecord r, String currentData) {
        Fingerprint f = r.fingerprint();
        if (f == null) {
            return Optional.of("recorded before fingerprints" + (r.provenance() == null ? ""
                    : " (commit " + shortCommit(r.provenance().gitCommit()) + ")"));
        }
        boolean peer = r.config() != null && r.config().trainedBy() == Implementation.PYTORCH;
        // A peer run's code is the peer script; its PyTorch version is known only by running python, so not compared.
        List<String> changed = peer
                ? f.differencesFrom(configHash.apply(r), PeerScript.sha256(), ProvenanceProbe.UNKNOWN, currentData)
                : f.differencesFrom(configHash.apply(r), code, libraries, currentData);
        return changed.isEmpty() ? Optional.empty() : Optional.of(String.join(", ", changed) + " changed since");
    }

    public static String shortCommit(String commit) {
        return commit == null ? "unknown" : commit.substring(0, Math.min(7, commit.length()));
    }
}
