package selab.model;

import com.fasterxml.jackson.annotation.JsonValue;

/** Fsq: how the squeeze step summarises each channel's spatial map (paper Table 11). */
public enum Squeeze implements Keyed {
    /** Global average pooling, the paper's default. */
    AVG,
    /** Global max pooling. */
    MAX;

    @JsonValue
    @Override
    public String key() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    @Override
    public String toString() {
        return key();
    }
}
