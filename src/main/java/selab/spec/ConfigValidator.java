package selab.spec;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import selab.data.DataLocator;
import selab.data.DataSource;
import selab.model.Architecture;
import selab.model.ModelLimits;

/**
 * Checks one merged config (a spec's base, or one resolved variant) against {@link ConfigSchema}:
 * unknown and missing keys, value types, allowed values, and the rules that need two keys at once
 * (SE stages must belong to the arch, warm-up must be shorter than training, the image side must suit the
 * source and the arch, the crop padding the image). Each error names the file and spec path the offending
 * value was written at.
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
        if (wellFormed("model.arch", "data.source", "data.image_size")) {
            checkImageSize();
        }
        if (wellFormed("data.source", "data.image_size", "data.augment.crop_padding")) {
            checkCropPadding();
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

    /**
     * data.image_size: a fixed-size source (IDX, CIFAR) takes only its own side; otherwise the side must be
     * one the arch can downsample ({@link ModelLimits#minInputSide}).
     */
    private void checkImageSize() {
        String source = tree.get("data.source").textValue();
        JsonNode size = tree.get("data.image_size");
        OptionalInt fixed = DataSource.of(source).nativeSide();
        if (fixed.isPresent() && !size.isNull() && size.intValue() != fixed.getAsInt()) {
            error("data.image_size", size, "'" + JsonValues.show(size) + "' is not allowed",
                    fixed.getAsInt() + " (" + source + "'s images are " + fixed.getAsInt() + "×" + fixed.getAsInt()
                            + "), or null");
            return;
        }
        String arch = tree.get("model.arch").textValue();
        Architecture a = Architecture.of(arch);
        int side = DataSource.of(source).imageSide(size.isNull() ? null : size.intValue());
        int min = ModelLimits.minInputSide(a);
        if (side >= min) {
            return;
        }
        String why = " (each of its " + ModelLimits.strideTwoLayers(a) + " stride-2 layers must halve a map of at least 2×2)";
        if (!size.isNull()) {
            error("data.image_size", size, "'" + JsonValues.show(size) + "' is too small for " + arch,
                    "integer " + min + ".." + ModelLimits.MAX_INPUT_SIDE + " for " + arch + why);
            return;
        }
        // The side is the source's default, so the choice to fix is the arch (or setting image_size).
        List<String> fitting = java.util.Arrays.stream(Architecture.values())
                .filter(x -> ModelLimits.minInputSide(x) <= side).map(Architecture::key).toList();
        error("model.arch", tree.get("model.arch"), "'" + arch + "' needs images of at least " + min + "×" + min + why
                + ", but " + source + "'s are " + side + "×" + side, String.join("|", fitting)
                + ", or data.image_size " + min + ".." + ModelLimits.MAX_INPUT_SIDE);
    }

    /**
     * A pad-and-crop pads by at most the image side: CIFAR pads 4 at 32, selab's proxy 2 at 28; more only adds
     * crops of pure padding (and 1e6 would allocate terabytes per batch).
     */
    private void checkCropPadding() {
        String source = tree.get("data.source").textValue();
        JsonNode size = tree.get("data.image_size");
        JsonNode padding = tree.get("data.augment.crop_padding");
        int side = DataSource.of(source).imageSide(size.isNull() ? null : size.intValue());
        if (padding.intValue() > side) {
            error("data.augment.crop_padding", padding, "'" + JsonValues.show(padding) + "' is not allowed",
                    "integer 0.." + side + " (at most the image side: " + source + " images here are " + side + "×"
                            + side + ")");
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
