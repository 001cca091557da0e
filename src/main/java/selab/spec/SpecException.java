package selab.spec;

import java.util.List;
import selab.io.BadInputException;
import java.util.stream.Collectors;

/**
 * A spec could not be loaded. Carries every problem found (validation collects them all before
 * failing), and its message lists them one per line. Unchecked, so callers that cannot handle a bad
 * spec can let it propagate to the command line.
 */
public class SpecException extends BadInputException {
    private final List<SpecError> errors;

    public SpecException(List<SpecError> errors) {
        super(render(errors));
        if (errors.isEmpty()) {
            throw new IllegalArgumentException("a SpecException needs at least one error");
        }
        this.errors = List.copyOf(errors);
    }

    public List<SpecError> errors() {
        return errors;
    }

    private static String render(List<SpecError> errors) {
        return errors.stream().map(SpecError::format).collect(Collectors.joining("\n"));
    }
}
