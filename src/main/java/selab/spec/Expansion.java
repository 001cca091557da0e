package selab.spec;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Resolves a spec's variants × axis combinations (minus exclusions) into named config trees, in the
 * spec's order: variants as written, then axis combinations with the first axis varying slowest.
 * Seeds are left to the planner. Axis values that do not apply (an SE knob on a variant without SE)
 * are skipped and left out of the name, so such combinations collapse into one entry.
 */
public final class Expansion {
    private Expansion() {}

    /**
     * One distinct resolved variant before seeding.
     *
     * @param variant the declared variant it comes from
     * @param name the variant name plus the applied axis values, e.g. {@code se[ratio=4]}
     */
    public record Resolved(String variant, String name, ConfigTree config) {}

    public static List<Resolved> resolve(ExperimentSpec spec) {
        String file = spec.file().toString();
        List<ExperimentSpec.Axis> axes = spec.axes();
        Map<String, String> shortNames = shortNames(axes);
        List<Resolved> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (ExperimentSpec.VariantEdits v : spec.variants()) {
            ConfigTree edited = spec.base().copy();
            for (Map.Entry<String, JsonNode> e : v.edits().entrySet()) {
                edited.set(e.getKey(), e.getValue(), new Origin(file, "variants." + v.name() + "." + e.getKey()));
            }
            for (List<JsonNode> combo : combinations(axes)) {
                if (excluded(spec.exclusions(), v.name(), axes, combo)) {
                    continue;
                }
                ConfigTree tree = edited.copy();
                List<String> applied = new ArrayList<>();
                for (int i = 0; i < axes.size(); i++) {
                    String path = axes.get(i).path();
                    if (tree.set(path, combo.get(i), new Origin(file, "axes." + path))) {
                        applied.add(shortNames.get(path) + "=" + JsonValues.show(combo.get(i)));
                    }
                }
                String name = applied.isEmpty() ? v.name() : v.name() + "[" + String.join(",", applied) + "]";
                // Same name means same variant and same applied values, hence the same config.
                if (seen.add(name)) {
                    out.add(new Resolved(v.name(), name, tree));
                }
            }
        }
        return out;
    }

    /** Odometer over the axes, first axis slowest; one empty combination when there are no axes. */
    static List<List<JsonNode>> combinations(List<ExperimentSpec.Axis> axes) {
        List<List<JsonNode>> out = new ArrayList<>();
        out.add(List.of());
        for (ExperimentSpec.Axis axis : axes) {
            List<List<JsonNode>> next = new ArrayList<>();
            for (List<JsonNode> prefix : out) {
                for (JsonNode value : axis.values()) {
                    List<JsonNode> c = new ArrayList<>(prefix);
                    c.add(value);
                    next.add(c);
                }
            }
            out = next;
        }
        return out;
    }

    private static boolean excluded(List<ExperimentSpec.Exclusion> exclusions, String variant,
            List<ExperimentSpec.Axis> axes, List<JsonNode> combo) {
        for (ExperimentSpec.Exclusion ex : exclusions) {
            boolean match = ex.variant() == null || ex.variant().equals(variant);
            for (int i = 0; match && i < axes.size(); i++) {
                JsonNode wanted = ex.axisValues().get(axes.get(i).path());
                match = wanted == null || JsonValues.same(wanted, combo.get(i));
            }
            if (match) {
                return true;
            }
        }
        return false;
    }

    /** Last path segment, unless two axes share it; then the full path keeps names unambiguous. */
    private static Map<String, String> shortNames(List<ExperimentSpec.Axis> axes) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (ExperimentSpec.Axis a : axes) {
            counts.merge(last(a.path()), 1, Integer::sum);
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (ExperimentSpec.Axis a : axes) {
            out.put(a.path(), counts.get(last(a.path())) > 1 ? a.path() : last(a.path()));
        }
        return out;
    }

    private static String last(String path) {
        return path.substring(path.lastIndexOf('.') + 1);
    }
}
