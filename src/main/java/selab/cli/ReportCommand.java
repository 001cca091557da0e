package selab.cli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
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
import selab.train.HistoryRow;
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
        Reporter reporter = new Reporter();
        Staleness staleness = Specs.currentBuildStaleness();
        List<ExperimentReport> built = new ArrayList<>();
        for (Path spec : specs) {
            built.add(reporter.build(input(Specs.load(spec), staleness)));
        }
        for (ExperimentReport r : built) {
            List<Path> files = Reporter.write(r, ws.reports);
            System.out.printf("%s: %d run record(s) of %d planned; wrote %d file(s) under %s%n", r.experiment(),
                    r.input().records().size(), r.distinctPlanned(), files.size(), ws.reports.resolve(r.experiment()));
        }
        if (summary) {
            AtomicFiles.writeAll(ws.reports, Map.of(SUMMARY_FILE,
                    SummaryWriter.write(built).getBytes(StandardCharsets.UTF_8)));
            System.out.printf("summary of %d experiment(s): %s%n", built.size(), ws.reports.resolve(SUMMARY_FILE));
        }
        return 0;
    }

    private ReportInput input(Specs.Loaded loaded, Staleness staleness) {
        String experiment = loaded.spec().name();
        RunStore store = ws.store();
        List<Variant> planned = loaded.plan().variants();
        // A run shared with another experiment lives in that experiment's folder: look it up by id.
        Map<String, RunRecord> byId = new LinkedHashMap<>();
        for (Variant v : planned) {
            store.read(experiment, v.id()).ifPresent(r -> byId.put(r.id(), r));
        }
        List<RunRecord> records = new ArrayList<>(byId.values());
        Map<String, List<HistoryRow>> history = new HashMap<>();
        for (RunRecord r : records) {
            history.put(r.id(), store.readHistory(r.experiment(), r.id()));
        }
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
                records, history, paperScale, ReportInput.Header.infer(planned, records), stale);
    }

}
