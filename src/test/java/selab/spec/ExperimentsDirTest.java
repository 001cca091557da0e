package selab.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import selab.plan.Plan;
import selab.plan.Planner;
import selab.plan.Variant;
import selab.report.PaperTables;

/**
 * Every spec shipped under experiments/ loads, expands and names real paper rows, so a broken spec
 * fails the build; and the proxy ablation suite (Tables 10-16) keeps the properties its budget relies
 * on: shared rows are one run, and the distinct runs fit the two-hour CPU budget.
 */
class ExperimentsDirTest {
    /** Surefire runs in the project root. Sub-directories (common/) hold includes, not specs. */
    private static final Path DIR = Path.of("experiments");
    private static final List<String> PROXY_SUITE = List.of("table10-ratio", "table11-squeeze", "table12-gate",
            "table13-stages", "table14-placement", "table15-conv3x3", "table16-nosqueeze");

    /** Hand count (see common/proxy.yaml): 17 distinct configs x 3 seeds. */
    private static final int PROXY_DISTINCT_RUNS = 17 * 3;
    /** Throughput measured on this 2-core machine for ResNet-20 at 28x28, batch 128. */
    private static final double TRAIN_IMAGES_PER_S = 450;
    private static final double EVAL_IMAGES_PER_S = 3 * TRAIN_IMAGES_PER_S;
    private static final int FASHION_MNIST_TEST = 10_000;
    private static final double BUDGET_S = 2 * 3600;

    private static List<Path> specFiles() throws IOException {
        try (Stream<Path> s = Files.list(DIR)) {
            return s.filter(Files::isRegularFile)
                    .filter(p -> p.getFileName().toString().matches(".*\\.(yaml|yml|json)"))
                    .sorted().toList();
        }
    }

    private static Map<String, ExperimentSpec> loadAll() throws IOException {
        Map<String, ExperimentSpec> out = new LinkedHashMap<>();
        for (Path f : specFiles()) {
            ExperimentSpec spec = SpecLoader.load(f); // throws SpecException naming every problem
            out.put(spec.name(), spec);
        }
        return out;
    }

    @Test
    void everySpecLoadsExpandsAndNamesRealPaperRows() throws IOException {
        List<Path> files = specFiles();
        assertTrue(files.size() >= PROXY_SUITE.size() + 2, "expected the suite's specs in " + DIR.toAbsolutePath());
        PaperTables paper = PaperTables.load();
        for (Path f : files) {
            ExperimentSpec spec = SpecLoader.load(f);
            Plan plan = Planner.expand(spec);
            assertFalse(plan.variants().isEmpty(), f + ": plan is empty");
            for (TableSpec t : spec.tables()) {
                for (TableSpec.Row r : t.rows()) {
                    if (t.paperTable() != null && r.paper() != null) {
                        paper.require(t.paperTable(), r.paper(), f + " table " + t.name() + " row " + r.variant());
                    }
                }
            }
        }
    }

    @Test
    void suiteTablesListEveryPaperRowInThePapersOrder() throws IOException {
        Map<String, ExperimentSpec> specs = loadAll();
        PaperTables paper = PaperTables.load();
        List<String> suite = new ArrayList<>(PROXY_SUITE);
        suite.add("imagenet-ablation");
        for (String name : suite) {
            ExperimentSpec spec = specs.get(name);
            assertTrue(spec != null, "missing spec " + name);
            assertEquals(name, stem(spec.file()), "spec name must be its file stem");
            TableSpec t = spec.tables().get(0);
            List<String> rows = t.rows().stream().map(TableSpec.Row::paper).toList();
            assertEquals(paper.variantsOf(t.paperTable()), rows, name + ": rows vs paper Table " + t.paperTable());
            assertEquals(List.of("top1_err", "top5_err", "params", "gflops"), t.columns(), name);
            assertFalse(t.claims().isEmpty(), name + ": the paper's claims should be checked");
        }
    }

    @Test
    void proxySuiteSharesTheStandardAndPlainRunsAcrossTables() throws IOException {
        Map<String, ExperimentSpec> specs = loadAll();
        // Variant name of the standard SE (r=16, avg, sigmoid, standard, all stages) row in each spec.
        Map<String, String> standard = Map.of("table10-ratio", "r16", "table11-squeeze", "avg",
                "table12-gate", "sigmoid", "table13-stages", "all", "table14-placement", "se",
                "table15-conv3x3", "se", "table16-nosqueeze", "se");
        Map<String, String> plain = Map.of("table10-ratio", "original", "table13-stages", "none",
                "table16-nosqueeze", "original");
        assertEquals(1, idsOf(specs, standard).size(), "standard SE must be one run set: " + idsOf(specs, standard));
        assertEquals(1, idsOf(specs, plain).size(), "no-SE must be one run set: " + idsOf(specs, plain));
        for (String s : PROXY_SUITE) {
            assertEquals(List.of(0L, 1L, 2L), specs.get(s).seeds(), s + " seeds");
        }
    }

    @Test
    void proxySuiteFitsTheTwoHourCpuBudget() throws IOException {
        Map<String, ExperimentSpec> specs = loadAll();
        Map<String, Variant> distinct = new LinkedHashMap<>();
        for (String s : PROXY_SUITE) {
            for (Variant v : Planner.expand(specs.get(s)).variants()) {
                distinct.putIfAbsent(v.id(), v);
            }
        }
        assertEquals(PROXY_DISTINCT_RUNS, distinct.size(), "distinct runs across the proxy suite");
        double seconds = 0;
        for (Variant v : distinct.values()) {
            RunConfig c = v.config();
            assertEquals("fashion-mnist", c.data().source());
            assertEquals("resnet-20", c.model().arch());
            int train = c.data().trainSubset();
            int test = c.data().testSubset() == null ? FASHION_MNIST_TEST : c.data().testSubset();
            seconds += c.recipe().epochs() * (train / TRAIN_IMAGES_PER_S + test / EVAL_IMAGES_PER_S);
        }
        // 51 runs x 4 epochs x (10000/450 + 10000/1350) s = 6044 s; leave room for SE overhead.
        assertTrue(seconds <= 0.9 * BUDGET_S, "proxy suite needs " + Math.round(seconds) + " s at plain speed");
    }

    private static Set<Set<String>> idsOf(Map<String, ExperimentSpec> specs, Map<String, String> variantBySpec) {
        Set<Set<String>> out = new LinkedHashSet<>();
        variantBySpec.forEach((spec, variant) -> {
            List<Variant> runs = Planner.expand(specs.get(spec)).byName().get(variant);
            assertTrue(runs != null, spec + " has no variant " + variant);
            out.add(new LinkedHashSet<>(runs.stream().map(Variant::id).toList()));
        });
        return out;
    }

    private static String stem(Path file) {
        String n = file.getFileName().toString();
        return n.substring(0, n.lastIndexOf('.'));
    }
}
