package selab.report;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import selab.data.DataConfig;
import selab.model.Profile;
import selab.plan.Variant;
import selab.train.HistoryRow;
import selab.results.RunRecord;
import selab.spec.TableSpec;
import selab.spec.TrendSpec;

/**
 * Everything the reporter needs, as plain data the caller wires together (spec, plan, run store,
 * profiler), so that this package depends on none of them.
 *
 * @param specDescription free text printed under the report's title (may be null)
 * @param planned the runs the plan asks for; a planned run without a record counts as queued (the caller leaves
 *     out the peer's runs without a record: see {@link #peerRunsWithoutRecord})
 * @param records run records as read from results/; records of unplanned runs count when their
 *     experiment matches
 * @param historyByRunId per-epoch rows keyed by run id (may lack entries)
 * @param paperScaleProfiles each variant's architecture profiled at the paper's scale (ImageNet
 *     224x224, width 1.0), keyed by variant name (may lack entries)
 * @param staleReasons why a record's numbers are not what the current build would compute, by run id
 *     (records absent here are current)
 * @param trends the spec's figures across tables
 * @param peerRunsNotRun how many distinct runs of an independent peer (cross_check) the plan asks for that have no
 *     readable record and are left out of {@code planned}: not trained yet, or never queued on a machine without
 *     the peer
 */
public record ReportInput(
        String experiment,
        String specDescription,
        List<TableSpec> tables,
        List<Variant> planned,
        List<RunRecord> records,
        Map<String, List<HistoryRow>> historyByRunId,
        Map<String, Profile> paperScaleProfiles,
        Header header,
        Map<String, String> staleReasons,
        List<TrendSpec> trends,
        int peerRunsNotRun) {

    public ReportInput(String experiment, String specDescription, List<TableSpec> tables, List<Variant> planned,
            List<RunRecord> records, Map<String, List<HistoryRow>> historyByRunId,
            Map<String, Profile> paperScaleProfiles, Header header, Map<String, String> staleReasons,
            List<TrendSpec> trends) {
        this(experiment, specDescription, tables, planned, records, historyByRunId, paperScaleProfiles, header,
                staleReasons, trends, 0);
    }

    public ReportInput(String experiment, String specDescription, List<TableSpec> tables, List<Variant> planned,
            List<RunRecord> records, Map<String, List<HistoryRow>> historyByRunId,
            Map<String, Profile> paperScaleProfiles, Header header, Map<String, String> staleReasons) {
        this(experiment, specDescription, tables, planned, records, historyByRunId, paperScaleProfiles, header,
                staleReasons, List.of());
    }

    public ReportInput(String experiment, String specDescription, List<TableSpec> tables, List<Variant> planned,
            List<RunRecord> records, Map<String, List<HistoryRow>> historyByRunId,
            Map<String, Profile> paperScaleProfiles, Header header) {
        this(experiment, specDescription, tables, planned, records, historyByRunId, paperScaleProfiles, header,
                Map.of());
    }

    /**
     * Distinct planned runs that an independent peer trains (cross_check) and that have no id in {@code recordedIds}:
     * they are not counted as queued, since a machine without the peer never queues them.
     */
    public static int peerRunsWithoutRecord(List<Variant> planned, java.util.Set<String> recordedIds) {
        return (int) planned.stream().filter(v -> isPeerRunWithoutRecord(v, recordedIds))
                .map(Variant::id).distinct().count();
    }

    /** A run an independent peer trains (cross_check) whose id is not in {@code recordedIds}. */
    public static boolean isPeerRunWithoutRecord(Variant v, java.util.Set<String> recordedIds) {
        return v.config().trainedBy() != selab.spec.Implementation.SELAB && !recordedIds.contains(v.id());
    }

    /** Records by run id (the first of duplicates). */
    public Map<String, RunRecord> recordsById() {
        Map<String, RunRecord> out = new java.util.LinkedHashMap<>();
        records.forEach(r -> out.putIfAbsent(r.id(), r));
        return out;
    }

    public ReportInput {
        staleReasons = staleReasons == null ? Map.of() : Map.copyOf(staleReasons);
        trends = trends == null ? List.of() : List.copyOf(trends);
        Objects.requireNonNull(experiment, "experiment");
        tables = tables == null ? List.of() : List.copyOf(tables);
        planned = planned == null ? List.of() : List.copyOf(planned);
        records = records == null ? List.of() : List.copyOf(records);
        historyByRunId = historyByRunId == null ? Map.of() : Map.copyOf(historyByRunId);
        paperScaleProfiles = paperScaleProfiles == null ? Map.of() : Map.copyOf(paperScaleProfiles);
        Objects.requireNonNull(header, "header");
        if (peerRunsNotRun < 0) {
            throw new IllegalArgumentException("peerRunsNotRun < 0: " + peerRunsNotRun);
        }
    }

    /**
     * What the report's header block states about how the numbers were produced. Fields are display
     * strings because a spec may mix settings (then they read e.g. "10, 20").
     *
     * @param trainSubset training images used ("all" for the full split)
     * @param testSubset test images used ("all" for the full split)
     */
    public record Header(
            String dataset,
            String trainSubset,
            String testSubset,
            String epochs,
            List<Long> seeds,
            String device,
            String selabCommit) {

        public Header {
            seeds = seeds == null ? List.of() : List.copyOf(seeds);
        }

        /** Reads the header from the planned configs and the records' provenance. */
        public static Header infer(List<Variant> planned, List<RunRecord> records) {
            List<Variant> p = planned == null ? List.of() : planned;
            List<RunRecord> r = records == null ? List.of() : records;
            String dataset = distinct(p, v -> data(v) == null ? null : data(v).source());
            String train = distinct(p, v -> data(v) == null ? null : orAll(data(v).trainSubset()));
            String test = distinct(p, v -> data(v) == null ? null : orAll(data(v).testSubset()));
            String epochs = p.stream().filter(v -> v.config() != null && v.config().recipe() != null)
                    .map(v -> v.config().recipe().epochs()).distinct().sorted() // numerically: 4, 8, 16, not 16, 4, 8
                    .map(String::valueOf).collect(Collectors.joining(", "));
            epochs = epochs.isEmpty() ? "unknown" : epochs;
            List<Long> seeds = p.stream().map(Variant::seed).distinct().sorted().toList();
            String device = distinct(r, x -> x.provenance() == null ? null : x.provenance().device());
            String commit = distinct(r, x -> x.provenance() == null || x.provenance().gitCommit() == null
                    ? null
                    : x.provenance().gitCommit() + (x.provenance().gitDirty() ? " (dirty)" : ""));
            return new Header(dataset, train, test, epochs, seeds, device, commit);
        }

        private static DataConfig data(Variant v) {
            return v.config() == null ? null : v.config().data();
        }

        private static String orAll(Integer n) {
            return n == null ? "all" : String.valueOf(n);
        }

        private static <T> String distinct(Collection<T> items, Function<T, String> field) {
            TreeSet<String> values = items.stream()
                    .map(field)
                    .filter(Objects::nonNull)
                    .collect(Collectors.toCollection(TreeSet::new));
            return values.isEmpty() ? "unknown" : String.join(", ", values);
        }
    }
}
