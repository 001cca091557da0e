package selab.spec;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import selab.train.DevicePreference;

/**
 * A loaded and fully validated experiment spec. Obtain one from {@link SpecLoader#load}; expand it into
 * runs with {@code selab.plan.Planner.expand}.
 *
 * @param name experiment name ({@code [a-z0-9_-]+}); results go to {@code results/<name>/}
 * @param file the spec file as given to the loader
 * @param seeds distinct non-negative seeds, as written (default [0])
 * @param tables the report tables, validated against the expanded variant names
 * @param trends figures across tables: a difference between variants along a config value
 * @param device execution preference; not part of any run id
 * @param base defaults, merged with the include's base and the spec's base
 * @param axes cartesian-product axes in written order
 * @param variants named edits of the base in written order (a single {@code base} variant when none given)
 * @param exclusions partial assignments whose matching combinations are dropped
 */
public record ExperimentSpec(
        String name,
        String description,
        Path file,
        List<Long> seeds,
        List<TableSpec> tables,
        List<TrendSpec> trends,
        DevicePreference device,
        ConfigTree base,
        List<Axis> axes,
        List<VariantEdits> variants,
        List<Exclusion> exclusions) {

    /** Name of the single variant of a spec that declares none. */
    public static final String BASE_VARIANT = "base";

    public ExperimentSpec {
        seeds = List.copyOf(seeds);
        tables = List.copyOf(tables);
        trends = List.copyOf(trends);
        axes = List.copyOf(axes);
        variants = List.copyOf(variants);
        exclusions = List.copyOf(exclusions);
    }

    /**
     * One axis of the cartesian product.
     *
     * @param path dotted config path, e.g. {@code model.se.ratio}
     * @param values the values to try, in order
     */
    public record Axis(String path, List<JsonNode> values) {
        public Axis {
            values = List.copyOf(values);
        }
    }

    /**
     * A named one-factor (or few-factor) edit of the base.
     *
     * @param edits dotted config path -> value, applied in written order
     */
    public record VariantEdits(String name, Map<String, JsonNode> edits) {
        public VariantEdits {
            edits = Collections.unmodifiableMap(new LinkedHashMap<>(edits));
        }
    }

    /**
     * Drops every combination matching all given keys.
     *
     * @param variant the variant name to match, or null for any
     * @param axisValues axis path -> value to match
     */
    public record Exclusion(String variant, Map<String, JsonNode> axisValues) {
        public Exclusion {
            axisValues = Collections.unmodifiableMap(new LinkedHashMap<>(axisValues));
        }
    }
}
