package selab.model;

import com.fasterxml.jackson.annotation.JsonInclude;
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
 * @param minHidden floor on Fex's bottleneck width (not in the paper: timm-style SE blocks round C/r up so
 *     narrow stages keep a usable bottleneck); null = the paper's max(1, C/r). Left out of the JSON when
 *     null, so configs without it keep their run ids.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record SeConfig(int ratio, Squeeze squeeze, Gate gate, Placement placement, List<Integer> stages,
        boolean fcBias, @JsonInclude(JsonInclude.Include.NON_NULL) Integer minHidden) {

    /** The paper's knobs, with its bottleneck width C/r. */
    public SeConfig(int ratio, Squeeze squeeze, Gate gate, Placement placement, List<Integer> stages, boolean fcBias) {
        this(ratio, squeeze, gate, placement, stages, fcBias, null);
    }

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
        if (minHidden != null && minHidden < 1) {
            throw new IllegalArgumentException("min_hidden must be >= 1, got " + minHidden);
        }
        stages = stages == null ? null : List.copyOf(stages.stream().sorted().distinct().toList());
    }

    public boolean appliesTo(int stage) {
        return stages == null || stages.contains(stage);
    }

    /**
     * Hidden width of Fex for a block with {@code channels} channels: max(1, C / r), raised to min_hidden when
     * set, but never wider than C (a bottleneck, not an expansion).
     */
    public int hidden(int channels) {
        int paper = Math.max(1, channels / ratio);
        return minHidden == null ? paper : Math.min(channels, Math.max(paper, minHidden));
    }

    public SeConfig withStages(List<Integer> s) {
        return new SeConfig(ratio, squeeze, gate, placement, s, fcBias, minHidden);
    }
}
