package selab.results;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * The one Jackson configuration for run records and configs, so that every file and database row is
 * written and read the same way. Snake_case names come from the records' own {@code @JsonNaming}
 * annotations; unknown fields are an error (a typo in a hand-edited run.json must not be silently
 * dropped); output is indented and maps are sorted so files diff cleanly.
 */
public final class Json {
    private static final ObjectMapper MAPPER = newMapper();

    private Json() {}

    /** The shared mapper. It is thread-safe; do not reconfigure it (use {@link #newMapper()} instead). */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** A fresh mapper with the shared settings, for callers that need to change something. */
    public static ObjectMapper newMapper() {
        return new ObjectMapper()
                .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true)
                .configure(SerializationFeature.INDENT_OUTPUT, true)
                .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);
    }

    /** A writer with the shared settings but on one line, for database columns and log lines. */
    public static ObjectWriter compactWriter() {
        return MAPPER.writer().without(SerializationFeature.INDENT_OUTPUT);
    }
}
