package selab.spec;

/**
 * Where a value in a resolved config was written: the file and the dotted path inside it (e.g.
 * {@code experiments/x.yaml} and {@code variants.tanh.model.se.gate}). Lets an error found in a
 * merged config point at the line the user has to fix.
 */
public record Origin(String file, String label) {

    /** The origin of a key nested {@code suffix} (dotted, may be empty) below this one. */
    Origin extend(String suffix) {
        if (suffix.isEmpty()) {
            return this;
        }
        return new Origin(file, label.isEmpty() ? suffix : label + "." + suffix);
    }
}
