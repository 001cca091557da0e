package selab.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import selab.plan.Plan;
import selab.plan.Planner;
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

    /** Staleness against this build: config compared through the same canonical JSON the run id hashes. */
    static selab.results.Staleness currentBuildStaleness() {
        return selab.results.Staleness.ofCurrentBuild(r -> selab.results.Fingerprint.hash(
                selab.plan.RunIds.canonicalJson(r.config(), r.seed())));
    }
}
