package selab.report;

import java.util.List;
import java.util.Map;
import selab.spec.TableSpec;

/**
 * One report table with every number computed, ready for the writers.
 *
 * @param metrics the measured columns, in the spec's order
 * @param showParams whether the spec lists {@code params}
 * @param showGflops whether the spec lists {@code gflops}
 * @param counts run counts over the table's rows
 * @param crossChecks the rows also trained by an independent implementation, compared with selab's
 */
public record BuiltTable(
        TableSpec spec,
        List<Metric> metrics,
        boolean showParams,
        boolean showGflops,
        List<Row> rows,
        List<Claims.Result> claims,
        RunCounts counts,
        List<CrossCheck> crossChecks) {

    /**
     * One row. Boxed numbers are null when unknown.
     *
     * @param paperVariant the paper's row name, or null
     * @param measured per metric: n, mean, std, CI over done runs
     * @param deltas per metric: difference to the baseline (absent for the baseline row itself)
     * @param params trained architecture's parameters (from the records)
     * @param gflops trained architecture's GFLOPs (records' paper_flops / 1e9)
     * @param paperScaleParams the same architecture profiled at ImageNet 224x224 scale
     * @param paper the paper's printed numbers for this row, or null
     */
    public record Row(
            String variant,
            String label,
            String paperVariant,
            boolean baseline,
            RunCounts counts,
            List<String> runIds,
            Map<Metric, Stats.Summary> measured,
            Map<Metric, Comparison> deltas,
            Long params,
            Double gflops,
            Long paperScaleParams,
            Double paperScaleGflops,
            PaperTables.PaperRow paper) {

        /** No done run has produced the table's first metric yet. */
        public boolean missing(Metric primary) {
            Stats.Summary s = measured.get(primary);
            return s == null || s.n() == 0;
        }

        /** n: done runs that produced the primary metric. */
        public int n(Metric primary) {
            Stats.Summary s = measured.get(primary);
            return s == null ? 0 : s.n();
        }
    }

    /** The metric deltas and claims are about: top-1 error when listed, else the first metric. */
    public Metric primary() {
        return metrics.contains(Metric.TOP1_ERR) ? Metric.TOP1_ERR : metrics.get(0);
    }
}
