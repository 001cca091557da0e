package selab.report;

import selab.spec.TableColumn;

import java.util.Arrays;
import java.util.Optional;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;
import selab.results.Metrics;
import selab.results.RunRecord;

/**
 * A per-run measurement a table column can aggregate over seeds. {@code top1_err}/{@code top5_err} are
 * the final-epoch test errors, as the paper reports them; the best epoch is chosen on the test set and flatters
 * every row, so it is offered only under its name, {@code oracle_*}.
 */
public enum Metric {
    TOP1_ERR(TableColumn.TOP1_ERR, "top-1 err (%)", r -> m(r, Metrics::finalTop1Err)),
    TOP5_ERR(TableColumn.TOP5_ERR, "top-5 err (%)", r -> m(r, Metrics::finalTop5Err)),
    ORACLE_TOP1_ERR(TableColumn.ORACLE_TOP1_ERR, "oracle top-1 err (%, epoch picked on the test set)",
            r -> m(r, Metrics::oracleTop1Err)),
    ORACLE_TOP5_ERR(TableColumn.ORACLE_TOP5_ERR, "oracle top-5 err (%, epoch picked on the test set)",
            r -> m(r, Metrics::oracleTop5Err)),
    TRAIN_LOSS(TableColumn.TRAIN_LOSS, "final train loss", r -> m(r, Metrics::finalTrainLoss)),
    TEST_LOSS(TableColumn.TEST_LOSS, "final test loss", r -> m(r, Metrics::finalTestLoss)),
    WALL_SECONDS(TableColumn.WALL_SECONDS, "wall time (s)", RunRecord::wallSeconds),
    IMAGES_PER_S(TableColumn.IMAGES_PER_S, "images/s", RunRecord::imagesPerSecond);

    /** Architecture columns: constant per variant, printed from the profile rather than aggregated. */
    public static final String PARAMS = TableColumn.PARAMS.key();
    public static final String GFLOPS = TableColumn.GFLOPS.key();

    private final String key;
    private final String label;
    private final ToDoubleFunction<RunRecord> extractor;

    Metric(TableColumn column, String label, ToDoubleFunction<RunRecord> extractor) {
        this.key = column.key();
        this.label = label;
        this.extractor = extractor;
    }

    public String key() {
        return key;
    }

    public String label() {
        return label;
    }

    /** The run's value, NaN when the record lacks it. */
    public double of(RunRecord record) {
        return extractor.applyAsDouble(record);
    }

    public static Optional<Metric> find(String key) {
        return Arrays.stream(values()).filter(m -> m.key.equals(key)).findFirst();
    }

    public static String allowedColumns() {
        return Arrays.stream(values()).map(Metric::key).collect(Collectors.joining("|")) + "|" + PARAMS + "|"
                + GFLOPS;
    }

    private static double m(RunRecord r, java.util.function.Function<Metrics, Double> f) {
        if (r.metrics() == null) {
            return Double.NaN;
        }
        Double v = f.apply(r.metrics());
        return v == null ? Double.NaN : v;
    }
}
