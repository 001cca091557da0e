package selab.train;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;
import selab.model.Keyed;

/**
 * Where runs should execute ({@code base.device} in a spec, {@code --device} on the command line); see
 * {@link Devices#choose}. Not part of the run id: the same run may go anywhere.
 */
public enum DevicePreference implements Keyed {
    /** A GPU when one is usable, else the CPU. */
    AUTO,
    CPU,
    GPU;

    @JsonValue
    @Override
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return key();
    }
}
