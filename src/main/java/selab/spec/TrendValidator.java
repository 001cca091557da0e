package selab.spec;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads a spec's {@code trends} into {@link TrendSpec}s: names that are file stems not used by a table, an
 * {@code x} that is a numeric config path, and pairs of variants the plan runs.
 */
final class TrendValidator {
    private static final List<String> TREND_KEYS = List.of("name", "title", "x", "series");
    private static final List<String> SERIES_KEYS = List.of("label", "pairs");
    private static final String PAIRS_ALLOWED = "a non-empty list of [variant, baseline] pairs of this spec's variants";

    private final String file;
    private final List<String> variantNames;
    private final Problems problems;

    private TrendValidator(String file, List<String> variantNames, Problems problems) {
        this.file = file;
        this.variantNames = variantNames;
        this.problems = problems;
    }

    /** The trends of {@code node} (null = none); names must differ from {@code tableNames}; problems are added. */
    static List<TrendSpec> read(String file, JsonNode node, List<String> variantNames, List<String> tableNames,
            Problems problems) {
        return new TrendValidator(file, variantNames, problems).readAll(node, tableNames);
    }

    private List<TrendSpec> readAll(JsonNode node, List<String> tableNames) {
        List<TrendSpec> out = new ArrayList<>();
        if (node == null || node.isNull()) {
            return out;
        }
        if (!node.isArray()) {
            problems.add(file, "trends", node, "'" + JsonValues.show(node) + "' is not a list",
                    "a list of mappings with keys " + String.join("|", TREND_KEYS));
            return out;
        }
        Set<String> names = new HashSet<>(tableNames);
        for (int i = 0; i < node.size(); i++) {
            String path = "trends[" + i + "]";
            JsonNode t = node.get(i);
            if (!isMapping(path, t, TREND_KEYS)) {
                continue;
            }
            String name = text(path + ".name", t.get("name"));
            if (name != null && (!SpecLoader.NAME.matcher(name).matches()
                    || name.equals(TableValidator.RESERVED_NAME) || name.endsWith(TableSpec.CROSS_CHECK_SUFFIX))) {
                problems.notAllowed(file, path + ".name", t.get("name"), SpecLoader.NAME_ALLOWED + " (a file stem), not "
                        + TableValidator.RESERVED_NAME + ", not ending in '" + TableSpec.CROSS_CHECK_SUFFIX + "'");
                name = null;
            } else if (name != null && !names.add(name)) {
                problems.add(file, path + ".name", t.get("name"), "'" + name + "' is already a table's or trend's name",
                        "a name no table or other trend has");
                name = null;
            }
            JsonNode titleNode = t.get("title");
            String title = titleNode != null && titleNode.isTextual() ? titleNode.textValue() : null;
            String x = text(path + ".x", t.get("x"));
            if (x != null) {
                ConfigSchema.Field f = ConfigSchema.field(x);
                if (f == null || (f.kind() != ConfigSchema.Kind.INTEGER && f.kind() != ConfigSchema.Kind.NUMBER)) {
                    problems.add(file, path + ".x", t.get("x"), "'" + x + "' is not a numeric config path",
                            "a dotted path to a number, e.g. recipe.epochs or model.se.ratio");
                    x = null;
                }
            }
            List<TrendSpec.Series> series = series(path + ".series", t.get("series"));
            if (name != null && x != null && !series.isEmpty()) {
                out.add(new TrendSpec(name, title, x, series));
            }
        }
        return out;
    }

    private List<TrendSpec.Series> series(String path, JsonNode node) {
        List<TrendSpec.Series> out = new ArrayList<>();
        if (node == null || !node.isArray() || node.isEmpty()) {
            problems.add(file, path, node, node == null ? "missing required key 'series'" : "'" + JsonValues.show(node)
                    + "' is not a non-empty list", "a non-empty list of mappings with keys " + String.join("|", SERIES_KEYS));
            return out;
        }
        for (int i = 0; i < node.size(); i++) {
            String sp = path + "[" + i + "]";
            JsonNode s = node.get(i);
            if (!isMapping(sp, s, SERIES_KEYS)) {
                continue;
            }
            String label = text(sp + ".label", s.get("label"));
            JsonNode pairs = s.get("pairs");
            List<TrendSpec.Pair> out2 = new ArrayList<>();
            if (pairs == null || !pairs.isArray() || pairs.isEmpty()) {
                problems.add(file, sp + ".pairs", pairs, pairs == null ? "missing required key 'pairs'"
                        : "'" + JsonValues.show(pairs) + "' is not a non-empty list", PAIRS_ALLOWED);
                continue;
            }
            for (int j = 0; j < pairs.size(); j++) {
                JsonNode p = pairs.get(j);
                String pp = sp + ".pairs[" + j + "]";
                if (!p.isArray() || p.size() != 2 || !isVariant(p.get(0)) || !isVariant(p.get(1))) {
                    problems.add(file, pp, p, "'" + JsonValues.show(p) + "' is not a pair of this spec's variants",
                            "[variant, baseline] with each one of " + String.join("|", variantNames));
                    continue;
                }
                out2.add(new TrendSpec.Pair(p.get(0).textValue(), p.get(1).textValue()));
            }
            if (label != null && out2.size() == pairs.size()) {
                out.add(new TrendSpec.Series(label, out2));
            }
        }
        return out;
    }

    private boolean isVariant(JsonNode n) {
        return n != null && n.isTextual() && variantNames.contains(n.textValue());
    }

    private String text(String path, JsonNode node) {
        return NodeChecks.text(file, problems, path, node, true, "a string");
    }

    private boolean isMapping(String path, JsonNode node, List<String> keys) {
        return NodeChecks.isMapping(file, problems, path, node, keys);
    }
}
