package selab.plan;

import java.util.ArrayList;
import java.util.List;
import selab.spec.ConfigConverter;
import selab.spec.ExperimentSpec;
import selab.spec.Expansion;
import selab.spec.RunConfig;

/** Expands a loaded spec into its runs: variants × axis combinations (minus exclusions) × seeds. */
public final class Planner {
    private Planner() {}

    /**
     * The plan in a stable order: variants as written, then axis combinations (first axis slowest),
     * then seeds as written. Combinations that collapse (axis values that do not apply to a variant)
     * appear once.
     */
    public static Plan expand(ExperimentSpec spec) {
        List<Variant> out = new ArrayList<>();
        for (Expansion.Resolved r : Expansion.resolve(spec)) {
            RunConfig config = ConfigConverter.toRunConfig(r.config());
            for (long seed : spec.seeds()) {
                out.add(new Variant(spec.name(), r.name(), seed, config, RunIds.of(config, seed)));
            }
        }
        return new Plan(spec.name(), out);
    }
}
