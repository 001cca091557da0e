package selab.data;

import java.util.Objects;

/** The two splits of a loaded dataset. */
public record Splits(ImageSet train, ImageSet test) {

    public Splits {
        Objects.requireNonNull(train, "train");
        Objects.requireNonNull(test, "test");
        if (train.channels() != test.channels() || train.height() != test.height()
                || train.width() != test.width() || train.classes() != test.classes()) {
            throw new IllegalArgumentException("train and test splits disagree in geometry or classes: "
                    + train.describe() + " vs " + test.describe());
        }
    }
}
