package selab.spec;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import selab.data.DataSource;
import selab.model.Architecture;
import selab.model.Gate;
import selab.model.Keyed;
import selab.model.ModelLimits;
import selab.model.Placement;
import selab.model.SeConfig;
import selab.model.Squeeze;
import selab.train.DevicePreference;
import selab.train.Schedule;

/**
 * Every key a spec's {@code base} (and its variants and axes) may set, with its type and the values
 * it accepts. The single place that says what a well-formed config looks like; {@link ConfigValidator}
 * walks a config against it. Paths are dotted and relative to {@code base} (e.g. {@code model.se.gate}).
 */
final class ConfigSchema {

    /** The JSON shape a key must have. */
    enum Kind {
        MAPPING("a mapping"),
        INTEGER("an integer"),
        NUMBER("a number"),
        BOOLEAN("a boolean"),
        TEXT("a string"),
        INTEGER_LIST("a list of integers");

        final String noun;

        Kind(String noun) {
            this.noun = noun;
        }
    }

    /**
     * @param nullable null (= "not set", "all") is a valid value
     * @param noneAllowed the word {@code none} (or null) switches this block off
     * @param rule extra check on a value of the right kind
     * @param allowed what the user is told when the value is wrong
     */
    record Field(String path, Kind kind, boolean nullable, boolean noneAllowed, Predicate<JsonNode> rule, String allowed) {}

    static final List<String> OPTIMIZERS = List.of("sgd");

    private static final Map<String, Field> FIELDS = new LinkedHashMap<>();

    static {
        mapping("model", false);
        choice("model.arch", Architecture.class);
        number("model.width", ModelLimits::widthAllowed, ModelLimits.allowedWidths());
        mapping("model.se", true);
        integer("model.se.ratio", 1, SeConfig.MAX_RATIO, false);
        choice("model.se.squeeze", Squeeze.class);
        choice("model.se.gate", Gate.class);
        choice("model.se.placement", Placement.class);
        // Subset-of-arch is checked by ConfigValidator, which sees the arch.
        add(new Field("model.se.stages", Kind.INTEGER_LIST, true, false, v -> true,
                "non-empty list of the arch's stage numbers, or null for all"));
        bool("model.se.fc_bias");
        integer("model.se.min_hidden", 1, Integer.MAX_VALUE, true);

        mapping("data", false);
        choice("data.source", DataSource.class);
        add(new Field("data.path", Kind.TEXT, true, false, v -> true, "an existing directory (absolute, or relative to selab's root directory), or null"));
        integer("data.train_subset", 1, Integer.MAX_VALUE, true);
        integer("data.test_subset", 1, Integer.MAX_VALUE, true);
        // The lower bound depends on the arch, the side of fixed-size sources on the source: ConfigValidator.
        integer("data.image_size", 1, ModelLimits.MAX_INPUT_SIDE, true);
        mapping("data.augment", false);
        // At most the image side, which depends on the source: ConfigValidator.
        integer("data.augment.crop_padding", 0, Integer.MAX_VALUE, false);
        bool("data.augment.flip");
        bool("data.augment.random_resized_crop");

        mapping("recipe", false);
        integer("recipe.epochs", 1, Integer.MAX_VALUE, false);
        integer("recipe.batch_size", 1, Integer.MAX_VALUE, false);
        choice("recipe.optimizer", OPTIMIZERS.toArray(String[]::new));
        number("recipe.lr", v -> v > 0, "number > 0");
        number("recipe.momentum", v -> v >= 0 && v < 1, "number in [0, 1)");
        bool("recipe.nesterov");
        number("recipe.weight_decay", v -> v >= 0, "number >= 0");
        bool("recipe.decay_bn_and_bias");
        choice("recipe.schedule", Schedule.class);
        integer("recipe.step_size", 1, Integer.MAX_VALUE, false);
        add(new Field("recipe.milestones", Kind.INTEGER_LIST, false, false, ConfigSchema::ascendingPositive,
                "strictly ascending list of integers >= 1 (may be empty)"));
        number("recipe.gamma", v -> v > 0, "number > 0");
        // Upper bound (< epochs) is checked by ConfigValidator, which sees the epochs.
        integer("recipe.warmup_epochs", 0, Integer.MAX_VALUE, false);
        number("recipe.label_smoothing", v -> v >= 0 && v < 1, "number in [0, 1)");
        integer("recipe.evaluate_every", 1, Integer.MAX_VALUE, true);

        choice("device", DevicePreference.class);
    }

    private ConfigSchema() {}

    static Field field(String path) {
        return FIELDS.get(path);
    }

    /** Keys directly under {@code parent} ("" = the top of {@code base}), in schema order. */
    static List<String> childrenOf(String parent) {
        List<String> out = new ArrayList<>();
        for (String p : FIELDS.keySet()) {
            int cut = p.lastIndexOf('.');
            String par = cut < 0 ? "" : p.substring(0, cut);
            if (par.equals(parent)) {
                out.add(p.substring(cut + 1));
            }
        }
        return out;
    }

    /** Every settable path, for error messages about a path that is not one. */
    static List<String> allPaths() {
        return List.copyOf(FIELDS.keySet());
    }

    /**
     * For a dotted path that is not in the schema: the first segment that is unknown and the keys
     * that would have been allowed there; null when the path is known.
     */
    static String[] firstUnknownSegment(String path) {
        String parent = "";
        for (String seg : path.split("\\.", -1)) {
            String here = JsonValues.join(parent, seg);
            if (!FIELDS.containsKey(here)) {
                List<String> allowed = childrenOf(parent);
                return new String[] {seg, allowed.isEmpty() ? "(no keys below " + parent + ")" : String.join("|", allowed)};
            }
            parent = here;
        }
        return null;
    }

    private static void add(Field f) {
        FIELDS.put(f.path(), f);
    }

    private static void mapping(String path, boolean noneAllowed) {
        // allowed = null: ConfigValidator names the keys from childrenOf, which is complete only later.
        add(new Field(path, Kind.MAPPING, false, noneAllowed, v -> true, null));
    }

    private static void choice(String path, String... values) {
        List<String> ok = List.of(values);
        add(new Field(path, Kind.TEXT, false, false, v -> ok.contains(v.textValue()), String.join("|", values)));
    }

    /** A key of {@code type}: the enum is the one list of allowed values. */
    private static void choice(String path, Class<? extends Keyed> type) {
        choice(path, Keyed.keys(type).toArray(String[]::new));
    }

    private static void integer(String path, long min, long max, boolean nullable) {
        String allowed = max == Integer.MAX_VALUE ? "integer >= " + min : "integer " + min + ".." + max;
        add(new Field(path, Kind.INTEGER, nullable, false,
                v -> v.canConvertToLong() && v.longValue() >= min && v.longValue() <= max,
                nullable ? allowed + ", or null" : allowed));
    }

    private static void number(String path, java.util.function.DoublePredicate rule, String allowed) {
        add(new Field(path, Kind.NUMBER, false, false, v -> rule.test(v.doubleValue()), allowed));
    }

    private static void bool(String path) {
        add(new Field(path, Kind.BOOLEAN, false, false, v -> true, "true|false"));
    }

    private static boolean ascendingPositive(JsonNode list) {
        long previous = 0;
        for (JsonNode e : list) {
            if (e.longValue() <= previous) {
                return false;
            }
            previous = e.longValue();
        }
        return true;
    }
}
