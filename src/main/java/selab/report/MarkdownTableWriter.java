package selab.report;

import java.util.ArrayList;
import java.util.List;

/** A built table as a Markdown page: header block, progress line, the table, claims and plot links. */
public final class MarkdownTableWriter {
    private MarkdownTableWriter() {}

    /**
     * @param plotFiles file names of this table's plots (relative to the page), in display order
     */
    public static String write(ReportInput in, BuiltTable t, List<String> plotFiles) {
        StringBuilder sb = new StringBuilder();
        String title = t.spec().title() == null ? t.spec().name() : t.spec().title();
        sb.append("# ").append(title).append("\n\n");
        if (t.spec().paperTable() != null) {
            sb.append("Reproduces paper Table ").append(t.spec().paperTable()).append(".\n\n");
        }
        sb.append(HeaderBlock.markdown(in)).append('\n');
        sb.append(HeaderBlock.progress("this table", t.counts())).append("\n\n");
        String warning = Trust.of(in, t.rows().stream().flatMap(r -> r.runIds().stream()).toList())
                .warning("this table", "<spec>");
        if (!warning.isEmpty()) {
            sb.append(warning).append("\n\n");
        }
        sb.append(table(in, t).render()).append('\n');
        sb.append("Runs column: done/queued/running/failed/diverged.\n\n");
        if (!t.claims().isEmpty()) {
            sb.append("## Claims\n\n").append(claims(t.claims())).append('\n');
        }
        if (!t.crossChecks().isEmpty()) {
            sb.append(crossChecks(in, t.crossChecks()));
        }
        if (!plotFiles.isEmpty()) {
            sb.append("## Plots\n\n");
            for (String f : plotFiles) {
                sb.append("![").append(f).append("](").append(f).append(")\n\n");
            }
        }
        return sb.toString();
    }

    /** The table; rows whose runs are stale or from a dirty tree are marked. */
    static MarkdownTable table(ReportInput in, BuiltTable t) {
        boolean paper = t.spec().paperTable() != null;
        String base = t.spec().baseline();
        List<String> h = new ArrayList<>(List.of("Row", "n"));
        for (Metric m : t.metrics()) {
            h.add(m.label() + " mean ± std");
            h.add("95% CI");
            if (base != null) {
                h.add("Δ " + m.key() + " vs " + base);
                h.add("p (" + m.key() + ")");
            }
        }
        if (t.showParams()) {
            h.addAll(List.of("Params", "Params @ paper scale"));
        }
        if (t.showGflops()) {
            h.addAll(List.of("GFLOPs", "GFLOPs @ paper scale"));
        }
        if (paper) {
            h.addAll(List.of("*paper* top-1 err", "*paper* top-5 err"));
            if (t.showParams()) {
                h.add("*paper* Params (M)");
            }
            if (t.showGflops()) {
                h.add("*paper* GFLOPs");
            }
        }
        h.addAll(List.of("Runs", "Run ids"));
        MarkdownTable out = new MarkdownTable(h);
        for (BuiltTable.Row r : t.rows()) {
            out.row(cells(t, r, paper, base != null, Trust.of(in, r.runIds()).marks()));
        }
        return out;
    }

    private static List<String> cells(BuiltTable t, BuiltTable.Row r, boolean paper, boolean hasBaseline,
            String marks) {
        List<String> c = new ArrayList<>();
        c.add(r.label() + (r.paperVariant() != null && !r.paperVariant().equals(r.label())
                ? " (paper: " + r.paperVariant() + ")" : "") + marks);
        c.add(String.valueOf(r.n(t.primary())));
        for (Metric m : t.metrics()) {
            Stats.Summary s = r.measured().get(m);
            c.add(Fmt.meanStd(s));
            c.add(Fmt.ci(s));
            if (hasBaseline) {
                Comparison d = r.deltas().get(m);
                if (r.baseline()) {
                    c.add("(baseline)");
                    c.add(Fmt.UNDEFINED);
                } else if (s.n() == 0) {
                    c.add(Fmt.MISSING);
                    c.add(Fmt.UNDEFINED);
                } else if (baselineMissing(t, m)) {
                    c.add("baseline missing");
                    c.add(Fmt.UNDEFINED);
                } else {
                    c.add(Fmt.signed(d.delta()) + (d.testable() && !d.significant() ? " (n.s.)" : ""));
                    c.add(d.testable() ? Fmt.p(d.p()) + " (" + d.method() + ")" : Fmt.UNDEFINED);
                }
            }
        }
        if (t.showParams()) {
            c.add(r.params() == null ? Fmt.UNDEFINED : Fmt.millions(r.params()));
            c.add(r.paperScaleParams() == null ? Fmt.UNDEFINED : Fmt.millions(r.paperScaleParams()));
        }
        if (t.showGflops()) {
            c.add(r.gflops() == null ? Fmt.UNDEFINED : Fmt.gflops(r.gflops()));
            c.add(r.paperScaleGflops() == null ? Fmt.UNDEFINED : Fmt.gflops(r.paperScaleGflops()));
        }
        if (paper) {
            PaperTables.PaperRow p = r.paper();
            c.add(p == null || p.top1Err() == null ? Fmt.UNDEFINED : Fmt.err(p.top1Err()));
            c.add(p == null || p.top5Err() == null ? Fmt.UNDEFINED : Fmt.err(p.top5Err()));
            if (t.showParams()) {
                c.add(p == null || p.paramsM() == null ? Fmt.UNDEFINED : Fmt.num(p.paramsM(), 1));
            }
            if (t.showGflops()) {
                c.add(p == null || p.gflops() == null ? Fmt.UNDEFINED : Fmt.num(p.gflops(), 2));
            }
        }
        RunCounts k = r.counts();
        c.add(k.done() + "/" + k.queued() + "/" + k.running() + "/" + k.failed() + "/" + k.diverged());
        c.add(r.runIds().isEmpty() ? Fmt.UNDEFINED : String.join(" ", r.runIds()));
        return c;
    }

