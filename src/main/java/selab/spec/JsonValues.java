package selab.spec;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Comparator;

/** Small helpers for spec values held as Jackson trees. */
final class JsonValues {
    private JsonValues() {}

    /** Numbers compare by value (2 == 2.0), everything else structurally; nested values too. */
    private static final Comparator<JsonNode> NUMERIC_AWARE = (a, b) -> {
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue());
        }
        return a.equals(b) ? 0 : 1;
    };

    static boolean same(JsonNode a, JsonNode b) {
        if (a == null || b == null) {
            return a == b;
        }
        return a.equals(NUMERIC_AWARE, b);
    }

    /** How a value is quoted in an error message: strings raw, everything else as compact JSON. */
    static String show(JsonNode v) {
        if (v == null || v.isMissingNode()) {
            return "null";
        }
        return v.isTextual() ? v.textValue() : v.toString();
    }

    /** True for {@code null}/{@code ~} and the word {@code none}: "this block is switched off". */
    static boolean isNone(JsonNode v) {
        return v != null && (v.isNull() || (v.isTextual() && v.textValue().equals("none")));
    }

    static String join(String parent, String key) {
        return parent.isEmpty() ? key : parent + "." + key;
    }
}
