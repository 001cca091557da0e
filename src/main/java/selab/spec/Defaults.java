package selab.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** The built-in config every spec's {@code base} is merged over (resource {@code selab/spec/defaults.yaml}). */
final class Defaults {
    static final String RESOURCE = "/selab/spec/defaults.yaml";
    /** How errors name this file. */
    static final String FILE = "built-in defaults (selab/spec/defaults.yaml)";

    private static final ObjectNode TREE = load();

    private Defaults() {}

    /** A fresh copy, safe to modify. */
    static ObjectNode tree() {
        return TREE.deepCopy();
    }

    /** The default value at a dotted path, or null when there is none. */
    static JsonNode at(String path) {
        JsonNode n = TREE;
        if (!path.isEmpty()) {
            for (String seg : path.split("\\.")) {
                n = n == null ? null : n.get(seg);
            }
        }
        return n;
    }

    private static ObjectNode load() {
        try (InputStream in = Defaults.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + RESOURCE);
            }
            return (ObjectNode) SpecJson.YAML.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }
}
