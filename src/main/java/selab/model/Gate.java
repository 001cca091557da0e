package selab.model;

import com.fasterxml.jackson.annotation.JsonValue;

/** The last non-linearity of Fex, which turns excitation logits into channel weights (paper Table 12). */
public enum Gate implements Keyed {
    SIGMOID,
    TANH,
    RELU;

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
