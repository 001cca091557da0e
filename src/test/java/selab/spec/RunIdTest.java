package selab.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import selab.data.DataConfig;
import selab.model.Gate;
import selab.model.ModelConfig;
import selab.model.Placement;
import selab.model.SeConfig;
import selab.model.Squeeze;
import selab.plan.Plan;
import selab.plan.Planner;
import selab.plan.RunIds;
import selab.plan.Variant;
import selab.train.RecipeConfig;
import selab.train.Schedule;

/** Run ids depend on exactly what is trained: config and seed, nothing else. */
class RunIdTest {
    @TempDir
    Path dir;

    @Test
    void idIsSha256OfTheSortedKeyJson() throws Exception {
        RunConfig config = new RunConfig(
                new ModelConfig("resnet-20", new SeConfig(16, Squeeze.AVG, Gate.SIGMOID, Placement.STANDARD, List.of(2, 3, 4), false), 1.0),
                new DataConfig("fashion-mnist", null, 6000, 2000, null, new DataConfig.Augment(2, false, false)),
                new RecipeConfig(3, 128, "sgd", 0.1, 0.9, false, 5e-4, false, Schedule.COSINE, 30, List.of(), 0.1, 0, 0.0));
        // Written by hand: every mapping's keys in alphabetical order, snake_case, nulls kept (but min_hidden,
        // which is left out when null so that configs from before it keep their ids).
        String expected = "{\"config\":{"
                + "\"data\":{\"augment\":{\"crop_padding\":2,\"flip\":false,\"random_resized_crop\":false},"
                + "\"image_size\":null,\"path\":null,\"source\":\"fashion-mnist\",\"test_subset\":2000,\"train_subset\":6000},"
                + "\"model\":{\"arch\":\"resnet-20\",\"se\":{\"fc_bias\":false,\"gate\":\"sigmoid\",\"placement\":\"standard\","
                + "\"ratio\":16,\"squeeze\":\"avg\",\"stages\":[2,3,4]},\"width\":1.0},"
                + "\"recipe\":{\"batch_size\":128,\"decay_bn_and_bias\":false,\"epochs\":3,\"gamma\":0.1,"
                + "\"label_smoothing\":0.0,\"lr\":0.1,\"milestones\":[],\"momentum\":0.9,\"nesterov\":false,"
                + "\"optimizer\":\"sgd\",\"schedule\":\"cosine\",\"step_size\":30,\"warmup_epochs\":0,\"weight_decay\":5.0E-4}},"
                + "\"seed\":7}";
        assertEquals(expected, RunIds.canonicalJson(config, 7));
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(expected.getBytes(StandardCharsets.UTF_8));
        assertEquals(HexFormat.of().formatHex(digest).substring(0, 12), RunIds.of(config, 7));
    }

    @Test
    void sameConfigInTwoSpecsHasTheSameId() throws IOException {
        Path a = write("a/alpha.yaml", """
                name: alpha
                base:
                  model: {arch: resnet-20, width: 1, se: {ratio: 16, gate: sigmoid}}
                  recipe: {weight_decay: 5e-4, lr: 0.1}
                  device: cpu
                seeds: [3]
                variants:
                  se: {}
                """);
        Path b = write("b/beta.yaml", """
                name: beta
                description: same network, keys in another order, stages spelled out, other device
                base:
                  device: gpu
                  recipe: {lr: 1.0e-1, weight_decay: 0.0005}
                  model: {se: {gate: sigmoid, stages: [4, 2, 3], ratio: 16}, width: 1.0}
                seeds: [3]
                variants:
                  with_se: {model.se.fc_bias: false}
                """);
        Path c = write("c/gamma.json", """
                {"name": "gamma", "seeds": [3],
                 "base": {"recipe": {"weight_decay": 0.0005}, "model": {"se": {"stages": null}}}}
                """);
        String idA = only(Planner.expand(SpecLoader.load(a))).id();
        String idB = only(Planner.expand(SpecLoader.load(b))).id();
        String idC = only(Planner.expand(SpecLoader.load(c))).id();
        assertEquals(idA, idB);
        assertEquals(idA, idC);
    }

