package selab.spec;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Where a spec prefers its runs to execute. Not part of the run id: the same run may go anywhere. */
public enum DevicePreference {
    /** A GPU when one is usable, else the CPU. */
    AUTO,
    CPU,
    GPU;

    @JsonValue
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Exact lower-case spelling as written in specs, or null when it is not one. */
    static DevicePreference fromKey(String key) {
        for (DevicePreference d : values()) {
            if (d.key().equals(key)) {
                return d;
            }
        }
        return null;
    }
}
