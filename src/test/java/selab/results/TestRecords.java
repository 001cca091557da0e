package selab.results;

import java.util.ArrayList;
import java.util.List;
import selab.data.DataConfig;
import selab.model.Gate;
import selab.model.ModelConfig;
import selab.model.Placement;
import selab.model.SeConfig;
import selab.model.Squeeze;
import selab.plan.Variant;
import selab.spec.RunConfig;
import selab.train.RecipeConfig;
import selab.train.Schedule;

/** Hand-built configs, variants and records for the queue and results tests. */
public final class TestRecords {
    private TestRecords() {}

    /** A config with every optional field set, so a JSON round trip exercises all of them. */
    public static RunConfig config(int ratio) {
        SeConfig se = new SeConfig(ratio, Squeeze.MAX, Gate.TANH, Placement.PRE, List.of(3, 2), true);
        ModelConfig model = new ModelConfig("resnet-20", se, 0.5);
        DataConfig data = new DataConfig("fashion-mnist", "/data/fm", 1000, 200, 28,
                new DataConfig.Augment(4, true, false));
        RecipeConfig recipe = new RecipeConfig(3, 64, "sgd", 0.1, 0.9, true, 5e-4, false, Schedule.MULTISTEP, 0,
                List.of(1, 2), 0.1, 1, 0.1);
        return new RunConfig(model, data, recipe);
    }

    public static Variant variant(String experiment, String name, String id) {
        return new Variant(experiment, name, 7, config(16), id);
    }

    /** {@code n} variants of one experiment with ids {@code r00, r01, ...}. */
    public static List<Variant> variants(String experiment, int n) {
        List<Variant> list = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            list.add(variant(experiment, "v" + i, String.format("r%02d", i)));
        }
        return list;
    }

    public static RunRecord record(String experiment, String id, RunStatus status) {
        Metrics metrics = new Metrics(8.25, 0.5, 8.0, 0.25, 0.125, 0.375, 3);
        Provenance provenance = new Provenance("0123456789abcdef0123456789abcdef01234567", true, "17.0.15", "0.35.1",
                "2.7.1", "cpu", 2, "host-a", "2024-01-02T03:04:05Z", "2024-01-02T04:05:06Z", "test cpu");
        return new RunRecord(id, experiment, "se-r16", 42L, status, config(16), metrics, 272_474L, 41_000_000L, 3,
                123.5, 812.25, provenance, status == RunStatus.FAILED ? "out of memory" : null,
                Fingerprint.of("c0nf16", "c0de", "djl 0.35.1, pytorch 2.7.1", "da7a"));
    }
}
