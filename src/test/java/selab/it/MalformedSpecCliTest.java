package selab.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Malformed specs through the real CLI: every verb that takes a spec exits with 2, prints one message naming
 * the file, the field and what is allowed, and leaves no trace: no results directory, no queue.db, no reports.
 */
class MalformedSpecCliTest {
    private static final List<String> VERBS = List.of("run", "plan", "status", "retry", "report");

    @TempDir
    Path tmp;

    /** file name, content, field the message must name, text of the allowed values it must contain. */
    static Stream<Arguments> malformed() {
        String h = "name: t\n";
        return Stream.of(
                Arguments.of("unknown top-level key", "x.yaml", h + "bogus: 1\n", "bogus",
                        "name|description|include|base|seeds|axes|variants|exclude|tables"),
                Arguments.of("unknown model key", "x.yaml", h + "base: {model: {depth: 20}}\n", "base.model.depth", "arch|width|se"),
                Arguments.of("bad gate", "x.yaml", h + "base: {model: {se: {gate: swish}}}\n", "base.model.se.gate",
                        "sigmoid|tanh|relu"),
                Arguments.of("bad squeeze", "x.yaml", h + "base: {model: {se: {squeeze: mean}}}\n", "base.model.se.squeeze", "avg|max"),
                Arguments.of("bad placement", "x.yaml", h + "base: {model: {se: {placement: after}}}\n",
                        "base.model.se.placement", "standard|pre|post|identity|conv3x3|nosqueeze"),
                Arguments.of("unknown arch", "x.yaml", h + "base: {model: {arch: resnet-21}}\n", "base.model.arch", "resnet-20|"),
                Arguments.of("ratio zero", "x.yaml", h + "base: {model: {se: {ratio: 0}}}\n", "base.model.se.ratio", "1..1024"),
                Arguments.of("stage the arch lacks", "x.yaml", h + "base: {model: {arch: resnet-20, se: {stages: [2, 5]}}}\n",
                        "base.model.se.stages", "[2, 3, 4]"),
                Arguments.of("unknown data source", "x.yaml", h + "base: {data: {source: imagenet}}\n", "base.data.source",
                        "synthetic"),
                Arguments.of("wrong type: string epochs", "x.yaml", h + "base: {recipe: {epochs: three}}\n",
                        "base.recipe.epochs", "integer >= 1"),
                Arguments.of("wrong type: fractional batch size", "x.yaml", h + "base: {recipe: {batch_size: 12.5}}\n",
                        "base.recipe.batch_size", "integer >= 1"),
                Arguments.of("wrong type: boolean", "x.yaml", h + "base: {recipe: {nesterov: maybe}}\n",
                        "base.recipe.nesterov", "true|false"),
                Arguments.of("wrong type: list for mapping", "x.yaml", h + "base: {model: [resnet-20]}\n", "base.model", "mapping"),
                Arguments.of("zero learning rate", "x.yaml", h + "base: {recipe: {lr: 0}}\n", "base.recipe.lr", "number > 0"),
                Arguments.of("missing data path", "x.yaml", h + "base: {data: {source: imagefolder, path: /no/such/selab/dir}}\n",
                        "base.data.path", "an existing directory"),
                Arguments.of("missing name", "x.yaml", "seeds: [0]\n", "name", "[a-z0-9][a-z0-9_-]*"),
                // Names that once passed, were queued, and then failed every worker: results/<name>/ refused them.
                Arguments.of("name starting with a dash", "x.yaml", "name: '-x'\n", "name", "[a-z0-9][a-z0-9_-]*"),
                Arguments.of("name of one underscore", "x.yaml", "name: _\n", "name", "[a-z0-9][a-z0-9_-]*"),
                // Values that once were accepted and failed (or trained nonsense) at training time.
                Arguments.of("width that rounds every layer to one channel", "x.yaml", h + "base: {model: {width: 0.001}}\n",
                        "base.model.width", "a number in [0.25, 8]"),
                Arguments.of("image side of one pixel", "x.yaml", h + "base: {data: {source: synthetic, image_size: 1}}\n",
                        "base.data.image_size", "integer 3..1024 for resnet-20"),
                Arguments.of("crop padding of a million pixels", "x.yaml",
                        h + "base: {data: {augment: {crop_padding: 1000000}}}\n", "base.data.augment.crop_padding",
                        "integer 0..28"),
                Arguments.of("train subset written 1e8", "x.yaml", h + "base: {data: {train_subset: 1e8}}\n",
                        "base.data.train_subset", "integer >= 1"),
                Arguments.of("a grid of a million runs", "x.yaml", h + "axes: {recipe.epochs: " + range(100)
                        + ", recipe.batch_size: " + range(100) + ", model.se.ratio: " + range(100) + "}\n", "axes",
                        "at most 10,000 runs"),
                Arguments.of("a spec of over a mebibyte", "x.yaml", h + "# " + "x".repeat(1 << 20) + "\n", "(file)",
                        "at most 1,048,576 bytes"),
                Arguments.of("empty seeds", "x.yaml", h + "seeds: []\n", "seeds", "non-empty list"),
                Arguments.of("duplicate seed", "x.yaml", h + "seeds: [1, 2, 1]\n", "seeds[2]", "distinct"),
                Arguments.of("empty axis", "x.yaml", h + "axes: {model.se.ratio: []}\n", "axes.model.se.ratio", "non-empty list"),
                Arguments.of("unknown axis path", "x.yaml", h + "axes: {model.se.ration: [2, 4]}\n", "axes.model.se.ration",
                        "ratio|squeeze|gate"),
                Arguments.of("duplicate variant", "x.yaml", h + "variants:\n  se: {}\n  se: {model.se.ratio: 4}\n", "variants.se",
                        "each key at most once"),
                Arguments.of("bad value in a variant", "x.yaml", h + "variants: {tanh: {model.se.gate: tahn}}\n",
                        "variants.tanh.model.se.gate", "sigmoid|tanh|relu"),
                Arguments.of("exclusion of an unknown variant", "x.yaml", h + "variants: {se: {}}\nexclude: [{variant: sr}]\n",
                        "exclude[0].variant", "se"),
                Arguments.of("table row of an unknown variant", "x.yaml",
                        h + "variants: {original: {model.se: none}, se: {}}\ntables: [{name: a, rows: [{variant: sr}]}]\n",
                        "tables[0].rows[0].variant", "original|se"),
                Arguments.of("unknown table column", "x.yaml", h + "tables: [{name: a, rows: [{variant: base}], columns: [top1]}]\n",
                        "tables[0].columns[0]", "top1_err|top5_err"),
                Arguments.of("bad YAML", "x.yaml", h + "base:\n  model: {arch: [resnet-20}\n", "line 3", "well-formed YAML"),
                Arguments.of("bad JSON", "x.json", "{\"name\": \"t\",\n \"seeds\": [0,,]}\n", "line 2", "well-formed JSON"),
                Arguments.of("JSON spec with a bad gate", "x.json", "{\"name\": \"t\", \"base\": {\"model\": {\"se\": {\"gate\": \"x\"}}}}\n",
                        "base.model.se.gate", "sigmoid|tanh|relu"),
                Arguments.of("missing include", "x.yaml", h + "include: common/nope.yaml\n", "include", ".yaml|.yml|.json"),
                Arguments.of("empty file", "x.yaml", "", "(file)", "a mapping"),
                Arguments.of("unsupported extension", "x.txt", h, "(file)", ".yaml|.yml|.json"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void everyVerbRejectsTheSpecWithExitTwoAndWritesNothing(String what, String file, String content, String field,
            String allowed) throws IOException {
        Path spec = tmp.resolve("specs").resolve(file);
        Files.createDirectories(spec.getParent());
        Files.writeString(spec, content);
        for (String verb : VERBS) {
            Cli.Result r = Cli.run(args(verb, spec));
            String ctx = what + ", selab " + verb + ":\n" + r.all();
            assertEquals(2, r.exit(), ctx);
            assertTrue(r.err().startsWith("selab " + verb + ": " + spec + ": "), ctx);
            assertTrue(r.err().contains(spec + ": " + field), "message names the field " + field + "; " + ctx);
            assertTrue(r.err().contains("allowed: ") && r.err().contains(allowed), "message says what is allowed; " + ctx);
            assertFalse(r.err().contains("\tat "), "no stack trace; " + ctx);
            assertFalse(r.err().contains("Exception"), "no exception class names; " + ctx);
            assertTrue(r.out().isEmpty(), "nothing on stdout; " + ctx);
            assertNothingWritten(ctx);
        }
    }

    @Test
    void aSpecThatDoesNotExistIsBadInputToo() throws IOException {
        Path spec = tmp.resolve("specs/absent.yaml");
        for (String verb : VERBS) {
            Cli.Result r = Cli.run(args(verb, spec));
            assertEquals(2, r.exit(), r.all());
            assertTrue(r.err().contains(spec.toString()) && r.err().contains("no such spec file"), r.all());
            assertNothingWritten(verb);
        }
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @CsvSource(delimiter = ';', value = {
        "run;--device;tpu;auto|cpu|gpu",
        "run;--max-attempts;0;>= 1",
        "run;--stale-after;0;>= 1",
        "worker;--device;tpu;auto|cpu|gpu",
        "worker;--stale-after;-5;>= 1",
    })
    void badWorkFlagWithAValidSpecIsExitTwoAndQueuesNothing(String verb, String flag, String value, String allowed)
            throws IOException {
        Path spec = Sweeps.spec(Files.createDirectories(tmp.resolve("specs")), "ok.yaml", "ok", 1, List.of(0), "  se: {}\n", "");
        List<String> a = new ArrayList<>(List.of(verb));
        if (verb.equals("run")) {
            a.add(spec.toString());
        }
        a.addAll(List.of("--results", tmp.resolve("results").toString(), "--reports", tmp.resolve("reports").toString(),
                flag, value));
        Cli.Result r = Cli.run(a.toArray(String[]::new));
        assertEquals(2, r.exit(), r.all());
        // A value outside a closed list (--device) is refused by picocli while parsing; a range by the verb.
        assertTrue(r.err().startsWith("selab " + verb + ": " + flag + " ") || r.err().startsWith("selab " + verb + ": " + flag + ":")
                || r.err().startsWith("selab: Invalid value for option '" + flag + "'"), r.all());
        assertTrue(r.err().contains(value) && r.err().contains(allowed), r.all());
        assertNothingWritten(r.all());
    }

    @Test
    void aValidSpecPassesTheSameChecks() throws IOException {
        // The control case: the same call with a valid spec does create the queue, so the checks above can fail.
        // (status and retry create no queue even for a valid spec: issue 11.)
        Path spec = Sweeps.spec(tmp, "ok.yaml", "ok", 1, List.of(0), "  se: {}\n", "");
        Cli.Result r = Cli.run(args("run", spec));
        assertEquals(0, r.exit(), r.all());
        assertTrue(Files.isRegularFile(tmp.resolve("results/queue.db")));
    }

    /** [1, 2, ..., n] */
    private static String range(int n) {
        return java.util.stream.IntStream.rangeClosed(1, n).boxed().toList().toString();
    }

    private String[] args(String verb, Path spec) {
        List<String> a = new ArrayList<>(List.of(verb, spec.toString()));
        if (!verb.equals("plan")) {
            a.addAll(List.of("--results", tmp.resolve("results").toString(), "--reports", tmp.resolve("reports").toString()));
        }
        return a.toArray(String[]::new);
    }

    /** Only the spec folder (if any) is under the temp dir: no results/, queue.db or reports/ anywhere. */
    private void assertNothingWritten(String ctx) throws IOException {
        try (Stream<Path> s = Files.list(tmp)) {
            List<String> names = s.map(p -> p.getFileName().toString()).filter(n -> !n.equals("specs")).toList();
            assertEquals(List.of(), names, "written beside the spec; " + ctx);
        }
        try (Stream<Path> s = Files.walk(tmp)) {
            assertEquals(List.of(), s.filter(p -> p.getFileName().toString().startsWith("queue.db")).toList(), ctx);
        }
    }
}
