package selab.model;

import com.fasterxml.jackson.annotation.JsonValue;

/** The last non-linearity of Fex, which turns excitation logits into channel weights (paper Table 12). */
public enum Gate {
    SIGMOID,
    TANH,
    RELU;

    @JsonValue
    public String key() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static Gate parse(String s) {
        return Keys.parse(Gate.class, s);
    }
}
