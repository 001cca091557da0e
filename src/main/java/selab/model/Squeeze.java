package selab.model;

import com.fasterxml.jackson.annotation.JsonValue;

/** Fsq: how the squeeze step summarises each channel's spatial map (paper Table 11). */
public enum Squeeze {
    /** Global average pooling, the paper's default. */
    AVG,
    /** Global max pooling. */
    MAX;

    @JsonValue
    public String key() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static Squeeze parse(String s) {
        return Keys.parse(Squeeze.class, s);
    }
}
