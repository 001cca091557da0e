package selab.results;

import com.fasterxml.jackson.annotation.JsonValue;

/** Life cycle of a run, shared by queue, records and report. */
public enum RunStatus {
    QUEUED,
    RUNNING,
    DONE,
    FAILED,
    DIVERGED;

    @JsonValue
    public String key() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public boolean finished() {
        return this == DONE || this == DIVERGED;
    }
}
