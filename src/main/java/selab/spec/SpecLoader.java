package selab.spec;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import selab.model.Keyed;
import selab.train.DevicePreference;

/**
 * Loads an experiment spec (YAML, or JSON by extension) and validates all of it before returning:
 * top-level keys, the include chain, the merged base, axes, variants, exclusions, every resolved
 * variant, and the tables. All problems are collected and thrown together as one {@link SpecException}.
 */
public final class SpecLoader {
    static final List<String> TOP_KEYS =
            List.of("name", "description", "include", "base", "seeds", "axes", "variants", "exclude", "tables",
                    "cross_check", "trends");
    /** Keys an included file may have: it contributes its base only. */
    private static final List<String> INCLUDE_KEYS = List.of("description", "include", "base");
    /**
     * Experiment and table names become directory and file names (results/&lt;name&gt;/, reports/&lt;name&gt;/,
     * &lt;table&gt;.md): a letter or digit first, so no name reads as a command-line flag or a hidden file.
     */
    static final int MAX_NAME_LENGTH = 64;
    static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0," + (MAX_NAME_LENGTH - 1) + "}");
    static final String NAME_ALLOWED = "[a-z0-9][a-z0-9_-]*, at most " + MAX_NAME_LENGTH + " characters";
    /**
     * Runs one spec may plan (variants × axis values × seeds, before exclusions): the paper's ablation tables
     * are tens of runs; a grid past this is a typo in an axis, and expanding it would exhaust memory first.
     */
    static final int MAX_RUNS = 10_000;
    /** Variant names end up in plan names like {@code se[ratio=4]}, so brackets, commas and '=' are out. */
    static final Pattern VARIANT_NAME = Pattern.compile("[A-Za-z0-9_.+-]+");
    private static final String SEEDS_ALLOWED = "a non-empty list of distinct integers >= 0";

    private final Path file;
    private final String display;
    private final Problems problems = new Problems();

    private SpecLoader(Path file) {
        this.file = file;
        this.display = file.toString();
    }

    /** The validated spec at {@code file}; throws {@link SpecException} listing every problem. */
    public static ExperimentSpec load(Path file) throws SpecException {
        return new SpecLoader(file).load();
    }

    private ExperimentSpec load() {
        JsonNode root = SpecReader.read(file, display, problems);
        problems.throwIfAny();
        if (!root.isObject()) {
            problems.add(display, "(top level)", root, "a spec must be a mapping", "a mapping with keys " + String.join("|", TOP_KEYS));
            problems.throwIfAny();
        }
        checkKeys(display, "", root, TOP_KEYS);
        String name = readName(root);
        String description = readDescription(root);

        ConfigTree base = ConfigTree.defaults();
        Set<Path> chain = new HashSet<>();
        chain.add(file.toAbsolutePath().normalize());
        mergeBase(file, display, root, base, chain);
        ConfigValidator.validate(base, problems);
        DevicePreference device = readDevice(base);

        List<Long> seeds = readSeeds(root.get("seeds"));
        List<ExperimentSpec.Axis> axes = readAxes(root.get("axes"));
        List<ExperimentSpec.VariantEdits> variants = readVariants(root.get("variants"));
        List<ExperimentSpec.Exclusion> exclusions = readExclusions(root.get("exclude"), axes, variants);
        checkPlanSize(variants, axes, seeds);

        ExperimentSpec draft = new ExperimentSpec(
                name, description, file, seeds, List.of(), List.of(), device, base, axes, variants, exclusions);
        List<Expansion.Resolved> resolved = Expansion.resolve(draft);
        if (resolved.isEmpty() && !variants.isEmpty()) {
            problems.add(display, "exclude", root.get("exclude"), "every combination is excluded",
                    "exclusions that leave at least one variant");
        }
        for (Expansion.Resolved r : resolved) {
            ConfigValidator.validate(r.config(), problems);
        }
        List<String> names = resolved.stream().map(Expansion.Resolved::name).toList();
        Implementation crossCheck = TableValidator.crossCheck(display, "cross_check", root.get("cross_check"), null,
                problems);
        List<TableSpec> tables = TableValidator.read(display, root.get("tables"), names, crossCheck, problems);
        List<TrendSpec> trends = TrendValidator.read(display, root.get("trends"), names,
                tables.stream().map(TableSpec::name).toList(), problems);
        problems.throwIfAny();

        // Validation should make conversion safe; if it does not, say which variant broke rather than crash later.
        for (Expansion.Resolved r : resolved) {
            try {
                ConfigConverter.toRunConfig(r.config());
            } catch (IllegalArgumentException e) {
                problems.add(display, "variants." + r.variant(), null, "cannot be converted: " + e.getMessage(),
                        "a config matching selab.spec.RunConfig");
            }
        }
        problems.throwIfAny();
        checkCrossChecks(tables, resolved);
        problems.throwIfAny();
        return new ExperimentSpec(name, description, file, seeds, tables, trends, device, base, axes, variants,
                exclusions);
    }

    /** A row may ask for a cross-check only where the peer can train exactly the row's config. */
    private void checkCrossChecks(List<TableSpec> tables, List<Expansion.Resolved> resolved) {
        for (int t = 0; t < tables.size(); t++) {
            List<TableSpec.Row> rows = tables.get(t).rows();
            for (int i = 0; i < rows.size(); i++) {
                TableSpec.Row row = rows.get(i);
                if (row.crossCheck() == null) {
                    continue;
                }
                for (Expansion.Resolved r : resolved) {
                    if (r.name().equals(row.variant())) {
                        for (String why : row.crossCheck().cannotTrain(ConfigConverter.toRunConfig(r.config()))) {
                            problems.add(display, "tables[" + t + "].rows[" + i + "].cross_check", null,
                                    "variant " + row.variant() + ": " + why, null);
                        }
                    }
                }
            }
        }
    }

    /** Stops before expanding a grid too large to be meant (multiplying only until the limit is passed). */
    private void checkPlanSize(List<ExperimentSpec.VariantEdits> variants, List<ExperimentSpec.Axis> axes, List<Long> seeds) {
        long runs = (long) variants.size() * seeds.size();
        boolean exact = true;
        for (ExperimentSpec.Axis a : axes) {
            if (runs > MAX_RUNS) {
                exact = false;
                break;
            }
            runs *= a.values().size();
        }
        if (runs > MAX_RUNS) {
            problems.add(display, axes.isEmpty() ? "variants" : "axes", null, String.format(Locale.ROOT,
                    "the spec plans %s%,d runs (variants × axis values × seeds, before exclusions)",
                    exact ? "" : "at least ", runs), String.format(Locale.ROOT, "at most %,d runs per spec", MAX_RUNS));
            problems.throwIfAny();
        }
    }

    private void checkKeys(String where, String prefix, JsonNode node, List<String> allowed) {
        Iterator<String> it = node.fieldNames();
        while (it.hasNext()) {
            String k = it.next();
            if (!allowed.contains(k)) {
                problems.add(where, prefix.isEmpty() ? k : prefix + "." + k, null, "unknown key '" + k + "'",
                        String.join("|", allowed));
            }
        }
    }

    private String readName(JsonNode root) {
        JsonNode n = root.get("name");
        if (n == null || n.isNull()) {
            problems.add(display, "name", null, "missing required key 'name'", NAME_ALLOWED);
            return null;
        }
        if (!n.isTextual() || !NAME.matcher(n.textValue()).matches()) {
            problems.notAllowed(display, "name", n, NAME_ALLOWED);
            return null;
        }
        return n.textValue();
    }

    private String readDescription(JsonNode root) {
        JsonNode d = root.get("description");
        if (d == null || d.isNull()) {
            return "";
        }
        if (!d.isTextual()) {
            problems.add(display, "description", d, "'" + JsonValues.show(d) + "' is not a string", "a string");
            return "";
        }
        return d.textValue();
    }

    /** Merges the include chain's bases (deepest first), then this file's base, into {@code base}. */
    private void mergeBase(Path from, String fromDisplay, JsonNode node, ConfigTree base, Set<Path> chain) {
        JsonNode include = node.get("include");
        if (include != null && !include.isNull()) {
            mergeInclude(from, fromDisplay, include, base, chain);
        }
        JsonNode b = node.get("base");
        if (b == null || b.isNull()) {
            return;
        }
        if (!b.isObject()) {
            problems.add(fromDisplay, "base", b, "'" + JsonValues.show(b) + "' is not a mapping",
                    "a mapping with keys " + String.join("|", ConfigSchema.childrenOf("")));
            return;
        }
        base.merge("", b, new Origin(fromDisplay, "base"));
    }

    private void mergeInclude(Path from, String fromDisplay, JsonNode include, ConfigTree base, Set<Path> chain) {
        String allowed = "a path to an existing " + SpecReader.EXTENSIONS + " file, relative to " + fromDisplay;
        if (!include.isTextual()) {
            problems.add(fromDisplay, "include", include, "'" + JsonValues.show(include) + "' is not a string", allowed);
            return;
        }
        Path dir = from.getParent() == null ? Path.of("") : from.getParent();
        Path target = dir.resolve(include.textValue()).normalize();
        if (!Files.isRegularFile(target)) {
            problems.add(fromDisplay, "include", include,
                    "'" + include.textValue() + "' does not exist (looked for " + target + ")", allowed);
            return;
        }
        if (!chain.add(target.toAbsolutePath().normalize())) {
            problems.add(fromDisplay, "include", include, "'" + include.textValue() + "' includes itself (cycle)",
                    "an include chain without cycles");
            return;
        }
        String targetDisplay = target.toString();
        JsonNode root = SpecReader.read(target, targetDisplay, problems);
        if (root == null) {
            return;
        }
        if (!root.isObject()) {
            problems.add(targetDisplay, "(top level)", root, "an included file must be a mapping",
                    "a mapping with a 'base' (and optionally 'include')");
            return;
        }
        // Only the base is inherited; anything else here would be silently ignored, so it is an error.
        checkKeys(targetDisplay, "", root, INCLUDE_KEYS);
        mergeBase(target, targetDisplay, root, base, chain);
    }

    private DevicePreference readDevice(ConfigTree base) {
        JsonNode d = base.get("device");
        // A bad value was already reported by the validator.
        return d != null && d.isTextual()
                ? Keyed.find(DevicePreference.class, d.textValue()).orElse(DevicePreference.AUTO)
                : DevicePreference.AUTO;
    }

    private List<Long> readSeeds(JsonNode node) {
        List<Long> seeds = new ArrayList<>();
        if (node == null) {
            seeds.add(0L);
            return seeds;
        }
        if (!node.isArray() || node.isEmpty()) {
            problems.add(display, "seeds", node, "'" + JsonValues.show(node) + "' is not a non-empty list", SEEDS_ALLOWED);
            return seeds;
        }
        for (int i = 0; i < node.size(); i++) {
            JsonNode s = node.get(i);
            if (!s.isIntegralNumber() || !s.canConvertToLong() || s.longValue() < 0) {
                problems.notAllowed(display, "seeds[" + i + "]", s, SEEDS_ALLOWED);
            } else if (seeds.contains(s.longValue())) {
                problems.add(display, "seeds[" + i + "]", s, "duplicate seed '" + s.longValue() + "'", SEEDS_ALLOWED);
            } else {
                seeds.add(s.longValue());
            }
        }
        return seeds;
    }

    private List<ExperimentSpec.Axis> readAxes(JsonNode node) {
        List<ExperimentSpec.Axis> axes = new ArrayList<>();
        if (node == null || node.isNull()) {
            return axes;
        }
        if (!node.isObject()) {
            problems.add(display, "axes", node, "'" + JsonValues.show(node) + "' is not a mapping",
                    "a mapping of config paths (e.g. model.se.ratio) to lists of values");
            return axes;
        }
        node.fields().forEachRemaining(e -> {
            String path = "axes." + e.getKey();
            boolean ok = checkConfigPath(path, e.getKey());
            JsonNode values = e.getValue();
            if (values == null || !values.isArray() || values.isEmpty()) {
                problems.add(display, path, values, "'" + JsonValues.show(values) + "' is not a non-empty list",
                        "a non-empty list of values for " + e.getKey());
                return;
            }
            List<JsonNode> list = new ArrayList<>();
            for (int i = 0; i < values.size(); i++) {
                JsonNode v = values.get(i);
                if (list.stream().anyMatch(x -> JsonValues.same(x, v))) {
                    problems.add(display, path + "[" + i + "]", v, "duplicate axis value '" + JsonValues.show(v) + "'",
                            "each value once");
                    ok = false;
                }
                list.add(v);
            }
            if (ok) {
                axes.add(new ExperimentSpec.Axis(e.getKey(), list));
            }
        });
        return axes;
    }

    private List<ExperimentSpec.VariantEdits> readVariants(JsonNode node) {
        List<ExperimentSpec.VariantEdits> variants = new ArrayList<>();
        if (node == null || node.isNull()) {
            variants.add(new ExperimentSpec.VariantEdits(ExperimentSpec.BASE_VARIANT, Map.of()));
            return variants;
        }
        String shape = "a mapping of variant names to edits, e.g. {tanh: {model.se.gate: tanh}}";
        if (!node.isObject() || node.isEmpty()) {
            problems.add(display, "variants", node, "'" + JsonValues.show(node) + "' is not a non-empty mapping",
                    shape + "; or leave 'variants' out for a single 'base' variant");
            return variants;
        }
        node.fields().forEachRemaining(e -> {
            String name = e.getKey();
            String path = "variants." + name;
            if (!VARIANT_NAME.matcher(name).matches()) {
                problems.add(display, path, null, "'" + name + "' is not a valid variant name", VARIANT_NAME.pattern());
            }
            JsonNode edits = e.getValue();
            Map<String, JsonNode> valid = new LinkedHashMap<>();
            if (edits != null && !edits.isNull() && !edits.isObject()) {
                problems.add(display, path, edits, "'" + JsonValues.show(edits) + "' is not a mapping",
                        "a mapping of config paths to values, e.g. {model.se.gate: tanh}, or {}");
            } else if (edits != null && edits.isObject()) {
                edits.fields().forEachRemaining(edit -> {
                    if (checkConfigPath(path + "." + edit.getKey(), edit.getKey())) {
                        valid.put(edit.getKey(), edit.getValue());
                    }
                });
            }
            variants.add(new ExperimentSpec.VariantEdits(name, valid));
        });
        return variants;
    }

    private List<ExperimentSpec.Exclusion> readExclusions(JsonNode node, List<ExperimentSpec.Axis> axes,
            List<ExperimentSpec.VariantEdits> variants) {
        List<ExperimentSpec.Exclusion> out = new ArrayList<>();
        if (node == null || node.isNull()) {
            return out;
        }
        List<String> keys = new ArrayList<>();
        keys.add("variant");
        axes.forEach(a -> keys.add(a.path()));
        String shape = "a list of mappings with keys " + String.join("|", keys);
        if (!node.isArray()) {
            problems.add(display, "exclude", node, "'" + JsonValues.show(node) + "' is not a list", shape);
            return out;
        }
        List<String> variantNames = variants.stream().map(ExperimentSpec.VariantEdits::name).toList();
        for (int i = 0; i < node.size(); i++) {
            String path = "exclude[" + i + "]";
            JsonNode entry = node.get(i);
            if (!entry.isObject() || entry.isEmpty()) {
                problems.add(display, path, entry, "'" + JsonValues.show(entry) + "' is not a non-empty mapping", shape);
                continue;
            }
            String variant = null;
            Map<String, JsonNode> values = new LinkedHashMap<>();
            boolean ok = true;
            for (Iterator<Map.Entry<String, JsonNode>> it = entry.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String keyPath = path + "." + e.getKey();
                if (e.getKey().equals("variant")) {
                    JsonNode v = e.getValue();
                    if (v.isTextual() && variantNames.contains(v.textValue())) {
                        variant = v.textValue();
                    } else {
                        problems.add(display, keyPath, v, "'" + JsonValues.show(v) + "' is not a variant of this spec",
                                String.join("|", variantNames));
                        ok = false;
                    }
                    continue;
                }
                ExperimentSpec.Axis axis = axes.stream().filter(a -> a.path().equals(e.getKey())).findFirst().orElse(null);
                if (axis == null) {
                    problems.add(display, keyPath, null, "'" + e.getKey() + "' is not an axis of this spec", String.join("|", keys));
                    ok = false;
                } else if (axis.values().stream().noneMatch(v -> JsonValues.same(v, e.getValue()))) {
                    problems.notAllowed(display, keyPath, e.getValue(),
                            String.join("|", axis.values().stream().map(JsonValues::show).toList()));
                    ok = false;
                } else {
                    values.put(e.getKey(), e.getValue());
                }
            }
            if (ok) {
                out.add(new ExperimentSpec.Exclusion(variant, values));
            }
        }
        return out;
    }

    /** A variant edit or axis key must be a known config path below model, data or recipe. */
    private boolean checkConfigPath(String specPath, String configPath) {
        if (configPath.equals("device")) {
            problems.add(display, specPath, null, "device is set once per spec, in base.device",
                    "a config path under model|data|recipe");
            return false;
        }
        String[] unknown = ConfigSchema.firstUnknownSegment(configPath);
        if (unknown != null) {
            problems.add(display, specPath, null, "unknown key '" + unknown[0] + "' in path '" + configPath + "'", unknown[1]);
            return false;
        }
        return true;
    }
}
