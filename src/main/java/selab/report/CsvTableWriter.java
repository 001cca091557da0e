package selab.report;

import java.util.ArrayList;
import java.util.List;

/**
 * A built table as CSV: one header row, one row per table row, RFC 4180 quoting, numbers unformatted
 * (empty = unknown), so that {@code pandas.read_csv} loads it as is. The schema does not depend on
 * which architecture columns the spec prints.
 */
public final class CsvTableWriter {
    private CsvTableWriter() {}

    public static String write(BuiltTable t) {
        StringBuilder sb = new StringBuilder();
        sb.append(Csv.line(header(t)));
        for (BuiltTable.Row r : t.rows()) {
            sb.append(Csv.line(values(t, r)));
        }
        return sb.toString();
    }

    /** The table's cross-checks ({@code <table>-cross-check.csv}): one line per cross-checked row. */
    public static String crossChecks(BuiltTable t) {
        StringBuilder sb = new StringBuilder(Csv.line(List.of("table", "row", "variant", "peer", "selab_n",
                "selab_top1_err_mean", "selab_top1_err_std", "peer_n", "peer_top1_err_mean", "peer_top1_err_std",
                "delta_peer_minus_selab", "delta_ci95_low", "delta_ci95_high", "p_difference_welch",
                "p_difference_holm", "p_equivalence_tost", "p_equivalence_holm", "margin", "verdict", "peer_run_ids")));
        for (CrossCheck c : t.crossChecks()) {
            sb.append(Csv.line(List.of(t.spec().name(), c.row().label(), c.row().variant(), c.peer().key(),
                    String.valueOf(c.selab().n()), Fmt.raw(c.selab().mean()), Fmt.raw(c.selab().std()),
                    String.valueOf(c.peerSide().n()), Fmt.raw(c.peerSide().mean()), Fmt.raw(c.peerSide().std()),
                    Fmt.raw(c.delta()), Fmt.raw(c.ciLow()), Fmt.raw(c.ciHigh()), Fmt.raw(c.differenceP()),
                    Fmt.raw(c.differencePHolm()), Fmt.raw(c.equivalenceP()), Fmt.raw(c.equivalencePHolm()),
                    Fmt.raw(c.margin()), c.verdict().text(), String.join(";", c.peerRunIds()))));
        }
        return sb.toString();
    }

    /** p_value is top-1's; other metrics' are suffixed, e.g. p_value_top5_err. */
    static String pColumn(Metric m) {
        return m == Metric.TOP1_ERR ? "p_value" : "p_value_" + m.key();
    }

    static List<String> header(BuiltTable t) {
        List<String> h = new ArrayList<>(List.of("table", "paper_table", "row", "variant", "paper_variant",
                "is_baseline", "status", "n", "n_queued", "n_running", "n_failed", "n_diverged"));
        for (Metric m : t.metrics()) {
            String k = m.key();
            h.addAll(List.of("measured_" + k + "_mean", "measured_" + k + "_std", "measured_" + k + "_ci95",
                    "delta_" + k, pColumn(m), "delta_" + k + "_test", "delta_" + k + "_pairs",
                    "delta_" + k + "_significant"));
        }
        h.addAll(List.of("params", "gflops", "paper_scale_params", "paper_scale_gflops", "paper_top1_err",
                "paper_top5_err", "paper_params_m", "paper_gflops", "run_ids"));
        return h;
    }

    private static List<String> values(BuiltTable t, BuiltTable.Row r) {
        List<String> v = new ArrayList<>();
        v.add(t.spec().name());
        v.add(t.spec().paperTable() == null ? "" : String.valueOf(t.spec().paperTable()));
        v.add(r.label());
        v.add(r.variant());
        v.add(r.paperVariant() == null ? "" : r.paperVariant());
        v.add(String.valueOf(r.baseline()));
        v.add(r.missing(t.primary()) ? Fmt.MISSING : "ok");
        v.add(String.valueOf(r.n(t.primary())));
        v.add(String.valueOf(r.counts().queued()));
        v.add(String.valueOf(r.counts().running()));
        v.add(String.valueOf(r.counts().failed()));
        v.add(String.valueOf(r.counts().diverged()));
        for (Metric m : t.metrics()) {
            Stats.Summary s = r.measured().get(m);
            v.add(Fmt.raw(s.mean()));
            v.add(Fmt.raw(s.std()));
            v.add(Fmt.raw(s.ci95()));
            Comparison c = r.deltas().get(m);
            v.add(c == null ? "" : Fmt.raw(c.delta()));
            v.add(c == null ? "" : Fmt.raw(c.p()));
            v.add(c == null || !c.testable() ? "" : c.test().method());
            v.add(c == null ? "" : String.valueOf(c.pairs()));
            v.add(c == null || !c.testable() ? "" : String.valueOf(c.significant()));
        }
        v.add(r.params() == null ? "" : String.valueOf(r.params()));
        v.add(Fmt.raw(r.gflops()));
        v.add(r.paperScaleParams() == null ? "" : String.valueOf(r.paperScaleParams()));
        v.add(Fmt.raw(r.paperScaleGflops()));
        PaperTables.PaperRow p = r.paper();
        v.add(p == null ? "" : Fmt.raw(p.top1Err()));
        v.add(p == null ? "" : Fmt.raw(p.top5Err()));
        v.add(p == null ? "" : Fmt.raw(p.paramsM()));
        v.add(p == null ? "" : Fmt.raw(p.gflops()));
        v.add(String.join(";", r.runIds()));
        return v;
    }
}
