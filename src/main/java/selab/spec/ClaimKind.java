package selab.spec;

import com.fasterxml.jackson.annotation.JsonValue;
import selab.model.Keyed;

/** What a table's claim asserts ({@code tables[].claims[].kind}); the report tests each kind its own way. */
public enum ClaimKind implements Keyed {
    /** The variants, listed best (lowest top-1 error) to worst. */
    ORDER("order"),
    /** The variants within the claim's margin of each other (an equivalence test). */
    SIMILAR("similar");

    private final String key;

    ClaimKind(String key) {
        this.key = key;
    }

    @JsonValue
    @Override
    public String key() {
        return key;
    }

    @Override
    public String toString() {
        return key;
    }
}
