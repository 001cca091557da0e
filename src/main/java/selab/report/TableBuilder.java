package selab.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.function.Function;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import selab.model.Profile;
import selab.spec.TableSpec;

/** Computes a {@link BuiltTable} from a {@link TableSpec} and the experiment's runs. */
public final class TableBuilder {
    static final List<String> DEFAULT_COLUMNS = List.of("top1_err", "top5_err", "params", "gflops");

    private final RecordTable runs;
    private final Map<String, Profile> paperScaleProfiles;
    private final PaperTables paper;

    public TableBuilder(RecordTable runs, Map<String, Profile> paperScaleProfiles, PaperTables paper) {
        this.runs = runs;
        this.paperScaleProfiles = paperScaleProfiles;
        this.paper = paper;
    }

    /** Builds a table whose claims are checked on their own (one table's Holm family). */
    public BuiltTable build(TableSpec spec) {
        return build(spec, Claims.checkAll(List.of(spec), runs, this::paperTop1).get(spec.name()));
    }

    /** Builds a table with claims already checked (over the whole report's family). */
    public BuiltTable build(TableSpec spec, List<Claims.Result> claims) {
        String where = "table '" + spec.name() + "'";
        List<TableSpec.Row> specRows = spec.rows() == null ? List.of() : spec.rows();
        if (specRows.isEmpty()) {
            throw new IllegalArgumentException(where + ": field 'rows' is empty; a table needs at least one row");
        }
        List<String> variants = new ArrayList<>();
        for (int i = 0; i < specRows.size(); i++) {
            String v = specRows.get(i).variant();
            if (v == null || v.isBlank()) {
                throw new IllegalArgumentException(where + ": rows[" + i + "].variant is empty");
            }
            variants.add(v);
        }
        if (spec.baseline() != null && !variants.contains(spec.baseline())) {
            throw new IllegalArgumentException(where + ": field 'baseline' is '" + spec.baseline()
                    + "'; allowed: one of the table's row variants " + variants);
        }
        List<String> columns = spec.columns() == null || spec.columns().isEmpty() ? DEFAULT_COLUMNS : spec.columns();
        List<Metric> metrics = new ArrayList<>();
        for (String c : columns) {
            if (c.equals(Metric.PARAMS) || c.equals(Metric.GFLOPS)) {
                continue;
            }
            metrics.add(Metric.find(c).orElseThrow(() -> new IllegalArgumentException(where
                    + ": field 'columns' has '" + c + "'; allowed: " + Metric.allowedColumns())));
        }
        if (metrics.isEmpty()) {
            metrics.add(Metric.TOP1_ERR); // a table of costs alone still needs its error to mean anything
        }
        List<BuiltTable.Row> rows = new ArrayList<>();
        RunCounts total = RunCounts.ZERO;
        for (int i = 0; i < specRows.size(); i++) {
            BuiltTable.Row row = row(spec, specRows.get(i), metrics, where + " rows[" + i + "]");
            rows.add(row);
            total = total.plus(row.counts());
        }
        return new BuiltTable(spec, List.copyOf(metrics), columns.contains(Metric.PARAMS),
                columns.contains(Metric.GFLOPS), rows, claims, total, CrossCheck.of(spec, runs));
    }

    private BuiltTable.Row row(TableSpec spec, TableSpec.Row r, List<Metric> metrics, String where) {
        String v = r.variant();
        boolean isBaseline = v.equals(spec.baseline());
        Map<Metric, Stats.Summary> measured = new LinkedHashMap<>();
        Map<Metric, Comparison> deltas = new LinkedHashMap<>();
        for (Metric m : metrics) {
            measured.put(m, runs.summary(v, m));
            if (spec.baseline() != null && !isBaseline) {
                deltas.put(m, Comparison.of(runs, v, spec.baseline(), m));
            }
        }
        OptionalLong params = runs.params(v);
        OptionalDouble gflops = runs.gflops(v);
        Profile scale = paperScaleProfiles.get(v);
        PaperTables.PaperRow printed = spec.paperTable() == null || r.paper() == null
                ? null
                : paper.require(spec.paperTable(), r.paper(), where + ".paper");
        String label = r.label() == null || r.label().isBlank() ? v : r.label();
        return new BuiltTable.Row(v, label, r.paper(), isBaseline, runs.counts(v), runs.runIds(v), measured, deltas,
                params.isPresent() ? params.getAsLong() : null,
                gflops.isPresent() ? gflops.getAsDouble() : null,
                scale == null ? null : scale.params(),
                scale == null ? null : scale.gflops(),
                printed);
    }

    /** The paper's top-1 error of a table's row for a variant, or null when the paper has none. */
    Function<String, Double> paperTop1(TableSpec spec) {
        return variant -> {
            if (spec.paperTable() == null || spec.rows() == null) {
                return null;
            }
            for (TableSpec.Row r : spec.rows()) {
                if (r.variant().equals(variant) && r.paper() != null) {
                    return paper.find(spec.paperTable(), r.paper()).map(PaperTables.PaperRow::top1Err).orElse(null);
                }
            }
            return null;
        };
    }
}
