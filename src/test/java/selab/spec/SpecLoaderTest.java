package selab.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import selab.model.Gate;
import selab.model.Squeeze;
import selab.plan.Plan;
import selab.plan.Planner;
import selab.plan.Variant;
import selab.train.DevicePreference;
import selab.train.Schedule;

/** What a valid spec resolves to: include merging, SE switched off and on, stage defaults, quick.yaml. */
class SpecLoaderTest {
    @TempDir
    Path dir;

    @Test
    void includeBaseSitsBetweenDefaultsAndTheSpecBase() throws IOException {
        write("experiments/common/deeper.yaml", "base: {model: {arch: resnet-56}}\n");
        write("experiments/common/fashion.yaml", """
                include: deeper.yaml
                base:
                  data: {train_subset: 1000, augment: {flip: true}}
                  recipe: {epochs: 5, lr: 0.2}
                  model: {se: {gate: tanh}}
                """);
        Path spec = write("experiments/x.yaml", """
                name: x
                include: common/fashion.yaml
                base:
                  recipe: {epochs: 2}
                  data: {augment: {crop_padding: 4}}
                """);
        Variant v = Planner.expand(SpecLoader.load(spec)).variants().get(0);
        assertEquals("resnet-56", v.config().model().arch());            // from the nested include
        assertEquals(1000, v.config().data().trainSubset());              // from the include
        assertEquals(2, v.config().recipe().epochs());                    // spec overrides include
        assertEquals(0.2, v.config().recipe().lr());                      // include overrides defaults
        assertEquals(Gate.TANH, v.config().model().se().gate());
        assertEquals(true, v.config().data().augment().flip());           // sibling keys of a merged mapping survive
        assertEquals(4, v.config().data().augment().cropPadding());
        assertEquals(128, v.config().recipe().batchSize());               // untouched default
    }

    @Test
    void stagesDefaultToTheArchsFullList() throws IOException {
        Plan plan = Planner.expand(SpecLoader.load(write("experiments/s.yaml", """
                name: s
                variants:
                  cifar: {model.arch: resnet-20}
                  imagenet: {model.arch: resnet-50}
                  some: {model.arch: resnet-50, model.se.stages: [5, 3]}
                """)));
        assertEquals(List.of(2, 3, 4), plan.byName().get("cifar").get(0).config().model().se().stages());
        assertEquals(List.of(2, 3, 4, 5), plan.byName().get("imagenet").get(0).config().model().se().stages());
        assertEquals(List.of(3, 5), plan.byName().get("some").get(0).config().model().se().stages());
    }

    @Test
    void seKnobsOnAPlainNetworkAreSkippedButAnSeMappingSwitchesSeOn() throws IOException {
        Plan plan = Planner.expand(SpecLoader.load(write("experiments/p.yaml", """
                name: p
                base: {model: {se: none}}
                variants:
                  plain: {}
                  still_plain: {model.se.gate: tanh}
                  tanh: {model.se: {gate: tanh}}
                """)));
        assertNull(plan.byName().get("plain").get(0).config().model().se());
        assertNull(plan.byName().get("still_plain").get(0).config().model().se());
        assertEquals(plan.byName().get("plain").get(0).id(), plan.byName().get("still_plain").get(0).id());
        var se = plan.byName().get("tanh").get(0).config().model().se();
        assertEquals(Gate.TANH, se.gate());
        assertEquals(16, se.ratio());               // rest of the block from the defaults
        assertEquals(Squeeze.AVG, se.squeeze());
    }

    @Test
    void quickSpecInTheRepository() {
        ExperimentSpec spec = SpecLoader.load(Path.of("experiments/quick.yaml"));
        assertEquals("quick", spec.name());
        assertEquals(DevicePreference.AUTO, spec.device());
        Plan plan = Planner.expand(spec);
        assertEquals(List.of("original", "se", "r4", "tanh", "max"), plan.names());
        assertEquals(10, plan.variants().size()); // 5 variants x 2 seeds
        Variant se = plan.byName().get("se").get(0);
        assertEquals("resnet-20", se.config().model().arch());
        assertEquals(4000, se.config().data().trainSubset());
        assertEquals(2000, se.config().data().testSubset());
        assertEquals(3, se.config().recipe().epochs());
        assertEquals(128, se.config().recipe().batchSize());
        assertEquals(Schedule.COSINE, se.config().recipe().schedule());
        assertEquals(0.1, se.config().recipe().lr());
        assertEquals(16, se.config().model().se().ratio());
        assertEquals(4, plan.byName().get("r4").get(0).config().model().se().ratio());
        assertEquals(Squeeze.MAX, plan.byName().get("max").get(0).config().model().se().squeeze());
        assertNull(plan.byName().get("original").get(0).config().model().se());

        assertEquals(List.of("se_vs_plain", "gate_and_squeeze"), spec.tables().stream().map(TableSpec::name).toList());
        TableSpec t10 = spec.tables().get(0);
        assertEquals(10, t10.paperTable());
        assertEquals(List.of(new TableSpec.Row("original", "original", "original"), new TableSpec.Row("se", "r=16", "se"),
                new TableSpec.Row("r4", "r=4", "r4")), t10.rows());
        assertEquals(List.of("top1_err", "top5_err", "params", "gflops"), t10.columns());
        assertEquals(List.of(new TableSpec.Claim("SE lowers error", "order", List.of("se", "original"))), t10.claims());
        TableSpec t12 = spec.tables().get(1);
        assertEquals(12, t12.paperTable());
        assertEquals(List.of("sigmoid", "tanh"), t12.rows().subList(0, 2).stream().map(TableSpec.Row::paper).toList());
        assertNull(t12.rows().get(2).paper());
        assertEquals("max", t12.rows().get(2).variant());
    }

    @Test
    void defaultsFileAndSchemaNameTheSameKeys() {
        List<String> inDefaults = new ArrayList<>();
        collect("", Defaults.tree(), inDefaults);
        assertEquals(ConfigSchema.allPaths(), inDefaults);
    }

    private static void collect(String prefix, JsonNode node, List<String> out) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            String path = prefix.isEmpty() ? k : prefix + "." + k;
            out.add(path);
            if (node.get(k).isObject()) {
                collect(path, node.get(k), out);
            }
        }
    }

    private Path write(String relative, String text) throws IOException {
        Path file = dir.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
        return file;
    }
}
