package selab.spec;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.List;

/** The shape checks the spec's section readers share: a mapping with known keys, a string. Problems are added. */
final class NodeChecks {
    private NodeChecks() {}

    /** Whether {@code node} is a mapping; each key outside {@code keys} is a problem of its own. */
    static boolean isMapping(String file, Problems problems, String path, JsonNode node, List<String> keys) {
        if (node == null || !node.isObject()) {
            problems.add(file, path, node, "'" + JsonValues.show(node) + "' is not a mapping",
                    "a mapping with keys " + String.join("|", keys));
            return false;
        }
        Iterator<String> it = node.fieldNames();
        while (it.hasNext()) {
            String k = it.next();
            if (!keys.contains(k)) {
                problems.add(file, path + "." + k, null, "unknown key '" + k + "'", String.join("|", keys));
            }
        }
        return true;
    }

    /** The string at {@code path}, or null (after a problem when it is required or not a string). */
    static String text(String file, Problems problems, String path, JsonNode node, boolean required, String allowed) {
        if (node == null || node.isNull()) {
            if (required) {
                problems.add(file, path, null, "missing required key '" + path.substring(path.lastIndexOf('.') + 1) + "'",
                        allowed);
            }
            return null;
        }
        if (!node.isTextual()) {
            problems.add(file, path, node, "'" + JsonValues.show(node) + "' is not a string", allowed);
            return null;
        }
        return node.textValue();
    }
}
