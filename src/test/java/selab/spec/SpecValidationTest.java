package selab.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Malformed specs: each must be rejected (nothing returned) with an error naming the file, the
 * offending path inside it, and what would have been allowed.
 */
class SpecValidationTest {
    @TempDir
    Path dir;

    /** A small valid spec that each case below breaks in one place. */
    private static final String VALID_HEAD = "name: t\n";

    static Stream<Arguments> malformed() {
        return Stream.of(
                // unknown keys at every level
                Arguments.of("unknown top-level key", VALID_HEAD + "bogus: 1\n",
                        "bogus", "name|description|include|base|seeds|axes|variants|exclude|tables"),
                Arguments.of("unknown base key", VALID_HEAD + "base: {modle: {arch: resnet-20}}\n",
                        "base.modle", "model|data|recipe|device"),
                Arguments.of("unknown model key", VALID_HEAD + "base: {model: {depth: 20}}\n",
                        "base.model.depth", "arch|width|se"),
                Arguments.of("unknown se key", VALID_HEAD + "base: {model: {se: {reduction: 8}}}\n",
                        "base.model.se.reduction", "ratio|squeeze|gate|placement|stages|fc_bias"),
                Arguments.of("unknown data key", VALID_HEAD + "base: {data: {subset: 10}}\n",
                        "base.data.subset", "source|path|train_subset|test_subset|image_size|augment"),
                Arguments.of("unknown augment key", VALID_HEAD + "base: {data: {augment: {mixup: true}}}\n",
                        "base.data.augment.mixup", "crop_padding|flip|random_resized_crop"),
                Arguments.of("unknown recipe key", VALID_HEAD + "base: {recipe: {lr_decay: 0.1}}\n",
                        "base.recipe.lr_decay", "epochs|batch_size|optimizer|lr|momentum"),
                // allowed sets
                Arguments.of("gate not an enum value", VALID_HEAD + "base: {model: {se: {gate: swish}}}\n",
                        "base.model.se.gate", "sigmoid|tanh|relu"),
                Arguments.of("squeeze not an enum value", VALID_HEAD + "base: {model: {se: {squeeze: mean}}}\n",
                        "base.model.se.squeeze", "avg|max"),
                Arguments.of("placement not an enum value", VALID_HEAD + "base: {model: {se: {placement: after}}}\n",
                        "base.model.se.placement", "standard|pre|post|identity|conv3x3|nosqueeze"),
                Arguments.of("unknown arch", VALID_HEAD + "base: {model: {arch: resnet-21}}\n",
                        "base.model.arch", "resnet-20|resnet-32|resnet-44|resnet-56|resnet-110|resnet-50|resnet-101|resnet-152"),
                Arguments.of("ratio above 1024", VALID_HEAD + "base: {model: {se: {ratio: 2048}}}\n",
                        "base.model.se.ratio", "integer 1..1024"),
                Arguments.of("ratio zero", VALID_HEAD + "base: {model: {se: {ratio: 0}}}\n",
                        "base.model.se.ratio", "integer 1..1024"),
                Arguments.of("stage the arch lacks", VALID_HEAD + "base: {model: {arch: resnet-20, se: {stages: [2, 5]}}}\n",
                        "base.model.se.stages", "non-empty subset of [2, 3, 4] (stages of resnet-20)"),
                Arguments.of("empty stages", VALID_HEAD + "base: {model: {arch: resnet-50, se: {stages: []}}}\n",
                        "base.model.se.stages", "non-empty subset of [2, 3, 4, 5] (stages of resnet-50)"),
                Arguments.of("unknown data source", VALID_HEAD + "base: {data: {source: imagenet}}\n",
                        "base.data.source", "fashion-mnist|mnist|cifar10|cifar100|imagefolder|synthetic"),
                Arguments.of("unknown optimizer", VALID_HEAD + "base: {recipe: {optimizer: adam}}\n",
                        "base.recipe.optimizer", "sgd"),
                Arguments.of("unknown schedule", VALID_HEAD + "base: {recipe: {schedule: poly}}\n",
                        "base.recipe.schedule", "step|multistep|cosine|constant"),
                Arguments.of("unknown device", VALID_HEAD + "base: {device: tpu}\n",
                        "base.device", "auto|cpu|gpu"),
                // wrong types
                Arguments.of("string where integer", VALID_HEAD + "base: {recipe: {epochs: three}}\n",
                        "base.recipe.epochs", "integer >= 1"),
                Arguments.of("quoted number where integer", VALID_HEAD + "base: {model: {se: {ratio: '16'}}}\n",
                        "base.model.se.ratio", "integer 1..1024"),
                Arguments.of("float where integer", VALID_HEAD + "base: {recipe: {batch_size: 12.5}}\n",
                        "base.recipe.batch_size", "integer >= 1"),
                Arguments.of("string where boolean", VALID_HEAD + "base: {recipe: {nesterov: maybe}}\n",
                        "base.recipe.nesterov", "true|false"),
                Arguments.of("list where mapping", VALID_HEAD + "base: {model: [resnet-20]}\n",
                        "base.model", "a mapping with keys arch|width|se"),
                // ranges
                Arguments.of("zero epochs", VALID_HEAD + "base: {recipe: {epochs: 0}}\n",
                        "base.recipe.epochs", "integer >= 1"),
                Arguments.of("zero batch size", VALID_HEAD + "base: {recipe: {batch_size: 0}}\n",
                        "base.recipe.batch_size", "integer >= 1"),
                Arguments.of("zero learning rate", VALID_HEAD + "base: {recipe: {lr: 0}}\n",
                        "base.recipe.lr", "number > 0"),
                Arguments.of("momentum of one", VALID_HEAD + "base: {recipe: {momentum: 1.0}}\n",
                        "base.recipe.momentum", "number in [0, 1)"),
                Arguments.of("negative weight decay", VALID_HEAD + "base: {recipe: {weight_decay: -1.0e-4}}\n",
                        "base.recipe.weight_decay", "number >= 0"),
                Arguments.of("label smoothing of one", VALID_HEAD + "base: {recipe: {label_smoothing: 1}}\n",
                        "base.recipe.label_smoothing", "number in [0, 1)"),
                Arguments.of("warm-up as long as training", VALID_HEAD + "base: {recipe: {epochs: 3, warmup_epochs: 3}}\n",
                        "base.recipe.warmup_epochs", "integer >= 0 and < epochs (3)"),
                Arguments.of("negative warm-up", VALID_HEAD + "base: {recipe: {warmup_epochs: -1}}\n",
                        "base.recipe.warmup_epochs", "integer >= 0"),
                Arguments.of("zero train subset", VALID_HEAD + "base: {data: {train_subset: 0}}\n",
                        "base.data.train_subset", "integer >= 1, or null"),
                Arguments.of("zero test subset", VALID_HEAD + "base: {data: {test_subset: 0}}\n",
                        "base.data.test_subset", "integer >= 1, or null"),
                Arguments.of("milestones not ascending", VALID_HEAD + "base: {recipe: {milestones: [20, 10]}}\n",
                        "base.recipe.milestones", "strictly ascending list of integers >= 1"),
                Arguments.of("non-positive width", VALID_HEAD + "base: {model: {width: 0}}\n",
                        "base.model.width", "a number in [0.25, 8]"),
                Arguments.of("missing data path", VALID_HEAD + "base: {data: {path: /no/such/dir/for/selab}}\n",
                        "base.data.path", "an existing directory"),
                // name and seeds
                Arguments.of("missing name", "description: no name\n", "name", "[a-z0-9][a-z0-9_-]*"),
                Arguments.of("name with spaces", "name: Quick Test\n", "name", "[a-z0-9][a-z0-9_-]*"),
                Arguments.of("empty seeds", VALID_HEAD + "seeds: []\n",
                        "seeds", "a non-empty list of distinct integers >= 0"),
                Arguments.of("duplicate seed", VALID_HEAD + "seeds: [1, 2, 1]\n",
                        "seeds[2]", "a non-empty list of distinct integers >= 0"),
                Arguments.of("negative seed", VALID_HEAD + "seeds: [-1]\n",
                        "seeds[0]", "a non-empty list of distinct integers >= 0"),
                Arguments.of("string seed", VALID_HEAD + "seeds: [a]\n",
                        "seeds[0]", "a non-empty list of distinct integers >= 0"),
                // axes
                Arguments.of("empty axis", VALID_HEAD + "axes: {model.se.ratio: []}\n",
                        "axes.model.se.ratio", "a non-empty list of values for model.se.ratio"),
                Arguments.of("unknown axis path", VALID_HEAD + "axes: {model.se.ration: [2, 4]}\n",
                        "axes.model.se.ration", "ratio|squeeze|gate|placement|stages|fc_bias"),
                Arguments.of("bad value on an axis", VALID_HEAD + "axes: {model.se.ratio: [4, 0]}\n",
                        "axes.model.se.ratio", "integer 1..1024"),
                Arguments.of("wrong type on an axis", VALID_HEAD + "axes: {recipe.epochs: [1, two]}\n",
                        "axes.recipe.epochs", "integer >= 1"),
                // variants
                Arguments.of("duplicate variant name", VALID_HEAD + "variants:\n  se: {}\n  se: {model.se.ratio: 4}\n",
                        "variants.se", "each key at most once per mapping"),
                Arguments.of("unknown variant edit path", VALID_HEAD + "variants: {v: {model.se.gat: tanh}}\n",
                        "variants.v.model.se.gat", "ratio|squeeze|gate|placement|stages|fc_bias"),
                Arguments.of("bad value in a variant", VALID_HEAD + "variants: {tanh: {model.se.gate: tahn}}\n",
                        "variants.tanh.model.se.gate", "sigmoid|tanh|relu"),
                Arguments.of("unknown key inside a variant's mapping value", VALID_HEAD + "variants: {v: {model.se: {gat: tanh}}}\n",
                        "variants.v.model.se.gat", "ratio|squeeze|gate|placement|stages|fc_bias"),
                Arguments.of("device edited by a variant", VALID_HEAD + "variants: {v: {device: cpu}}\n",
                        "variants.v.device", "a config path under model|data|recipe"),
                // exclusions
                Arguments.of("exclusion on an unknown axis", VALID_HEAD + "axes: {model.se.ratio: [2, 4]}\nexclude: [{model.width: 2}]\n",
                        "exclude[0].model.width", "variant|model.se.ratio"),
                Arguments.of("exclusion of an unknown variant", VALID_HEAD + "variants: {se: {}}\nexclude: [{variant: sr}]\n",
                        "exclude[0].variant", "se"),
                Arguments.of("exclusion of a value not on the axis", VALID_HEAD + "axes: {model.se.ratio: [2, 4]}\nexclude: [{model.se.ratio: 8}]\n",
                        "exclude[0].model.se.ratio", "2|4"),
                // tables
                Arguments.of("table row of an unknown variant", VALID_HEAD + "variants: {original: {model.se: none}, se: {}}\n"
                                + "tables: [{name: a, rows: [{variant: se}, {variant: sr}]}]\n",
                        "tables[0].rows[1].variant", "original|se"),
                Arguments.of("table row naming a variant without its axis value", VALID_HEAD
                                + "axes: {model.se.ratio: [2, 4]}\ntables: [{name: a, rows: [{variant: base}]}]\n",
                        "tables[0].rows[0].variant", "base[ratio=2]|base[ratio=4]"),
                Arguments.of("unknown table column", VALID_HEAD + "tables: [{name: a, rows: [{variant: base}], columns: [top1, params]}]\n",
                        "tables[0].columns[0]", "top1_err|top5_err|oracle_top1_err|oracle_top5_err|train_loss|test_loss|wall_seconds|images_per_s|params|gflops"),
                Arguments.of("unknown claim kind", VALID_HEAD + "variants: {a: {}, b: {model.se: none}}\n"
                                + "tables: [{name: t, rows: [{variant: a}], claims: [{kind: better, variants: [a, b]}]}]\n",
                        "tables[0].claims[0].kind", "order|similar"),
                Arguments.of("claim of an unknown variant", VALID_HEAD + "variants: {a: {}, b: {model.se: none}}\n"
                                + "tables: [{name: t, rows: [{variant: a}], claims: [{kind: order, variants: [a, c]}]}]\n",
                        "tables[0].claims[0].variants[1]", "a|b"),
                Arguments.of("duplicate table names", VALID_HEAD
                                + "tables: [{name: t, rows: [{variant: base}]}, {name: t, rows: [{variant: base}]}]\n",
                        "tables[1].name", "a name not used by another table"),
                Arguments.of("unknown table key", VALID_HEAD + "tables: [{name: t, rows: [{variant: base}], colums: [params]}]\n",
                        "tables[0].colums", "name|title|paper_table|baseline|rows|columns|claims"),
                // include and syntax
                Arguments.of("missing include", VALID_HEAD + "include: common/nope.yaml\n",
                        "include", "a path to an existing .yaml|.yml|.json file"),
                Arguments.of("YAML syntax error", VALID_HEAD + "base:\n  model: {arch: [resnet-20}\n",
                        "line 3", "well-formed YAML"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void rejectsMalformedSpec(String what, String yaml, String path, String allowed) throws IOException {
        Path file = write("experiments/x.yaml", yaml);
        SpecException e = assertThrows(SpecException.class, () -> SpecLoader.load(file));
        assertHasError(e, file.toString(), path, allowed);
    }

    @Test
    void errorLineHasTheDocumentedFormat() throws IOException {
        Path file = write("experiments/x.yaml", "name: t\nbase: {model: {se: {gate: swish}}}\n");
        SpecException e = assertThrows(SpecException.class, () -> SpecLoader.load(file));
        assertEquals(file + ": base.model.se.gate: 'swish' is not allowed; allowed: sigmoid|tanh|relu", e.getMessage());
        assertEquals(new SpecError(file.toString(), "base.model.se.gate", "swish", "'swish' is not allowed", "sigmoid|tanh|relu"),
                e.errors().get(0));
    }

    @Test
    void collectsEveryErrorAndPrintsOnePerLine() throws IOException {
        Path file = write("experiments/x.yaml", """
                name: t
                typo: 1
                base:
                  model: {se: {gate: swish, ratio: 0}}
                  recipe: {lr: -1}
                seeds: [0, 0]
                variants:
                  a: {model.se.squeeze: median}
                """);
        SpecException e = assertThrows(SpecException.class, () -> SpecLoader.load(file));
        List<String> paths = e.errors().stream().map(SpecError::path).toList();
        // Config errors come in the config's key order (ratio before gate), the rest in file order.
        assertEquals(List.of("typo", "base.model.se.ratio", "base.model.se.gate", "base.recipe.lr", "seeds[1]",
                "variants.a.model.se.squeeze"), paths);
        assertEquals(6, e.getMessage().split("\n").length);
    }

    @Test
    void errorInAnIncludedFileNamesThatFile() throws IOException {
        Path common = write("experiments/common/fashion.yaml", "base: {model: {se: {gate: swish}}}\n");
        Path file = write("experiments/x.yaml", "name: t\ninclude: common/fashion.yaml\n");
        SpecException e = assertThrows(SpecException.class, () -> SpecLoader.load(file));
        assertHasError(e, common.toString(), "base.model.se.gate", "sigmoid|tanh|relu");
    }

    @Test
    void includeCycleIsAnError() throws IOException {
        write("experiments/a.yaml", "include: x.yaml\n");
        Path file = write("experiments/x.yaml", "name: t\ninclude: a.yaml\n");
        SpecException e = assertThrows(SpecException.class, () -> SpecLoader.load(file));
        assertHasError(e, dir.resolve("experiments/a.yaml").toString(), "include", "an include chain without cycles");
    }

    @Test
    void jsonSpecsAreValidatedAlike() throws IOException {
        Path file = write("experiments/x.json", "{\"name\": \"t\", \"base\": {\"recipe\": {\"schedule\": \"poly\"}}}");
        SpecException e = assertThrows(SpecException.class, () -> SpecLoader.load(file));
        assertHasError(e, file.toString(), "base.recipe.schedule", "step|multistep|cosine|constant");

        Path broken = write("experiments/y.json", "{\"name\": \"t\",\n \"base\": }");
        e = assertThrows(SpecException.class, () -> SpecLoader.load(broken));
        assertHasError(e, broken.toString(), "line 2", "well-formed JSON");
    }

    @Test
    void unsupportedExtensionAndMissingFile() throws IOException {
        Path txt = write("experiments/x.txt", "name: t\n");
        assertHasError(assertThrows(SpecException.class, () -> SpecLoader.load(txt)), txt.toString(), "(file)", ".yaml|.yml|.json");
        Path missing = dir.resolve("experiments/none.yaml");
        assertHasError(assertThrows(SpecException.class, () -> SpecLoader.load(missing)), missing.toString(), "(file)", ".yaml|.yml|.json");
    }

    @Test
    void excludingEverythingIsAnError() throws IOException {
        Path file = write("experiments/x.yaml", "name: t\naxes: {model.se.ratio: [2]}\nexclude: [{model.se.ratio: 2}]\n");
        SpecException e = assertThrows(SpecException.class, () -> SpecLoader.load(file));
        assertHasError(e, file.toString(), "exclude", "exclusions that leave at least one variant");
    }

    private Path write(String relative, String text) throws IOException {
        Path file = dir.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
        return file;
    }

    private static void assertHasError(SpecException e, String file, String path, String allowed) {
        for (SpecError err : e.errors()) {
            if (err.file().equals(file) && err.path().equals(path)) {
                assertTrue(err.allowed() != null && err.allowed().contains(allowed),
                        "allowed of " + err + " should contain " + allowed);
                assertTrue(e.getMessage().contains(file + ": " + path + ": "), e.getMessage());
                assertTrue(e.getMessage().contains("allowed: " + err.allowed()), e.getMessage());
                return;
            }
        }
        fail("no error for " + file + " at " + path + "; got:\n" + e.getMessage());
    }
}
