package selab.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import selab.io.AtomicFiles;
import selab.spec.TableSpec;
import selab.spec.TrendSpec;

/**
 * Turns an experiment's run records into its report: per table {@code <table>.md}, {@code <table>.csv}
 * and PNG plots, plus {@code README.md}, all under {@code reportsDir/<experiment>/}. Everything is
 * computed and rendered in memory before the first file is touched, so bad input leaves old reports intact.
 */
public final class Reporter {
    private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    private final PaperTables paper;

    public Reporter() {
        this(PaperTables.load());
    }

    public Reporter(PaperTables paper) {
        this.paper = paper;
    }

    /** Builds and writes the report; returns the files written, in order. */
    public static List<Path> write(ReportInput in, Path reportsDir) throws IOException {
        return write(new Reporter().build(in), reportsDir);
    }

    /** Writes a built report under {@code reportsDir/<experiment>/}; returns the files written, in order. */
    public static List<Path> write(ExperimentReport report, Path reportsDir) throws IOException {
        return AtomicFiles.writeAll(reportsDir.resolve(report.experiment()), report.files());
    }

    /** Computes every table, claim, plot and page in memory; throws on bad input before anything is written. */
    public ExperimentReport build(ReportInput in) {
        requireSafe(in.experiment(), "experiment", "the experiment name");
        RecordTable runs = RecordTable.of(in.experiment(), in.planned(), in.records());
        TableBuilder builder = new TableBuilder(runs, in.paperScaleProfiles(), paper);
        Map<String, byte[]> files = new LinkedHashMap<>();
        List<BuiltTable> built = new ArrayList<>();
        Set<String> names = new HashSet<>();
        // One Holm family per report: every claim of every table.
        Map<String, List<Claims.Result>> claims = Claims.checkAll(in.tables(), runs, builder::paperTop1);
        for (TableSpec spec : in.tables()) {
            requireSafe(spec.name(), "tables[].name", "table '" + spec.title() + "'");
            if (!names.add(spec.name()) || spec.name().equalsIgnoreCase("README")) {
                throw new IllegalArgumentException("field 'tables[].name' is '" + spec.name()
                        + "'; table names must be unique and not README (they are file stems)");
            }
            BuiltTable t = builder.build(spec, claims.get(spec.name()));
            built.add(t);
            Map<String, byte[]> plots = Plots.forTable(t, runs, in.historyByRunId());
            put(files, spec.name() + ".md", utf8(MarkdownTableWriter.write(in, t, List.copyOf(plots.keySet()))));
            put(files, spec.name() + ".csv", utf8(CsvTableWriter.write(t)));
            if (!t.crossChecks().isEmpty()) {
                put(files, spec.name() + TableSpec.CROSS_CHECK_SUFFIX + ".csv", utf8(CsvTableWriter.crossChecks(t)));
            }
            plots.forEach((name, png) -> put(files, name, png));
        }
        List<Trend> trends = new ArrayList<>();
        for (TrendSpec spec : in.trends()) {
            requireSafe(spec.name(), "trends[].name", "trend '" + spec.title() + "'");
            if (!names.add(spec.name())) {
                throw new IllegalArgumentException("field 'trends[].name' is '" + spec.name()
                        + "'; a trend's name must differ from every table's and trend's (they are file stems)");
            }
            Trend t = Trend.of(spec, runs, in.planned());
            trends.add(t);
            var chart = TrendWriter.plot(t);
            String png = chart == null ? null : spec.name() + ".png";
            put(files, spec.name() + ".md", utf8(TrendWriter.markdown(in, t, png)));
            put(files, spec.name() + ".csv", utf8(TrendWriter.csv(t)));
            if (chart != null) {
                put(files, png, Plots.png(chart));
            }
        }
        put(files, "README.md", utf8(ReadmeWriter.write(in, runs.totalCounts(), built, trends, paper)));
        return new ExperimentReport(in, runs.totalCounts(), List.copyOf(built), List.copyOf(trends), files);
    }

    /** Adds one report file; two outputs of one name (a trend named like a table's plot) are an error, not a loss. */
    private static void put(Map<String, byte[]> files, String name, byte[] content) {
        if (files.putIfAbsent(name, content) != null) {
            throw new IllegalArgumentException("two outputs of this report would both be written to '" + name
                    + "': rename the table or trend whose name makes it (names are file stems)");
        }
    }

    private static void requireSafe(String name, String field, String what) {
        if (name == null || !SAFE_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("field '" + field + "' of " + what + " is '" + name
                    + "'; allowed: letters, digits, '.', '_', '-' (it becomes a file name)");
        }
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
