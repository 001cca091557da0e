package selab.cli;

import java.io.PrintStream;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.Consumer;
import selab.results.MalformedRecordException;

/**
 * The run records a verb could not read. Each run is left out and the verb carries on with the others;
 * at the end each file is named on one line, and the verb exits 2 so that a script notices.
 */
final class UnreadableRecords implements Consumer<MalformedRecordException> {
    private final Set<String> messages = new LinkedHashSet<>(); // a run shared by two specs is named once

    @Override
    public void accept(MalformedRecordException e) {
        messages.add(e.getMessage());
    }

    /**
     * Prints one line per unreadable record.
     *
     * @param consequence what leaving the run out meant, e.g. "left out of the report"
     * @return {@code exit} when every record was read, else {@link Main#BAD_INPUT}
     */
    int print(PrintStream err, String verb, String consequence, int exit) {
        messages.forEach(m -> err.println("selab " + verb + ": " + m + " (" + consequence + ")"));
        return messages.isEmpty() ? exit : Main.BAD_INPUT;
    }
}
