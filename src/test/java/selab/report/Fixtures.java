package selab.report;

import java.util.List;
import selab.data.DataConfig;
import selab.model.ModelConfig;
import selab.model.SeConfig;
import selab.plan.Variant;
import selab.train.HistoryRow;
import selab.results.Metrics;
import selab.results.Provenance;
import selab.results.RunRecord;
import selab.results.RunStatus;
import selab.spec.RunConfig;
import selab.train.RecipeConfig;
import selab.train.Schedule;

/** Builders for synthetic plans and run records. */
final class Fixtures {
    private Fixtures() {}

    static final String EXP = "exp";

    /** A config with SE at ratio r, or a plain ResNet for r = 0. */
    static RunConfig config(int ratio) {
        SeConfig se = ratio == 0 ? null : SeConfig.paperDefault().withStages(null);
        if (ratio > 0) {
            se = new SeConfig(ratio, se.squeeze(), se.gate(), se.placement(), null, false);
        }
        return new RunConfig(new ModelConfig("resnet-50", se, 0.25),
                new DataConfig("fashion-mnist", null, 10000, 2000, null, DataConfig.Augment.NONE),
                new RecipeConfig(10, 128, "sgd", 0.1, 0.9, false, 1e-4, false, Schedule.STEP, 3, null, 0.1, 0, 0.0));
    }

    static String id(String variant, long seed) {
        return variant.replaceAll("[^A-Za-z0-9]", "") + "-s" + seed;
    }

    static Variant planned(String variant, long seed, int ratio) {
        return new Variant(EXP, variant, seed, config(ratio), id(variant, seed));
    }

    static RunRecord done(String variant, long seed, int ratio, double top1, double top5) {
        Metrics m = new Metrics(top1, top5, top1 - 0.1, top5 - 0.1, 0.5, 0.6, null);
        return record(variant, seed, ratio, RunStatus.DONE, m);
    }

    static RunRecord record(String variant, long seed, int ratio, RunStatus status, Metrics metrics) {
        Provenance p = new Provenance("abc1234", false, "17", "0.35.1", "2.7.1", "cpu", 2, "host",
                "2025-01-01T00:00:00Z", "2025-01-01T01:00:00Z", "test cpu");
        long params = ratio == 0 ? 1_500_000L : 1_500_000L + 100_000L * 16 / ratio;
        return new RunRecord(id(variant, seed), EXP, variant, seed, status, config(ratio), metrics, params,
                60_000_000L, 10, 100.0, 500.0, p, null, null);
    }

    static List<HistoryRow> history(double start, double end, int epochs) {
        List<HistoryRow> rows = new java.util.ArrayList<>();
        for (int e = 1; e <= epochs; e++) {
            double err = start + (end - start) * (e - 1) / (epochs - 1);
            rows.add(new HistoryRow(e, 0.1, 1.0, err + 1, 1.1, err, err / 3, 10, 500));
        }
        return rows;
    }
}
