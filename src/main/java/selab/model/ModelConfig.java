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

    public ModelConfig {
        if (!ModelLimits.widthAllowed(width)) {
            throw new IllegalArgumentException("width " + width + " is not " + ModelLimits.allowedWidths());
        }
    }

    public boolean hasSe() {
        return se != null;
    }
}
