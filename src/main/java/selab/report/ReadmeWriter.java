package selab.report;

import java.util.List;
import java.util.Locale;

/** reports/&lt;experiment&gt;/README.md: the header, overall progress, an index of tables and every claim's verdict. */
public final class ReadmeWriter {
    private ReadmeWriter() {}

    public static String write(ReportInput in, RunCounts overall, List<BuiltTable> tables, List<Trend> trends,
            PaperTables paper) {
        StringBuilder sb = new StringBuilder();
        sb.append("# SE ablation report: ").append(in.experiment()).append("\n\n");
        if (in.specDescription() != null && !in.specDescription().isBlank()) {
            sb.append(in.specDescription().strip()).append("\n\n");
        }
        sb.append(HeaderBlock.markdown(in)).append('\n');
        sb.append(HeaderBlock.progress("all runs of the experiment", overall, in.peerRunsNotRun())).append("\n\n");

        sb.append("## Tables\n\n");
        MarkdownTable index = new MarkdownTable(List.of("Table", "Paper table", "Rows", "Runs done/queued/running/failed/diverged",
                "Claims (verdicts)", "Files"));
        for (BuiltTable t : tables) {
            String name = t.spec().name();
            RunCounts c = t.counts();
            StringBuilder verdicts = new StringBuilder();
            for (Claims.Result r : t.claims()) {
                verdicts.append(verdicts.length() == 0 ? "" : "; ").append(r.verdict().text());
            }
            index.row(List.of(
                    t.spec().title() == null ? name : t.spec().title(),
                    t.spec().paperTable() == null ? Fmt.UNDEFINED : String.valueOf(t.spec().paperTable()),
                    String.valueOf(t.rows().size()),
                    c.done() + "/" + c.queued() + "/" + c.running() + "/" + c.failed() + "/" + c.diverged(),
                    verdicts.length() == 0 ? Fmt.UNDEFINED : verdicts.toString(),
                    "[" + name + ".md](" + name + ".md), [" + name + ".csv](" + name + ".csv)"));
        }
        sb.append(index.render()).append('\n');

        if (!trends.isEmpty()) {
            sb.append("## Trends\n\n");
            for (Trend t : trends) {
                String name = t.spec().name();
                sb.append("### [").append(t.spec().title() == null ? name : t.spec().title()).append("](").append(name)
                        .append(".md)\n\n");
                for (Trend.Line l : t.lines()) {
                    sb.append("- **").append(l.label()).append("**: ").append(l.summary()).append('\n');
                }
                sb.append('\n');
            }
        }

        sb.append("## Claims\n\n");
        boolean any = false;
        for (BuiltTable t : tables) {
            if (!t.claims().isEmpty()) {
                any = true;
                sb.append("### ").append(t.spec().title() == null ? t.spec().name() : t.spec().title())
                        .append("\n\n").append(MarkdownTableWriter.claims(t.claims())).append('\n');
            }
        }
        if (!any) {
            sb.append("The spec states no claims.\n\n");
        }
        if (in.header().dataset().toLowerCase(Locale.ROOT).contains("cifar")) {
            sb.append("## CIFAR references (cited, not measured)\n\n");
            MarkdownTable refs = new MarkdownTable(List.of("Source", "Data set", "Model", "Baseline err (%)",
                    "SE err (%)", "Note"));
            for (PaperTables.CifarReference r : paper.cifarReferences()) {
                refs.row(List.of(r.source(), r.dataset(), r.model(), Fmt.err(r.baselineErr()), Fmt.err(r.seErr()),
                        r.note()));
            }
            sb.append(refs.render()).append('\n');
        }
        return sb.toString();
    }
}
