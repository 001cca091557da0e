package selab.cli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import selab.model.ModelConfig;
import selab.model.PaperScale;
import selab.model.Profile;
import selab.plan.Variant;
import selab.report.ExperimentReport;
import selab.report.ReportInput;
import selab.report.Reporter;
import selab.report.SummaryWriter;
import selab.io.AtomicFiles;
import selab.io.BadInputException;
import selab.train.HistoryRow;
import selab.results.MalformedRecordException;
import selab.results.RunRecord;
import selab.results.RunStore;
import selab.results.Staleness;

/**
 * {@code selab report SPEC...}: each spec's tables from its run records, as Markdown, CSV and PNG; with
 * {@code --summary}, also one page over all the given specs. Every report is computed before the first
 * file is written, so a bad spec or table leaves all reports as they were.
 */
@Command(name = "report", description = {
        "Regenerate each spec's tables (Markdown, CSV, plots) under reports/<experiment>/.",
        "With --summary, also write reports/README.md: one page over all the given specs (claims, top-1 errors,"
                + " links)."})
final class ReportCommand implements Callable<Integer> {

    static final String SUMMARY_FILE = "README.md";

    @Parameters(paramLabel = "SPEC", arity = "1..*", description = "experiment spec file(s)")
    List<Path> specs;

    @Option(names = "--summary", description = "also write <reports>/" + SUMMARY_FILE + " over all given specs")
    boolean summary;

    @Mixin
    Workspace ws;

    @Override
    public Integer call() throws Exception {
        Path reports = ws.writableReports();
        Reporter reporter = new Reporter();
        Staleness staleness = Specs.currentBuildStaleness();
        UnreadableRecords unreadable = new UnreadableRecords();
        List<ExperimentReport> built = new ArrayList<>();
        for (Path spec : specs) {
            ReportInput in = input(Specs.load(spec), staleness, unreadable);
            try {
                built.add(reporter.build(in));
            } catch (BadInputException e) {
                // The one table check that needs the report layer: a row's paper name not in the bundled table.
                throw new UserError(spec + ": " + e.getMessage());
            }
        }
        for (ExperimentReport r : built) {
            List<Path> files = Reporter.write(r, reports);
            System.out.printf("%s: %d run record(s) of %d planned; wrote %d file(s) under %s%n", r.experiment(),
                    r.input().records().size(), r.distinctPlanned(), files.size(), reports.resolve(r.experiment()));
        }
        if (summary) {
            AtomicFiles.writeAll(reports, Map.of(SUMMARY_FILE,
                    SummaryWriter.write(built).getBytes(StandardCharsets.UTF_8)));
            System.out.printf("summary of %d experiment(s): %s%n", built.size(), reports.resolve(SUMMARY_FILE));
        }
        return unreadable.print(System.err, "report", "run left out of the report", 0);
    }

    /** The spec's records and histories; a run whose run.json or history cannot be read is left out. */
    private ReportInput input(Specs.Loaded loaded, Staleness staleness, UnreadableRecords unreadable) {
        String experiment = loaded.spec().name();
        RunStore store = ws.store();
        List<Variant> planned = loaded.plan().variants();
        // A run shared with another experiment lives in that experiment's folder: readEach looks it up by id.
        List<RunRecord> records = new ArrayList<>();
        Map<String, List<HistoryRow>> history = new HashMap<>();
        for (RunRecord r : store.readEach(experiment, planned.stream().map(Variant::id).toList(), unreadable)) {
            try {
                history.put(r.id(), store.readHistory(r.experiment(), r.id()));
                records.add(r);
            } catch (MalformedRecordException e) {
                unreadable.accept(e);
            }
        }
        // A peer's run without a record is not run (not queued where python has no torch, or not yet): it does not
        // count as queued in the progress lines, so a machine without torch reports selab's runs as they are.
        java.util.Set<String> recorded = new java.util.HashSet<>();
        records.forEach(r -> recorded.add(r.id()));
        int peerRunsNotRun = ReportInput.peerRunsWithoutRecord(planned, recorded);
        planned = planned.stream().filter(v -> !ReportInput.isPeerRunWithoutRecord(v, recorded)).toList();
        Map<ModelConfig, Profile> profiles = new HashMap<>();
        Map<String, Profile> paperScale = new HashMap<>();
        for (Variant v : planned) {
            paperScale.put(v.name(), profiles.computeIfAbsent(v.config().model(), PaperScale::profile));
        }
        Map<String, String> stale = new HashMap<>();
        for (RunRecord r : records) {
            staleness.reason(r).ifPresent(why -> stale.put(r.id(), why));
        }
        return new ReportInput(experiment, loaded.spec().description(), loaded.spec().tables(), planned,
                records, history, paperScale, ReportInput.Header.infer(planned, records), stale,
                loaded.spec().trends(), peerRunsNotRun);
    }

}
