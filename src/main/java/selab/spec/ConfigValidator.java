package selab.spec;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import selab.model.Architecture;
import selab.data.DataLocator;

/**
 * Checks one merged config (a spec's base, or one resolved variant) against {@link ConfigSchema}:
 * unknown and missing keys, value types, allowed values, and the rules that need two keys at once
 * (SE stages must belong to the arch, warm-up must be shorter than training). Each error names the
 * file and spec path the offending value was written at.
 */
final class ConfigValidator {
    private final ConfigTree tree;
    private final Problems problems;
    /** Config paths already reported; a cross-key rule runs only when its inputs are well-formed. */
    private final Set<String> failed = new HashSet<>();

    private ConfigValidator(ConfigTree tree, Problems problems) {
        this.tree = tree;
        this.problems = problems;
    }

    /** Adds every problem of {@code tree} to {@code problems}. */
    static void validate(ConfigTree tree, Problems problems) {
        new ConfigValidator(tree, problems).run();
    }

    private void run() {
        checkMapping("", tree.get(""));
        if (wellFormed("model.arch", "model.se.stages")) {
            checkStages();
        }
        if (wellFormed("recipe.epochs", "recipe.warmup_epochs")) {
            checkWarmup();
        }
        if (wellFormed("data.path")) {
            checkDataPath();
        }
    }

    private void checkMapping(String path, JsonNode node) {
        List<String> known = ConfigSchema.childrenOf(path);
        Iterator<Map.Entry<String, JsonNode>> it = node.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            String child = JsonValues.join(path, e.getKey());
            ConfigSchema.Field f = ConfigSchema.field(child);
            if (f == null) {
                error(child, null, "unknown key '" + e.getKey() + "'", String.join("|", known));
            } else {
                checkValue(f, e.getValue());
            }
        }
        for (String k : known) {
            if (!node.has(k)) {
                String child = JsonValues.join(path, k);
                error(child, null, "missing key '" + k + "'", allowedFor(ConfigSchema.field(child)));
            }
        }
    }

    private void checkValue(ConfigSchema.Field f, JsonNode v) {
        if (JsonValues.isNone(v) && f.noneAllowed()) {
            return;
        }
        if (v.isNull() && f.nullable()) {
            return;
        }
        if (!hasKind(f.kind(), v)) {
            error(f.path(), v, "'" + JsonValues.show(v) + "' is not " + f.kind().noun, allowedFor(f));
            return;
        }
        if (f.kind() == ConfigSchema.Kind.MAPPING) {
            checkMapping(f.path(), v);
        } else if (!f.rule().test(v)) {
            error(f.path(), v, "'" + JsonValues.show(v) + "' is not allowed", allowedFor(f));
        }
    }

    private static boolean hasKind(ConfigSchema.Kind kind, JsonNode v) {
        return switch (kind) {
            case MAPPING -> v.isObject();
            case INTEGER -> isInteger(v);
            case NUMBER -> v.isNumber();
            case BOOLEAN -> v.isBoolean();
            case TEXT -> v.isTextual();
            case INTEGER_LIST -> v.isArray()
                    && StreamSupport.stream(v.spliterator(), false).allMatch(ConfigValidator::isInteger);
        };
    }

    private static boolean isInteger(JsonNode v) {
        return v.isIntegralNumber() && v.canConvertToInt();
    }

    private static String allowedFor(ConfigSchema.Field f) {
        if (f.kind() != ConfigSchema.Kind.MAPPING) {
            return f.allowed();
        }
        String keys = "a mapping with keys " + String.join("|", ConfigSchema.childrenOf(f.path()));
        return f.noneAllowed() ? "none, or " + keys : keys;
    }

    private boolean wellFormed(String... paths) {
        for (String p : paths) {
            for (String f : failed) {
                if (p.equals(f) || p.startsWith(f + ".") || f.isEmpty()) {
                    return false;
                }
            }
            if (tree.get(p) == null) {
                return false;
            }
        }
        return true;
    }

    /** SE stages must be a non-empty subset of the arch's stages. */
    private void checkStages() {
        JsonNode se = tree.get("model.se");
        JsonNode stages = tree.get("model.se.stages");
        if (JsonValues.isNone(se) || stages == null || stages.isNull()) {
            return;
        }
        List<Integer> archStages = Architecture.of(tree.get("model.arch").textValue()).stages();
        boolean ok = !stages.isEmpty()
                && StreamSupport.stream(stages.spliterator(), false).allMatch(s -> archStages.contains(s.intValue()));
        if (!ok) {
            String list = archStages.stream().map(String::valueOf).collect(Collectors.joining(", ", "[", "]"));
            error("model.se.stages", stages, "'" + JsonValues.show(stages) + "' is not allowed",
                    "non-empty subset of " + list + " (stages of " + tree.get("model.arch").textValue()
                            + "), or null for all");
        }
    }

    private void checkWarmup() {
        int epochs = tree.get("recipe.epochs").intValue();
        JsonNode warmup = tree.get("recipe.warmup_epochs");
        if (warmup.intValue() >= epochs) {
            error("recipe.warmup_epochs", warmup, "'" + JsonValues.show(warmup) + "' is not allowed",
                    "integer >= 0 and < epochs (" + epochs + ")");
        }
    }

    /** A data path must exist; a relative one is taken from selab's root directory, as the trainer will. */
    private void checkDataPath() {
        JsonNode path = tree.get("data.path");
        if (path == null || path.isNull()) {
            return;
        }
        DataLocator locator = DataLocator.system();
        Path resolved;
        try {
            resolved = locator.resolve(path.textValue());
        } catch (java.nio.file.InvalidPathException e) {
            resolved = null;
        }
        if (resolved == null || !Files.exists(resolved)) {
            error("data.path", path, "'" + path.textValue() + "' does not exist (looked for " + resolved + ")",
                    "an existing directory (absolute, or relative to selab's root directory " + locator.root()
                            + "), or null");
        }
    }

    private void error(String configPath, JsonNode value, String message, String allowed) {
        failed.add(configPath);
        Origin o = tree.originOf(configPath);
        problems.add(o.file(), o.label(), value, message, allowed);
    }
}
