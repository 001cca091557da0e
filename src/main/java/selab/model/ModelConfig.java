package selab.model;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * What network to build: a ResNet family member and its SE settings.
 *
 * @param arch {@code resnet-50|101|152} (ImageNet, bottleneck units) or {@code resnet-20|32|44|56|110}
 *     (CIFAR-style 6n+2, basic units)
 * @param se the SE settings, or null for the plain ResNet
 * @param width width multiplier on every stage's channel count (1.0 = the paper's widths)
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ModelConfig(String arch, SeConfig se, double width) {

    /**
     * Largest width multiplier: 4x the paper's channels already makes ResNet-50 a 400 M-parameter
     * network (parameters grow with the square of the width), far past any ablation here.
     */
    public static final double MAX_WIDTH = 4.0;

    /** What {@link #isValidWidth} accepts, for error messages. */
    public static final String WIDTH_RANGE =
            "a number in (0, " + java.math.BigDecimal.valueOf(MAX_WIDTH).stripTrailingZeros().toPlainString() + "]";

    public ModelConfig {
        if (!isValidWidth(width)) {
            throw new IllegalArgumentException("width " + width + " is not " + WIDTH_RANGE);
        }
    }

    /** Whether {@code width} is a usable width multiplier (false for NaN). */
    public static boolean isValidWidth(double width) {
        return width > 0 && width <= MAX_WIDTH;
    }

    public boolean hasSe() {
        return se != null;
    }
}
