package selab.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashMap;
import java.util.Map;

/**
 * A config being assembled from layers (defaults, include, base, variant edits, axis values), which
 * remembers for every key which file and spec path last wrote it, so that errors in the merged result
 * can name the place to fix. Mapping values merge key by key into mappings; anything else replaces.
 * Instances are only changed inside this package while a spec is loaded or expanded.
 */
public final class ConfigTree {
    private final ObjectNode root;
    /** Dotted config path -> where the value at (and below) that path came from. */
    private final Map<String, Origin> origins;

    private ConfigTree(ObjectNode root, Map<String, Origin> origins) {
        this.root = root;
        this.origins = origins;
    }

    /** The built-in defaults, each key attributed to the defaults file. */
    static ConfigTree defaults() {
        Map<String, Origin> o = new HashMap<>();
        o.put("", new Origin(Defaults.FILE, ""));
        return new ConfigTree(Defaults.tree(), o);
    }

    ConfigTree copy() {
        return new ConfigTree(root.deepCopy(), new HashMap<>(origins));
    }

    /** A copy of the merged config (keys model, data, recipe, device). */
    public ObjectNode json() {
        return root.deepCopy();
    }

    /** The value at a dotted path ("" = the whole config), or null when absent. */
    public JsonNode get(String path) {
        JsonNode n = root;
        if (!path.isEmpty()) {
            for (String seg : path.split("\\.")) {
                if (n == null || !n.isObject()) {
                    return null;
                }
                n = n.get(seg);
            }
        }
        return n;
    }

    /** Where the value at {@code path} was written (the nearest recorded ancestor, extended by the rest). */
    public Origin originOf(String path) {
        String p = path;
        while (true) {
            Origin o = origins.get(p);
            if (o != null) {
                return o.extend(p.isEmpty() ? path : path.substring(p.length()).replaceFirst("^\\.", ""));
            }
            if (p.isEmpty()) {
                return new Origin(Defaults.FILE, path);
            }
            int cut = p.lastIndexOf('.');
            p = cut < 0 ? "" : p.substring(0, cut);
        }
    }

    /**
     * Merges {@code value} at {@code path}: a mapping over a mapping merges key by key; a mapping over
     * {@code none} starts from the built-in default mapping (so {@code model.se: {gate: tanh}} on a
     * plain network means "the default SE block with a tanh gate"); anything else replaces.
     */
    void merge(String path, JsonNode value, Origin origin) {
        JsonNode current = get(path);
        if (value.isObject()) {
            if (current == null || !current.isObject()) {
                JsonNode fallback = Defaults.at(path);
                if (fallback == null || !fallback.isObject()) {
                    put(path, value.deepCopy(), origin);
                    return;
                }
                put(path, fallback.deepCopy(), new Origin(Defaults.FILE, path));
            }
            value.fields().forEachRemaining(e ->
                    merge(JsonValues.join(path, e.getKey()), e.getValue(), origin.extend(e.getKey())));
            return;
        }
        put(path, value.deepCopy(), origin);
    }

    /**
     * Like {@link #merge} for one dotted path, but does nothing and returns false when an enclosing
     * block is switched off ({@code none}/null) or absent: an SE knob on a plain network is not a change.
     */
    boolean set(String path, JsonNode value, Origin origin) {
        int cut = path.indexOf('.');
        while (cut >= 0) {
            JsonNode parent = get(path.substring(0, cut));
            if (parent == null || !parent.isObject()) {
                return false;
            }
            cut = path.indexOf('.', cut + 1);
        }
        merge(path, value, origin);
        return true;
    }

    private void put(String path, JsonNode value, Origin origin) {
        if (path.isEmpty()) {
            throw new IllegalArgumentException("the whole config can only be merged with a mapping");
        }
        int cut = path.lastIndexOf('.');
        ObjectNode parent = (ObjectNode) get(cut < 0 ? "" : path.substring(0, cut));
        parent.set(path.substring(cut + 1), value);
        origins.keySet().removeIf(k -> k.equals(path) || k.startsWith(path + "."));
        origins.put(path, origin);
    }
}