    private static boolean baselineMissing(BuiltTable t, Metric m) {
        return t.rows().stream().filter(BuiltTable.Row::baseline).allMatch(r -> r.measured().get(m).n() == 0);
    }

    /** The cross-check section: each row's top-1 error by selab and by the peer, and the test between them. */
    static String crossChecks(ReportInput in, List<CrossCheck> checks) {
        String peer = checks.get(0).peerName();
        String margin = Fmt.num(CrossCheck.MARGIN, 1);
        java.util.Set<String> versions = new java.util.TreeSet<>();
        for (CrossCheck c : checks) {
            for (selab.results.RunRecord r : in.records()) {
                if (c.peerRunIds().contains(r.id()) && r.provenance() != null && r.provenance().pytorchVersion() != null
                        && r.status() == selab.results.RunStatus.DONE) {
                    versions.add(r.provenance().pytorchVersion());
                }
            }
        }
        StringBuilder sb = new StringBuilder("## Cross-check: an independent implementation\n\n");
        sb.append("These rows were also trained by the ").append(peer).append(" peer (`peer_pytorch.py --train`, ")
                .append(versions.isEmpty() ? "no run done yet" : peer + " " + String.join(", ", versions))
                .append("), written from the recipe's meaning, not from selab's code: the same architecture and"
                        + " initialisation scheme, data subset and normalisation, per-image pad-crop and flip, SGD,"
                        + " schedule, label smoothing and evaluation. Its initialisation, data order and augmentation"
                        + " come from its own generator, so its seed k is an independent sample, not a pair of selab's"
                        + " seed k: the difference is tested unpaired (Welch), agreement by two one-sided tests within ±")
                .append(margin).append(" points of top-1 error, with Holm's correction over this table's"
                        + " cross-checks, the differences and the agreements each a family (raw / adjusted p). *Agree* needs the equivalence test; a difference that is"
                        + " merely not significant is *not shown either way*.\n\n");
        MarkdownTable table = new MarkdownTable(List.of("Row", "selab top-1 err", peer + " top-1 err",
                "Δ " + peer + " − selab [95% CI]", "p difference", "p agree (±" + margin + ")", "Verdict",
                peer + " runs", peer + " run ids"));
        for (CrossCheck c : checks) {
            RunCounts k = c.peerRuns();
            table.row(List.of(c.row().label() + Trust.of(in, c.peerRunIds()).marks(),
                    Fmt.meanStd(c.selab()) + " (n=" + c.selab().n() + ")",
                    Fmt.meanStd(c.peerSide()) + " (n=" + c.peerSide().n() + ")",
                    Fmt.deltaWithCi(c.delta(), c.ciLow(), c.ciHigh()),
                    Fmt.p(c.differenceP()) + " / " + Fmt.p(c.differencePHolm()),
                    Fmt.p(c.equivalenceP()) + " / " + Fmt.p(c.equivalencePHolm()),
                    "**" + c.verdict().text() + "**",
                    k.done() + "/" + k.queued() + "/" + k.running() + "/" + k.failed() + "/" + k.diverged(),
                    c.peerRunIds().isEmpty() ? Fmt.UNDEFINED : String.join(" ", c.peerRunIds())));
        }
        sb.append(table.render()).append('\n');
        if (checks.stream().anyMatch(c -> c.verdict() == CrossCheck.Verdict.NOT_RUN)) {
            sb.append("*Not run*: no ").append(peer).append(" run of the row is recorded yet: not queued where python3"
                    + " has no torch (`selab run` says so), or still queued or running.\n\n");
        }
        return sb.toString();
    }

    static String claims(List<Claims.Result> results) {
        StringBuilder sb = new StringBuilder();
        for (Claims.Result r : results) {
            sb.append("- ").append(r.claim().statement() == null ? "(no statement)" : r.claim().statement())
                    .append(" [").append(r.claim().kind()).append(": ")
                    .append(String.join(", ", r.claim().variants())).append("] — **")
                    .append(r.verdict().text()).append("**\n");
            for (String e : r.evidence()) {
                sb.append("  - ").append(e).append('\n');
            }
        }
        return sb.toString();
    }
}
