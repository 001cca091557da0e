package selab.report;

import java.util.Arrays;
import java.util.Optional;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;
import selab.results.Metrics;
import selab.results.RunRecord;

/**
 * A per-run measurement a table column can aggregate over seeds. {@code top1_err}/{@code top5_err} are
 * the final-epoch test errors: the best epoch would select on the test set and flatter every row.
 */
public enum Metric {
    TOP1_ERR("top1_err", "top-1 err (%)", r -> m(r, Metrics::finalTop1Err)),
    TOP5_ERR("top5_err", "top-5 err (%)", r -> m(r, Metrics::finalTop5Err)),
    BEST_TOP1_ERR("best_top1_err", "best-epoch top-1 err (%)", r -> m(r, Metrics::bestTop1Err)),
    BEST_TOP5_ERR("best_top5_err", "best-epoch top-5 err (%)", r -> m(r, Metrics::bestTop5Err)),
    TRAIN_LOSS("train_loss", "final train loss", r -> m(r, Metrics::finalTrainLoss)),
    TEST_LOSS("test_loss", "final test loss", r -> m(r, Metrics::finalTestLoss)),
    WALL_SECONDS("wall_seconds", "wall time (s)", RunRecord::wallSeconds),
    IMAGES_PER_S("images_per_s", "images/s", RunRecord::imagesPerSecond);

    /** Architecture columns: constant per variant, printed from the profile rather than aggregated. */
    public static final String PARAMS = "params";
    public static final String GFLOPS = "gflops";

    private final String key;
    private final String label;
    private final ToDoubleFunction<RunRecord> extractor;

    Metric(String key, String label, ToDoubleFunction<RunRecord> extractor) {
        this.key = key;
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
