package selab.plan;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import selab.spec.ConfigConverter;
import selab.spec.ExperimentSpec;
import selab.spec.Expansion;
import selab.spec.Implementation;
import selab.spec.RunConfig;
import selab.spec.TableSpec;

/** Expands a loaded spec into its runs: variants × axis combinations (minus exclusions) × seeds. */
public final class Planner {
    private Planner() {}

    /**
     * The plan in a stable order: variants as written, then axis combinations (first axis slowest),
     * then seeds as written. Combinations that collapse (axis values that do not apply to a variant)
     * appear once. A run evaluates the test split only where the spec's tables need it (see
     * {@link TableSpec#needsEveryEpoch()}) unless its recipe says {@code evaluate_every}. A row with a
     * {@code cross_check} adds its config trained by that peer, under the name {@code <variant>@<peer>}.
     */
    public static Plan expand(ExperimentSpec spec) {
        List<Variant> out = new ArrayList<>();
        Set<String> everyEpoch = spec.tables().stream().filter(TableSpec::needsEveryEpoch)
                .flatMap(t -> t.rows().stream().map(TableSpec.Row::variant)).collect(Collectors.toSet());
        Map<String, Set<Implementation>> crossChecks = new HashMap<>();
        for (TableSpec t : spec.tables()) {
            for (TableSpec.Row row : t.crossChecked()) {
                crossChecks.computeIfAbsent(row.variant(), k -> new LinkedHashSet<>()).add(row.crossCheck());
            }
        }
        for (Expansion.Resolved r : Expansion.resolve(spec)) {
            RunConfig config = ConfigConverter.toRunConfig(r.config());
            boolean needed = everyEpoch.contains(r.name()) || everyEpoch.contains(r.variant());
            if (config.recipe().evaluateEvery() == null && needed) {
                // Curves and oracle columns need the test error of every epoch; the rest only the last one's.
                config = config.withRecipe(config.recipe().withEvaluateEvery(1));
            }
            for (long seed : spec.seeds()) {
                out.add(new Variant(spec.name(), r.name(), seed, config, RunIds.of(config, seed)));
            }
            for (Implementation peer : crossChecks.getOrDefault(r.name(), Set.of())) {
                // The same config, trained by the peer: its own run id, one per seed, after selab's.
                RunConfig peerConfig = config.withImplementation(peer);
                for (long seed : spec.seeds()) {
                    out.add(new Variant(spec.name(), TableSpec.Row.peerVariant(r.name(), peer), seed, peerConfig,
                            RunIds.of(peerConfig, seed)));
                }
            }
        }
        return new Plan(spec.name(), out);
    }
}
