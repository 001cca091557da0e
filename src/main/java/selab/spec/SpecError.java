package selab.spec;

/**
 * One problem found in a spec file.
 *
 * @param file the file as the user named it (or the included file the value came from)
 * @param path dotted path of the offending key inside that file (e.g. {@code base.model.se.gate}), or
 *     {@code line N} for syntax errors
 * @param value the offending value as written, or null when the key is missing
 * @param message what is wrong, e.g. {@code 'swish' is not allowed}
 * @param allowed what would be accepted, e.g. {@code sigmoid|tanh|relu}
 */
public record SpecError(String file, String path, String value, String message, String allowed) {

    /** {@code file: path: message; allowed: allowed} — one line. */
    public String format() {
        String text = file + ": " + path + ": " + message;
        return allowed == null ? text : text + "; allowed: " + allowed;
    }

    @Override
    public String toString() {
        return format();
    }
}
