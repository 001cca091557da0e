package selab.plan;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The runs an experiment asks for, in the spec's order (variants as written, then axis combinations,
 * then seeds). Two differently named variants with the same config share an id and hence one run;
 * {@link #distinctRuns()} lists each id once.
 */
public record Plan(String experiment, List<Variant> variants) {

    public Plan {
        variants = List.copyOf(variants);
    }

    /** One variant per id, the first in plan order: what actually has to be trained. */
    public List<Variant> distinctRuns() {
        Set<String> seen = new HashSet<>();
        List<Variant> out = new ArrayList<>();
        for (Variant v : variants) {
            if (seen.add(v.id())) {
                out.add(v);
            }
        }
        return out;
    }

    /** Variant name -> its runs (one per seed), in plan order. */
    public Map<String, List<Variant>> byName() {
        Map<String, List<Variant>> out = new LinkedHashMap<>();
        for (Variant v : variants) {
            out.computeIfAbsent(v.name(), k -> new ArrayList<>()).add(v);
        }
        return out;
    }

    /** Distinct variant names in plan order. */
    public List<String> names() {
        return List.copyOf(byName().keySet());
    }
}
