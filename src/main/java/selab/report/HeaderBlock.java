package selab.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import selab.model.Profile;
import selab.results.RunRecord;
import selab.spec.Implementation;

/** The lines at the top of every report file that say how its numbers were produced. */
final class HeaderBlock {
    private HeaderBlock() {}

    static final String PAPER_NOTE = "Columns marked *paper* are ImageNet SE-ResNet-50 numbers cited from"
            + " Hu et al. (TPAMI), not measured by selab";

    static String markdown(ReportInput in) {
        ReportInput.Header h = in.header();
        String seeds = h.seeds().isEmpty()
                ? "unknown"
                : h.seeds().stream().map(String::valueOf).collect(Collectors.joining(", "));
        return "- Experiment: `" + in.experiment() + "`\n"
                + "- Data set: " + h.dataset() + "; train subset: " + h.trainSubset() + "; test subset: "
                + h.testSubset() + "\n"
                + "- Epochs: " + h.epochs() + "\n"
                + "- Seeds: " + seeds + "\n"
                + "- Device: " + h.device() + "\n"
                + "- selab commit: " + h.selabCommit() + "\n"
                + "- Builds and data (training fingerprints without the config): " + fingerprints(in) + "\n"
                + "- Measured errors: final-epoch test error in %, mean ± sample std (n−1) over seeds of done runs;"
                + " 95% CI half-width = t(0.975, n−1)·s/√n (\"–\" when n = 1)\n"
                + "- Δ vs baseline: paired t-test over matching seeds when at least 2 seeds match, else Welch's"
                + " t-test (Welch–Satterthwaite df); two-sided p; (n.s.) = p ≥ " + Stats.ALPHA
                + "; \"–\" = cannot be tested\n"
                + "- " + PAPER_NOTE + ". Source: " + PaperTables.SOURCE + "\n"
                + "- Counting convention: " + Profile.CONVENTION + ". Params/GFLOPs are of the trained"
                + " architecture at the run's input size; \"@ paper scale\" is the same architecture at"
                + " ImageNet 224×224\n";
    }

    /** How many fingerprints the finished records carry, and how many are stale or dirty. */
    static String fingerprints(ReportInput in) {
        // Counted per implementation: a cross-check's peer runs carry the peer's own fingerprint by design, so
        // one selab build plus the peer is "1 distinct" each, not two builds mixed.
        Map<Implementation, List<String>> ids = new TreeMap<>();
        for (RunRecord r : in.records()) {
            Implementation by = r.config() == null ? Implementation.SELAB : r.config().trainedBy();
            ids.computeIfAbsent(by, k -> new ArrayList<>()).add(r.id());
        }
        List<String> parts = new ArrayList<>();
        for (Map.Entry<Implementation, List<String>> e : ids.entrySet()) {
            Trust t = Trust.of(in, e.getValue());
            if (t.runs() == 0) {
                continue;
            }
            String who = ids.size() == 1 && e.getKey() == Implementation.SELAB ? ""
                    : (e.getKey() == Implementation.SELAB ? "selab's runs: " : e.getKey().key() + " peer's runs: ");
            parts.add(who + t.fingerprints().size() + " distinct (" + String.join(", ", t.fingerprints()) + ") over "
                    + t.runs() + " finished runs; " + t.stale().size() + " stale " + Trust.STALE_MARK + " (not what"
                    + " this build computes: " + (t.reasons().isEmpty() ? "none" : String.join("; ", t.reasons()))
                    + "), " + t.dirty().size() + " from a dirty tree " + Trust.DIRTY_MARK);
        }
        return parts.isEmpty() ? "no finished runs" : String.join(" — ", parts);
    }

    static String progress(String scope, RunCounts c) {
        return "**Progress (" + scope + "):** " + c.done() + " done, " + c.queued() + " queued, " + c.running()
                + " running, " + c.failed() + " failed, " + c.diverged() + " diverged, of " + c.total() + " runs";
    }

    /** The progress line, plus the peer's runs without a record, which it does not count. */
    static String progress(String scope, RunCounts c, int peerRunsNotRun) {
        return progress(scope, c) + (peerRunsNotRun == 0 ? "" : "; " + peerRunsNotNote(peerRunsNotRun)
                + ", not counted above");
    }

    /** e.g. "+6 peer cross-check runs without a readable record". */
    static String peerRunsNotNote(int n) {
        return "+" + n + " peer cross-check run" + (n == 1 ? "" : "s") + " without a readable record";
    }
}
