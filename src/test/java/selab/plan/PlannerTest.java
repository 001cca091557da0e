package selab.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import selab.spec.SpecLoader;

/** Expansion order and counts: variants × axes × seeds minus exclusions, counted by hand. */
class PlannerTest {
    @TempDir
    Path dir;

    @Test
    void axesTimesVariantsTimesSeedsMinusExclusions() throws IOException {
        Plan plan = plan("""
                name: grid
                seeds: [0, 1]
                axes:
                  model.se.ratio: [2, 4, 8]
                  model.se.gate: [sigmoid, tanh]
                variants:
                  se: {}
                  wide: {model.width: 2.0}
                exclude:
                  - {variant: wide, model.se.ratio: 2}
                  - {model.se.gate: tanh, model.se.ratio: 8}
                """);
        // se: 3x2 = 6 combos minus (8,tanh) = 5; wide: 6 minus ratio 2 (2 combos) minus (8,tanh) = 3.
        // (5 + 3) x 2 seeds = 16.
        assertEquals(16, plan.variants().size());
        List<String> expectedNames = List.of(
                "se[ratio=2,gate=sigmoid]", "se[ratio=2,gate=tanh]", "se[ratio=4,gate=sigmoid]",
                "se[ratio=4,gate=tanh]", "se[ratio=8,gate=sigmoid]",
                "wide[ratio=4,gate=sigmoid]", "wide[ratio=4,gate=tanh]", "wide[ratio=8,gate=sigmoid]");
        assertEquals(expectedNames, plan.names());
        // Seeds vary fastest.
        assertEquals(List.of(0L, 1L, 0L, 1L), plan.variants().subList(0, 4).stream().map(Variant::seed).toList());
        Variant v = plan.byName().get("wide[ratio=8,gate=sigmoid]").get(1);
        assertEquals(8, v.config().model().se().ratio());
        assertEquals(2.0, v.config().model().width());
        assertEquals(1L, v.seed());
        assertEquals("grid", v.experiment());
        assertEquals(16, plan.distinctRuns().size());
    }

    @Test
    void variantWithoutSeCollapsesSeAxisValues() throws IOException {
        Plan plan = plan("""
                name: collapse
                seeds: [0, 1, 2]
                axes:
                  model.se.ratio: [2, 4, 8]
                variants:
                  original: {model.se: none}
                  se: {}
                exclude:
                  - {variant: original, model.se.ratio: 2}
                """);
        // original: ratio does not apply -> one variant (still present via ratio 4 and 8) x 3 seeds = 3;
        // se: 3 ratios x 3 seeds = 9.
        assertEquals(12, plan.variants().size());
        assertEquals(List.of("original", "se[ratio=2]", "se[ratio=4]", "se[ratio=8]"), plan.names());
        assertNull(plan.byName().get("original").get(0).config().model().se());
    }

    @Test
    void specWithoutVariantsHasOneBaseVariantAndSeedZero() throws IOException {
        Plan plan = plan("name: single\n");
        assertEquals(1, plan.variants().size());
        assertEquals("base", plan.variants().get(0).name());
        assertEquals(0L, plan.variants().get(0).seed());
    }

    @Test
    void variantsKeepWrittenOrderAndAliasesShareARun() throws IOException {
        Plan plan = plan("""
                name: order
                seeds: [5, 3]
                variants:
                  zeta: {model.se.ratio: 4}
                  alpha: {}
                  r16: {model.se.ratio: 16}
                """);
        assertEquals(List.of("zeta", "alpha", "r16"), plan.names());
        assertEquals(List.of(5L, 3L, 5L, 3L, 5L, 3L), plan.variants().stream().map(Variant::seed).toList());
        // alpha and r16 are the same network (16 is the default ratio): one run per seed for both names.
        assertEquals(plan.byName().get("alpha").get(0).id(), plan.byName().get("r16").get(0).id());
        assertEquals(4, plan.distinctRuns().size());
    }

    @Test
    void expansionIsStableAcrossCalls() throws IOException {
        Path f = write("""
                name: stable
                seeds: [0, 1]
                axes: {recipe.lr: [0.1, 0.05]}
                variants: {a: {}, b: {model.se: none}}
                """);
        assertEquals(Planner.expand(SpecLoader.load(f)), Planner.expand(SpecLoader.load(f)));
    }

    @Test
    void onlyTheTablesThatPlotCurvesOrOraclesGetEveryEpochEvaluated() throws IOException {
        Plan plan = plan("""
                name: evals
                seeds: [0]
                base: {recipe: {epochs: 6}}
                variants:
                  plain: {model.se: none}
                  curved: {}
                  explicit: {model.se.ratio: 4, recipe.evaluate_every: 3}
                  oracle: {model.se.ratio: 8}
                tables:
                  - {name: final_only, rows: [{variant: plain}]}
                  - {name: curves, curves: true, rows: [{variant: curved}, {variant: explicit}]}
                  - {name: oracles, rows: [{variant: oracle}], columns: [oracle_top1_err]}
                """);
        assertNull(evaluateEvery(plan, "plain"));
        assertEquals(1, evaluateEvery(plan, "curved"));
        assertEquals(3, evaluateEvery(plan, "explicit"), "a recipe's own evaluate_every wins");
        assertEquals(1, evaluateEvery(plan, "oracle"));
        // What is measured is not what is trained: the schedule is not hashed, so a run has one id in every spec.
        for (String name : List.of("plain", "curved", "explicit", "oracle")) {
            Variant v = plan.byName().get(name).get(0);
            assertEquals(-1, RunIds.canonicalJson(v.config(), 0).indexOf("evaluate_every"), name);
        }
    }

    private static Integer evaluateEvery(Plan plan, String name) {
        return plan.byName().get(name).get(0).config().recipe().evaluateEvery();
    }

    private Plan plan(String yaml) throws IOException {
        return Planner.expand(SpecLoader.load(write(yaml)));
    }

    private Path write(String yaml) throws IOException {
        Path file = dir.resolve("experiments/spec.yaml");
        Files.createDirectories(file.getParent());
        Files.writeString(file, yaml);
        return file;
    }
}
