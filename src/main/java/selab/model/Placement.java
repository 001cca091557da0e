package selab.model;

import com.fasterxml.jackson.annotation.JsonValue;

/** Where the SE block sits inside a residual unit (paper Fig. 5 and Tables 14-16). */
public enum Placement implements Keyed {
    /** After the branch's last BN, before the addition (paper "SE"). */
    STANDARD,
    /** On the unit's input, before the branch (paper "SE-PRE"). */
    PRE,
    /** After the addition and its ReLU (paper "SE-POST"). */
    POST,
    /** On the identity path, parallel to the branch (paper "SE-Identity"). */
    IDENTITY,
    /** Right after the 3x3 conv of the branch (paper "SE_3x3", Table 15). */
    CONV3X3,
    /** Standard position but without Fsq: Fex as 1x1 convs at every position (paper Table 16). */
    NOSQUEEZE;

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
