package selab.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import selab.model.ModelConfig;
import selab.model.PaperScale;
import selab.model.Profile;
import selab.plan.Variant;
import selab.report.ReportInput;
import selab.report.Reporter;
import selab.results.HistoryRow;
import selab.results.RunRecord;
import selab.results.RunStore;

/** {@code selab report SPEC}: the spec's tables from its run records, as Markdown, CSV and PNG. */
@Command(name = "report", description = "Regenerate a spec's tables (Markdown, CSV, plots) under reports/<experiment>/.")
final class ReportCommand implements Callable<Integer> {

    @Parameters(paramLabel = "SPEC")
    Path spec;

    @Mixin
    Workspace ws;

    @Override
    public Integer call() throws Exception {
        Specs.Loaded loaded = Specs.load(spec);
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
        ReportInput input = new ReportInput(experiment, loaded.spec().description(), loaded.spec().tables(), planned,
                records, history, paperScale, ReportInput.Header.infer(planned, records));
        List<Path> files = Reporter.write(input, ws.reports);
        System.out.printf("%s: %d run record(s) of %d planned; wrote %d file(s) under %s%n", experiment,
                records.size(), loaded.plan().distinctRuns().size(), files.size(), ws.reports.resolve(experiment));
        return 0;
    }
}
