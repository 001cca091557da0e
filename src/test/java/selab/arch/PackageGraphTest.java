package selab.arch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps selab's packages a DAG that follows the data flow: each package may use only the packages
 * listed before it. Reads the sources (imports and fully qualified names in code), so a new edge
 * that closes a cycle fails here before it compiles into a tangle.
 */
class PackageGraphTest {

    /**
     * Lowest first. The data flow (spec → plan → queue → work → results → report) with the layers it uses
     * below it: train sits under spec because spec assembles train's config record (README "Architecture").
     */
    static final List<String> LAYERS = List.of(
            "io",        // atomic file writes
            "model",     // SE-ResNet, Fsq/Fex/Fscale, Params/FLOPs
            "data",      // readers, splits, batches
            "train",     // the ML loop: Trainer, Sgd, schedules, losses, checkpoints
            "spec",      // experiment specs and run configs
            "peer",      // the PyTorch peer: its script, the python that runs it, a run trained by it
            "plan",      // spec → variants and run ids
            "results",   // run records, provenance, fingerprints
            "queue",     // the persistent run queue
            "work",      // orchestration: workers claim, train and record runs
            "analysis",  // Fig. 6 excitation analysis
            "report",    // tables, claims, plots
            "bench",     // throughput benchmarks
            "cli");      // the verbs

    private static final Path MAIN = Path.of("src/main/java/selab");
    private static final Pattern REFERENCE = Pattern.compile("\\bselab\\.([a-z]+)\\.[A-Za-z*]");

    @Test
    void everyPackageUsesOnlyPackagesBelowIt() {
        Map<String, Set<String>> graph = packageGraph(MAIN);
        assertEquals(new TreeSet<>(LAYERS), graph.keySet(),
                "every package under selab/ must have a place in LAYERS (and every layer a package)");
        assertEquals(List.of(), upwardEdges(graph, LAYERS));
    }

    @Test
    void theCheckFindsACycle() {
        // spec → train → results → spec, the cycle this test was written against
        Map<String, Set<String>> cyclic = Map.of(
                "spec", Set.of("train"), "train", Set.of("results"), "results", Set.of("spec"));
        List<String> order = List.of("train", "spec", "results");
        assertEquals(List.of("train -> results"), upwardEdges(cyclic, order));
        assertTrue(hasCycle(cyclic));
        assertTrue(!hasCycle(packageGraph(MAIN)));
    }

    static List<String> upwardEdges(Map<String, Set<String>> graph, List<String> order) {
        List<String> bad = new ArrayList<>();
        new TreeMap<>(graph).forEach((from, tos) -> new TreeSet<>(tos).forEach(to -> {
            if (order.indexOf(to) >= order.indexOf(from)) {
                bad.add(from + " -> " + to);
            }
        }));
        return bad;
    }

    static boolean hasCycle(Map<String, Set<String>> graph) {
        Map<String, Integer> state = new TreeMap<>();
        for (String node : graph.keySet()) {
            if (visit(node, graph, state)) {
                return true;
            }
        }
        return false;
    }

    /** Depth-first search: 1 = on the current path, 2 = finished. */
    private static boolean visit(String node, Map<String, Set<String>> graph, Map<String, Integer> state) {
        Integer s = state.get(node);
        if (s != null) {
            return s == 1;
        }
        state.put(node, 1);
        for (String next : graph.getOrDefault(node, Set.of())) {
            if (visit(next, graph, state)) {
                return true;
            }
        }
        state.put(node, 2);
        return false;
    }

    static Map<String, Set<String>> packageGraph(Path root) {
        Map<String, Set<String>> graph = new TreeMap<>();
        try (Stream<Path> dirs = Files.list(root)) {
            for (Path dir : dirs.filter(Files::isDirectory).toList()) {
                String pkg = dir.getFileName().toString();
                Set<String> deps = new TreeSet<>();
                try (Stream<Path> files = Files.walk(dir)) {
                    for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                        Matcher m = REFERENCE.matcher(code(Files.readString(file)));
                        while (m.find()) {
                            deps.add(m.group(1));
                        }
                    }
                }
                deps.remove(pkg);
                graph.put(pkg, deps);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return graph;
    }

    /** The source without comments, string and char literals, whose mentions of a class are not uses. */
    static String code(String source) {
        StringBuilder out = new StringBuilder(source.length());
        int i = 0;
        while (i < source.length()) {
            char c = source.charAt(i);
            if (source.startsWith("/*", i)) {
                int close = source.indexOf("*/", i + 2);
                i = close < 0 ? source.length() : close + 2;
                out.append(' ');
            } else if (source.startsWith("//", i)) {
                int eol = source.indexOf('\n', i);
                i = eol < 0 ? source.length() : eol;
            } else if (c == '"' || c == '\'') {
                int j = i + 1;
                while (j < source.length() && source.charAt(j) != c) {
                    j += source.charAt(j) == '\\' ? 2 : 1;
                }
                i = j + 1;
                out.append(c).append(c);
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString().replaceAll("(?m)^package [^;]*;", " ");
    }
}
