package selab.spec;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/** Reads one spec file (YAML or JSON, by extension) into a tree, turning parse failures into errors with a line. */
final class SpecReader {
    static final String EXTENSIONS = ".yaml|.yml|.json";
    /**
     * The largest spec (or included file) read: the paper's specs are 2–4 KB. A file past this is not a spec
     * typed by hand, and parsing and expanding a 50 MB one took minutes and gigabytes before failing.
     */
    static final long MAX_BYTES = 1 << 20;

    private SpecReader() {}

    /** The file's tree, or null after adding the reason to {@code problems}. */
    static JsonNode read(Path file, String display, Problems problems) {
        String lower = file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(Locale.ROOT);
        ObjectMapper mapper;
        if (lower.endsWith(".yaml") || lower.endsWith(".yml")) {
            mapper = SpecJson.YAML;
        } else if (lower.endsWith(".json")) {
            mapper = SpecJson.JSON;
        } else {
            problems.add(display, "(file)", null, "unsupported file extension", EXTENSIONS);
            return null;
        }
        if (!Files.isRegularFile(file)) {
            problems.add(display, "(file)", null, "file does not exist", "a readable " + EXTENSIONS + " file");
            return null;
        }
        try {
            long size = Files.size(file);
            if (size > MAX_BYTES) {
                problems.add(display, "(file)", null, String.format(Locale.ROOT, "file is %,d bytes", size),
                        String.format(Locale.ROOT, "a spec of at most %,d bytes (1 MiB)", MAX_BYTES));
                return null;
            }
            JsonNode tree = mapper.readTree(file.toFile());
            if (tree == null || tree.isMissingNode() || tree.isNull()) {
                problems.add(display, "(file)", null, "file is empty", "a mapping with at least a 'name'");
                return null;
            }
            return tree;
        } catch (JsonProcessingException e) {
            problems.add(parseError(display, e, lower.endsWith(".json") ? "JSON" : "YAML"));
            return null;
        } catch (IOException e) {
            problems.add(display, "(file)", null, "cannot read: " + e.getMessage(), "a readable " + EXTENSIONS + " file");
            return null;
        }
    }

    private static SpecError parseError(String display, JsonProcessingException e, String format) {
        JsonLocation loc = e.getLocation();
        String line = loc == null ? "line ?" : "line " + loc.getLineNr();
        String original = e.getOriginalMessage() == null ? e.getMessage() : e.getOriginalMessage();
        if (original != null && original.startsWith("Duplicate field")) {
            String key = original.replaceFirst("^Duplicate field '(.*)'.*$", "$1");
            String path = duplicatePath(e);
            return new SpecError(display, path == null ? line : path, key,
                    "duplicate key '" + key + "' (" + line + ")", "each key at most once per mapping");
        }
        String detail;
        if (e.getCause() instanceof MarkedYAMLException m && m.getProblem() != null) {
            // SnakeYAML's full message repeats the source with carets over several lines; keep the gist.
            detail = m.getProblem() + (m.getContext() == null ? "" : " (" + m.getContext() + ")")
                    + (m.getProblemMark() == null ? "" : ", column " + (m.getProblemMark().getColumn() + 1));
        } else {
            detail = original == null ? "" : original.replaceAll("\\s+", " ").trim();
        }
        return new SpecError(display, line, null, format + " syntax error: " + detail, "well-formed " + format);
    }

    /** The dotted path of the repeated key, from the parser's position when it noticed. */
    private static String duplicatePath(JsonProcessingException e) {
        if (!(e.getProcessor() instanceof JsonParser parser)) {
            return null;
        }
        JsonStreamContext ctx = parser.getParsingContext();
        if (ctx == null) {
            return null;
        }
        String pointer = ctx.pathAsPointer().toString();
        return pointer.isEmpty() ? null : pointer.substring(1).replace('/', '.').replace("~1", "/").replace("~0", "~");
    }
}
