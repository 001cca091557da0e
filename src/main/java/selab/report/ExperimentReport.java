package selab.report;

import java.util.List;
import java.util.Map;

/**
 * One experiment's report, fully computed in memory before anything is written.
 *
 * @param overall run counts over every planned run of the experiment (the peer's runs without a record are not
 *     planned here: {@link ReportInput#peerRunsNotRun})
 * @param tables the spec's tables with their numbers and claim verdicts
 * @param trends the spec's figures across tables, with their numbers and verdicts
 * @param files file name (under reports/&lt;experiment&gt;/) to content
 */
public record ExperimentReport(ReportInput input, RunCounts overall, List<BuiltTable> tables, List<Trend> trends,
        Map<String, byte[]> files) {

    public String experiment() {
        return input.experiment();
    }

    /** Distinct runs the plan asks for (variants with the same config share a run). */
    public long distinctPlanned() {
        return input.planned().stream().map(selab.plan.Variant::id).distinct().count();
    }

    /**
     * Seconds of training (each record's wall_seconds: training steps of every attempt, evaluation excluded) summed
     * over distinct planned runs whose record is finished (done or diverged): what the evidence cost.
     */
    public double trainingSeconds() {
        java.util.Set<String> planned = plannedIds();
        return input.recordsById().values().stream()
                .filter(r -> planned.contains(r.id()) && r.status().finished())
                .mapToDouble(selab.results.RunRecord::wallSeconds).sum();
    }

    /** Distinct planned runs whose record says DONE. */
    public long distinctDone() {
        java.util.Set<String> planned = plannedIds();
        return input.records().stream()
                .filter(r -> r.status() == selab.results.RunStatus.DONE && planned.contains(r.id()))
                .map(selab.results.RunRecord::id).distinct().count();
    }

    private java.util.Set<String> plannedIds() {
        return input.planned().stream().map(selab.plan.Variant::id).collect(java.util.stream.Collectors.toSet());
    }
}
