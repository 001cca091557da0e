package selab.model;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * An enum whose constants are written as a key in specs, run records and flags ({@code sigmoid},
 * {@code conv3x3}, {@code resnet-50}, {@code fashion-mnist}, {@code cpu}). The enum is the one list of
 * allowed values: validation, error messages, the CLI and the code all read it from here. Implementations
 * annotate {@link #key()} with {@code @JsonValue} and return it from {@code toString()} too, so JSON and
 * messages spell a constant the same way.
 */
public interface Keyed {

    /** The spelling in specs, records and flags. */
    String key();

    /** The constant spelled exactly {@code key}, if any. */
    static <E extends Enum<E> & Keyed> Optional<E> find(Class<E> type, String key) {
        return Arrays.stream(type.getEnumConstants()).filter(e -> e.key().equals(key)).findFirst();
    }

    /** Every key of {@code type}, in declaration order. */
    static List<String> keys(Class<? extends Keyed> type) {
        return Arrays.stream(type.getEnumConstants()).map(Keyed::key).toList();
    }

    /** The keys joined by {@code |}, as error messages and help list them. */
    static String allowed(Class<? extends Keyed> type) {
        return String.join("|", keys(type));
    }
}
