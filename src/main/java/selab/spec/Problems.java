package selab.spec;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Collects every problem found while loading a spec (duplicates dropped: the same bad value reached
 * through many axis combinations is reported once), so the user can fix them all in one go.
 */
final class Problems {
    private final Set<SpecError> errors = new LinkedHashSet<>();

    void add(SpecError e) {
        errors.add(e);
    }

    void add(String file, String path, JsonNode value, String message, String allowed) {
        errors.add(new SpecError(file, path, value == null ? null : JsonValues.show(value), message, allowed));
    }

    /** The usual "'value' is not allowed" error. */
    void notAllowed(String file, String path, JsonNode value, String allowed) {
        add(file, path, value, "'" + JsonValues.show(value) + "' is not allowed", allowed);
    }

    List<SpecError> list() {
        return new ArrayList<>(errors);
    }

    void throwIfAny() {
        if (!errors.isEmpty()) {
            throw new SpecException(list());
        }
    }
}
