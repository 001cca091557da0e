package selab.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import selab.plan.Plan;
import selab.plan.Planner;
import selab.plan.RunIds;
import selab.results.Staleness;
import selab.spec.ExperimentSpec;
import selab.spec.SpecLoader;

/** Loads and expands a spec file for the verbs that take one. */
final class Specs {
    private Specs() {}

    record Loaded(ExperimentSpec spec, Plan plan) {}

    static Loaded load(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new UserError(file + ": no such spec file");
        }
        ExperimentSpec spec = SpecLoader.load(file);
        return new Loaded(spec, Planner.expand(spec));
    }

    /** Staleness against this build: config compared through the same hash the run id is cut from. */
    static Staleness currentBuildStaleness() {
        return Staleness.ofCurrentBuild(r -> RunIds.hash(r.config(), r.seed()));
    }
}
