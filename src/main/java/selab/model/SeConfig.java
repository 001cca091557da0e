package selab.model;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/**
 * The SE block's ablation knobs (paper Section 6): reduction ratio r, squeeze operator, excitation
 * gate, placement in the residual unit, the stages that carry SE, and whether the two FC layers of
 * Fex have biases (the paper's ablations use none; the released Caffe models do).
 *
 * @param stages stage numbers in the paper's naming (ImageNet ResNets 2-5, CIFAR ResNets 2-4); null
 *     means every stage of the architecture
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record SeConfig(
        int ratio, Squeeze squeeze, Gate gate, Placement placement, List<Integer> stages, boolean fcBias) {

    /** The paper's SE-ResNet-50 as ablated: r = 16, avg squeeze, sigmoid gate, standard placement, no FC bias. */
    public static SeConfig paperDefault() {
        return new SeConfig(16, Squeeze.AVG, Gate.SIGMOID, Placement.STANDARD, null, false);
    }

    /** Largest reduction ratio r accepted (the paper studies 2..32; beyond C/r = 1 a larger r changes nothing). */
    public static final int MAX_RATIO = 1024;

    public SeConfig {
        if (ratio < 1) {
            throw new IllegalArgumentException("ratio must be >= 1, got " + ratio);
        }
        stages = stages == null ? null : List.copyOf(stages.stream().sorted().distinct().toList());
    }

    public boolean appliesTo(int stage) {
        return stages == null || stages.contains(stage);
    }

    /** Hidden width of Fex for a block with {@code channels} channels: max(1, C / r). */
    public int hidden(int channels) {
        return Math.max(1, channels / ratio);
    }

    public SeConfig withStages(List<Integer> s) {
        return new SeConfig(ratio, squeeze, gate, placement, s, fcBias);
    }
}
