package selab.report;

import static tech.tablesaw.aggregate.AggregateFunctions.countNonMissing;
import static tech.tablesaw.aggregate.AggregateFunctions.mean;
import static tech.tablesaw.aggregate.AggregateFunctions.stdDev;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.SortedMap;
import java.util.TreeMap;
import selab.plan.Variant;
import selab.results.RunRecord;
import selab.results.RunStatus;
import selab.spec.RunConfig;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.NumericColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * All runs of an experiment as one tablesaw table (one row per run id: variant, seed, status, every
 * {@link Metric}, params, paper FLOPs, SE ratio), with the per-variant summaries the tables are built from.
 * Only {@code done} runs enter means; diverged and failed runs are counted, not averaged.
 */
public final class RecordTable {
    static final String RUN_ID = "run_id";
    static final String VARIANT = "variant";
    static final String SEED = "seed";
    static final String STATUS = "status";
    static final String PARAMS = "params";
    static final String PAPER_FLOPS = "paper_flops";
    static final String SE_RATIO = "se_ratio";

    private final Table table;
    private final Map<String, Map<Metric, Stats.Summary>> summaries;

    private RecordTable(Table table) {
        this.table = table;
        this.summaries = summarize(table);
    }

    /**
     * @param planned the plan's runs; their ids decide the variant a record belongs to, so a run shared
     *     with another spec under another name still counts here
     * @param records run records; an unplanned record counts only when its experiment is {@code experiment}
     */
    public static RecordTable of(String experiment, List<Variant> planned, List<RunRecord> records) {
        Map<String, RunRecord> recordById = new HashMap<>();
        for (RunRecord r : records) {
            recordById.merge(r.id(), r, RecordTable::moreAdvanced);
        }
        Map<String, Row> rows = new LinkedHashMap<>();
        for (Variant v : planned) {
            RunRecord r = recordById.get(v.id());
            RunConfig config = r != null && r.config() != null ? r.config() : v.config();
            rows.putIfAbsent(v.id(), new Row(v.id(), v.name(), v.seed(),
                    statusOf(r), r, config));
        }
        for (RunRecord r : recordById.values()) {
            if (!rows.containsKey(r.id()) && experiment.equals(r.experiment())) {
                rows.put(r.id(), new Row(r.id(), r.variant(), r.seed(), statusOf(r), r, r.config()));
            }
        }
        return new RecordTable(toTable(experiment, rows.values()));
    }

    /** The underlying tablesaw table (one row per run). */
    public Table table() {
        return table;
    }

    public RunCounts counts(String variant) {
        int[] c = new int[RunStatus.values().length];
        for (int i : rowsOf(variant)) {
            c[RunStatus.valueOf(table.stringColumn(STATUS).get(i).toUpperCase(java.util.Locale.ROOT)).ordinal()]++;
        }
        return new RunCounts(c[RunStatus.DONE.ordinal()], c[RunStatus.QUEUED.ordinal()],
                c[RunStatus.RUNNING.ordinal()], c[RunStatus.FAILED.ordinal()], c[RunStatus.DIVERGED.ordinal()]);
    }

    public RunCounts totalCounts() {
        RunCounts sum = RunCounts.ZERO;
        for (String v : table.stringColumn(VARIANT).unique()) {
            sum = sum.plus(counts(v));
        }
        return sum;
    }

    /** All run ids of the variant, whatever their status, in seed order. */
    public List<String> runIds(String variant) {
        List<String> ids = new ArrayList<>();
        rowsSortedBySeed(variant).forEach(i -> ids.add(table.stringColumn(RUN_ID).get(i)));
        return ids;
    }

    /** Ids of the variant's done runs, in seed order. */
    public List<String> doneRunIds(String variant) {
        List<String> ids = new ArrayList<>();
        for (int i : rowsSortedBySeed(variant)) {
            if (isDone(i)) {
                ids.add(table.stringColumn(RUN_ID).get(i));
            }
        }
        return ids;
    }

    /** n, mean, sample std and 95% CI of the metric over the variant's done runs (tablesaw group-by). */
    public Stats.Summary summary(String variant, Metric metric) {
        return summaries.getOrDefault(variant, Map.of()).getOrDefault(metric, Stats.Summary.EMPTY);
    }

    /** The metric of each done run keyed by seed (the first run wins if a seed repeats). */
    public SortedMap<Long, Double> valuesBySeed(String variant, Metric metric) {
        SortedMap<Long, Double> out = new TreeMap<>();
        for (int i : rowsOf(variant)) {
            double v = table.doubleColumn(metric.key()).getDouble(i);
            if (isDone(i) && !Double.isNaN(v)) {
                out.putIfAbsent(table.longColumn(SEED).get(i), v);
            }
        }
        return out;
    }

