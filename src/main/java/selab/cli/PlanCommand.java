package selab.cli;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import selab.data.DataSource;
import selab.model.Architecture;
import selab.model.Geometry;
import selab.model.ModelConfig;
import selab.model.Profile;
import selab.model.Profiler;
import selab.plan.Variant;
import selab.spec.RunConfig;

/** {@code selab plan SPEC}: the expanded variants with their ids and costs, without training anything. */
@Command(name = "plan", description = "Print the variants a spec expands to (name, id, seed, Params, GFLOPs); trains nothing.")
final class PlanCommand implements Callable<Integer> {

    @Parameters(paramLabel = "SPEC", description = "experiment spec (YAML or JSON)")
    Path spec;

    @Override
    public Integer call() {
        Specs.Loaded loaded = Specs.load(spec);
        System.out.printf("%s: %d runs (%d distinct) — %s%n", loaded.spec().name(), loaded.plan().variants().size(),
                loaded.plan().distinctRuns().size(), loaded.spec().description() == null ? "" : loaded.spec().description());
        System.out.printf("%-28s %-12s %5s %10s %9s  %s%n", "variant", "id", "seed", "params", "GFLOPs", "input");
        Map<ModelConfig, Profile> cache = new HashMap<>();
        for (Variant v : loaded.plan().variants()) {
            Geometry g = geometry(v.config());
            Profile p = cache.computeIfAbsent(v.config().model(), m -> Profiler.profile(m, g));
            System.out.printf(Locale.ROOT, "%-28s %-12s %5d %,10d %9.4f  %dx%dx%d%n", v.name(), v.id(), v.seed(),
                    p.params(), p.gflops(), g.channels(), g.size(), g.size());
        }
        return 0;
    }

    /** The input a run will see, known from the data source without loading it. */
    static Geometry geometry(RunConfig cfg) {
        return DataSource.of(cfg.data().source()).expectedGeometry(cfg.data(), Architecture.of(cfg.model().arch()));
    }
}
