package selab.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import selab.spec.Implementation;
import selab.spec.TableSpec;

/**
 * One table row trained by selab and by an independent implementation (the row's {@code cross_check}): both
 * sides' top-1 error and a test of the difference between the implementations. The two sides draw their own
 * initialisation, data order and augmentation from their own generators, so seed k of one is not paired with seed
 * k of the other: Welch's t-test for the difference, and two one-sided tests (TOST) for agreement within the
 * margin. Each kind of test gets Holm's correction over the table's cross-checks (two families: the differences, the
 * agreements); the verdict uses the adjusted p-values, so agreement needs TOST to show it, and a non-significant
 * difference is never read as agreement. Both shown at once (a real but small difference) reads "differ, within".
 *
 * @param peerRuns the peer's runs: done/queued/running/failed/diverged
 * @param peerRunIds their ids, in seed order
 * @param delta mean(peer) − mean(selab), points of top-1 error
 * @param ciLow 95% confidence interval of {@code delta} (Welch), NaN with fewer than two runs a side
 * @param differenceP Welch's two-sided p of peer − selab (raw); NaN when untestable
 * @param equivalenceP TOST's p within ±{@code margin} (raw); NaN when untestable
 * @param differencePHolm the same after Holm's correction over the table's difference tests
 * @param equivalencePHolm likewise, over the table's agreement tests
 */
public record CrossCheck(
        TableSpec.Row row,
        Implementation peer,
        Stats.Summary selab,
        Stats.Summary peerSide,
        RunCounts peerRuns,
        List<String> peerRunIds,
        double delta,
        double ciLow,
        double ciHigh,
        double differenceP,
        double equivalenceP,
        double differencePHolm,
        double equivalencePHolm,
        double margin,
        Verdict verdict) {

    /** Agreement margin in points of top-1 error: the report's default for "similar" claims. */
    public static final double MARGIN = Claims.DEFAULT_MARGIN;

    public enum Verdict {
        AGREE("agree within ±m"),
        DIFFER("differ"),
        DIFFER_WITHIN("differ, but within ±m"),
        NOT_SHOWN("not shown either way"),
        INSUFFICIENT("insufficient data"),
        NOT_RUN("not run");

        private final String text;

        Verdict(String text) {
            this.text = text;
        }

        public String text() {
            return text.replace("±m", "±" + Fmt.num(MARGIN, 1));
        }
    }

    /** The cross-checks of a table's rows that ask for one, in row order (empty when none does). */
    static List<CrossCheck> of(TableSpec spec, RecordTable runs) {
        List<TableSpec.Row> rows = spec.crossChecked();
        int k = rows.size();
        double[][] selabSide = new double[k][];
        double[][] peerSide = new double[k][];
        double[] differences = new double[k];
        double[] agreements = new double[k];
        for (int i = 0; i < k; i++) {
            TableSpec.Row r = rows.get(i);
            double[] a = runs.values(r.variant(), Metric.TOP1_ERR);
            double[] b = runs.values(TableSpec.Row.peerVariant(r.variant(), r.crossCheck()), Metric.TOP1_ERR);
            selabSide[i] = a;
            peerSide[i] = b;
            boolean testable = a.length >= Claims.MIN_RUNS && b.length >= Claims.MIN_RUNS;
            differences[i] = testable ? Stats.welch(b, a).p() : Double.NaN;
            agreements[i] = testable ? Stats.tost(b, a, false, MARGIN) : Double.NaN;
        }
        double[] differencesHolm = Stats.holm(differences);
        double[] agreementsHolm = Stats.holm(agreements);
        List<CrossCheck> out = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            TableSpec.Row r = rows.get(i);
            double[] a = selabSide[i];
            double[] b = peerSide[i];
            String peerVariant = TableSpec.Row.peerVariant(r.variant(), r.crossCheck());
            RunCounts peerRuns = runs.counts(peerVariant);
            double delta = b.length == 0 || a.length == 0 ? Double.NaN : Stats.mean(b) - Stats.mean(a);
            double lo = Double.NaN;
            double hi = Double.NaN;
            if (a.length >= 2 && b.length >= 2) {
                Stats.Difference d = Stats.difference(b, a, false);
                double half = !(d.se() > 0) ? 0 : Stats.tQuantile(0.975, d.df()) * d.se();
                lo = d.delta() - half;
                hi = d.delta() + half;
            }
            boolean differ = differencesHolm[i] < Stats.ALPHA;
            boolean agree = agreementsHolm[i] < Stats.ALPHA;
            Verdict v;
            if (b.length == 0 && peerRuns.done() + peerRuns.diverged() + peerRuns.failed() == 0) {
                v = Verdict.NOT_RUN;
            } else if (Double.isNaN(differences[i]) && Double.isNaN(agreements[i])) {
                v = Verdict.INSUFFICIENT;
            } else if (agree && differ) {
                v = Verdict.DIFFER_WITHIN;
            } else if (agree) {
                v = Verdict.AGREE;
            } else if (differ) {
                v = Verdict.DIFFER;
            } else {
                v = Verdict.NOT_SHOWN;
            }
            out.add(new CrossCheck(r, r.crossCheck(), Stats.summarize(a), Stats.summarize(b), peerRuns,
                    runs.runIds(peerVariant), delta, lo, hi, differences[i], agreements[i], differencesHolm[i],
                    agreementsHolm[i], MARGIN, v));
        }
        return out;
    }

    /** "PyTorch" for the Markdown: the peer's display name. */
    String peerName() {
        return peer == Implementation.PYTORCH ? "PyTorch" : peer.key().toUpperCase(Locale.ROOT);
    }
}