    /** The metric of every done run of the variant that has it. */
    public double[] values(String variant, Metric metric) {
        List<Double> out = new ArrayList<>();
        for (int i : rowsOf(variant)) {
            double v = table.doubleColumn(metric.key()).getDouble(i);
            if (isDone(i) && !Double.isNaN(v)) {
                out.add(v);
            }
        }
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** Parameters of the trained architecture, from any record that profiled it (done runs first). */
    public OptionalLong params(String variant) {
        return firstPositive(variant, PARAMS);
    }

    /** GFLOPs of the trained architecture: the record's paper FLOPs (multiply-adds + SE element-wise) / 1e9. */
    public OptionalDouble gflops(String variant) {
        OptionalLong flops = firstPositive(variant, PAPER_FLOPS);
        return flops.isPresent() ? OptionalDouble.of(flops.getAsLong() / 1e9) : OptionalDouble.empty();
    }

    /** The SE reduction ratio r of the variant's config; empty for a network without SE. */
    public OptionalDouble seRatio(String variant) {
        for (int i : rowsOf(variant)) {
            double r = table.doubleColumn(SE_RATIO).getDouble(i);
            if (!Double.isNaN(r)) {
                return OptionalDouble.of(r);
            }
        }
        return OptionalDouble.empty();
    }

    private boolean isDone(int row) {
        return RunStatus.DONE.key().equals(table.stringColumn(STATUS).get(row));
    }

    private OptionalLong firstPositive(String variant, String column) {
        List<Integer> rows = rowsOf(variant);
        rows.sort((a, b) -> Boolean.compare(isDone(b), isDone(a)));
        for (int i : rows) {
            LongColumn c = table.longColumn(column);
            if (!c.isMissing(i) && c.get(i) > 0) {
                return OptionalLong.of(c.get(i));
            }
        }
        return OptionalLong.empty();
    }

    private List<Integer> rowsOf(String variant) {
        List<Integer> out = new ArrayList<>();
        StringColumn v = table.stringColumn(VARIANT);
        for (int i = 0; i < table.rowCount(); i++) {
            if (v.get(i).equals(variant)) {
                out.add(i);
            }
        }
        return out;
    }

    private List<Integer> rowsSortedBySeed(String variant) {
        List<Integer> rows = rowsOf(variant);
        rows.sort((a, b) -> Long.compare(table.longColumn(SEED).get(a), table.longColumn(SEED).get(b)));
        return rows;
    }

    private static Map<String, Map<Metric, Stats.Summary>> summarize(Table table) {
        Map<String, Map<Metric, Stats.Summary>> out = new HashMap<>();
        Table done = table.where(table.stringColumn(STATUS).isEqualTo(RunStatus.DONE.key()));
        for (Metric m : Metric.values()) {
            Table valid = done.where(done.doubleColumn(m.key()).isNotMissing());
            if (valid.rowCount() == 0) {
                continue;
            }
            // Output columns: the group column, then one column per function in the order given.
            Table s = valid.summarize(m.key(), countNonMissing, mean, stdDev).by(VARIANT);
            for (int i = 0; i < s.rowCount(); i++) {
                String variant = s.stringColumn(0).get(i);
                int n = (int) ((NumericColumn<?>) s.column(1)).getDouble(i);
                double meanValue = ((NumericColumn<?>) s.column(2)).getDouble(i);
                // tablesaw gives 0 for one value; with n-1 in the divisor it is undefined.
                double std = n < 2 ? Double.NaN : ((NumericColumn<?>) s.column(3)).getDouble(i);
                out.computeIfAbsent(variant, k -> new HashMap<>())
                        .put(m, new Stats.Summary(n, meanValue, std, Stats.ci95HalfWidth(std, n)));
            }
        }
        return out;
    }

    private static Table toTable(String experiment, Iterable<Row> rows) {
        StringColumn id = StringColumn.create(RUN_ID);
        StringColumn variant = StringColumn.create(VARIANT);
        LongColumn seed = LongColumn.create(SEED);
        StringColumn status = StringColumn.create(STATUS);
        Map<Metric, DoubleColumn> metrics = new LinkedHashMap<>();
        for (Metric m : Metric.values()) {
            metrics.put(m, DoubleColumn.create(m.key()));
        }
        LongColumn params = LongColumn.create(PARAMS);
        LongColumn paperFlops = LongColumn.create(PAPER_FLOPS);
        DoubleColumn ratio = DoubleColumn.create(SE_RATIO);
        for (Row r : rows) {
            id.append(r.id);
            variant.append(r.variant);
            seed.append(r.seed);
            status.append(r.status.key());
            for (Map.Entry<Metric, DoubleColumn> e : metrics.entrySet()) {
                e.getValue().append(r.record == null ? Double.NaN : e.getKey().of(r.record));
            }
            appendOrMissing(params, r.record == null ? 0 : r.record.params());
            appendOrMissing(paperFlops, r.record == null ? 0 : r.record.paperFlops());
            boolean hasSe = r.config != null && r.config.model() != null && r.config.model().hasSe();
            ratio.append(hasSe ? r.config.model().se().ratio() : Double.NaN);
        }
        Table t = Table.create(experiment, id, variant, seed, status);
        metrics.values().forEach(t::addColumns);
        return t.addColumns(params, paperFlops, ratio);
    }

    private static void appendOrMissing(LongColumn c, long v) {
        if (v > 0) {
            c.append(v);
        } else {
            c.appendMissing();
        }
    }

    /** Of two records with the same id, keep the one further along (done beats running beats queued). */
    private static RunRecord moreAdvanced(RunRecord a, RunRecord b) {
        return rank(statusOf(b)) > rank(statusOf(a)) ? b : a;
    }

    /** No record, or a record without a status, means the run has not started. */
    private static RunStatus statusOf(RunRecord r) {
        return r == null || r.status() == null ? RunStatus.QUEUED : r.status();
    }

    private static int rank(RunStatus s) {
        return switch (s) {
            case QUEUED -> 0;
            case RUNNING -> 1;
            case FAILED -> 2;
            case DIVERGED -> 3;
            case DONE -> 4;
        };
    }

    private record Row(String id, String variant, long seed, RunStatus status, RunRecord record, RunConfig config) {}
}