    @Test
    void deviceDoesNotChangeTheId() throws IOException {
        Set<String> ids = new HashSet<>();
        for (String device : List.of("auto", "cpu", "gpu")) {
            Path f = write(device + ".yaml", "name: d\nbase: {device: " + device + "}\n");
            ExperimentSpec spec = SpecLoader.load(f);
            assertEquals(device, spec.device().key());
            ids.add(only(Planner.expand(spec)).id());
        }
        assertEquals(1, ids.size());
    }

    @Test
    void anyConfigValueOrSeedChangesTheId() throws IOException {
        Path dataDir = Files.createDirectories(dir.resolve("data"));
        // One variant per settable leaf, each changing only that leaf from the defaults.
        Map<String, String> edits = new java.util.LinkedHashMap<>();
        edits.put("model.arch", "resnet-32");
        edits.put("model.width", "0.5");
        edits.put("model.se", "none");
        edits.put("model.se.ratio", "8");
        edits.put("model.se.squeeze", "max");
        edits.put("model.se.gate", "tanh");
        edits.put("model.se.placement", "pre");
        edits.put("model.se.stages", "[3]");
        edits.put("model.se.fc_bias", "true");
        edits.put("model.se.min_hidden", "8");
        edits.put("data.source", "mnist");
        edits.put("data.path", "'" + dataDir + "'");
        edits.put("data.train_subset", "100");
        edits.put("data.test_subset", "100");
        edits.put("data.image_size", "28"); // fashion-mnist's own side, the one value besides null it takes
        edits.put("data.augment.crop_padding", "0");
        edits.put("data.augment.flip", "true");
        edits.put("data.augment.random_resized_crop", "true");
        edits.put("recipe.epochs", "4");
        edits.put("recipe.batch_size", "64");
        edits.put("recipe.optimizer", "sgd"); // the only optimizer: must NOT change the id
        edits.put("recipe.lr", "0.05");
        edits.put("recipe.momentum", "0.8");
        edits.put("recipe.nesterov", "true");
        edits.put("recipe.weight_decay", "1.0e-4");
        edits.put("recipe.decay_bn_and_bias", "true");
        edits.put("recipe.schedule", "step");
        edits.put("recipe.step_size", "10");
        edits.put("recipe.milestones", "[1]");
        edits.put("recipe.gamma", "0.2");
        edits.put("recipe.warmup_epochs", "1");
        edits.put("recipe.label_smoothing", "0.1");
        edits.put("recipe.evaluate_every", "2"); // what is measured, not what is trained: must NOT change the id
        // Every leaf of the schema but device is covered.
        Set<String> leaves = ConfigSchema.allPaths().stream()
                .filter(p -> ConfigSchema.field(p).kind() != ConfigSchema.Kind.MAPPING || p.equals("model.se"))
                .filter(p -> !p.equals("device"))
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(leaves, new TreeSet<>(edits.keySet()));

        StringBuilder yaml = new StringBuilder("name: ids\nseeds: [0, 1]\nvariants:\n  default: {}\n");
        int i = 0;
        for (Map.Entry<String, String> e : edits.entrySet()) {
            yaml.append("  v").append(i++).append(": {").append(e.getKey()).append(": ").append(e.getValue()).append("}\n");
        }
        Plan plan = Planner.expand(SpecLoader.load(write("ids.yaml", yaml.toString())));
        assertEquals(2 * (edits.size() + 1), plan.variants().size());
        Set<String> ids = plan.variants().stream().map(Variant::id).collect(Collectors.toSet());
        // All distinct except the optimizer "edit", which equals the default, and the evaluation schedule, which is
        // not training (2 seeds each -> 4 ids shared).
        assertEquals(plan.variants().size() - 4, ids.size());
        for (String sameRun : List.of("recipe.optimizer", "recipe.evaluate_every")) {
            int index = List.copyOf(edits.keySet()).indexOf(sameRun);
            assertEquals(plan.byName().get("default").get(0).id(), plan.byName().get("v" + index).get(0).id(), sameRun);
        }
        assertNotEquals(plan.byName().get("default").get(0).id(), plan.byName().get("default").get(1).id());
    }

    private static Variant only(Plan plan) {
        assertEquals(1, plan.variants().size(), plan.toString());
        return plan.variants().get(0);
    }

    private Path write(String relative, String text) throws IOException {
        Path file = dir.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
        return file;
    }
}
