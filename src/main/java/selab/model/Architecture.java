package selab.model;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The ResNet family members selab builds (the allowed values of {@code model.arch}): units per stage,
 * in the paper's stage naming.
 *
 * <p>ImageNet ResNets (He et al. 2016, the original v1 used by the SE paper) use bottleneck units and
 * stages 2-5; CIFAR-style ResNets (6n+2) use basic units and stages 2-4.
 */
public enum Architecture implements Keyed {
    RESNET_20("resnet-20", false, 3, 3, 3),
    RESNET_32("resnet-32", false, 5, 5, 5),
    RESNET_44("resnet-44", false, 7, 7, 7),
    RESNET_56("resnet-56", false, 9, 9, 9),
    RESNET_110("resnet-110", false, 18, 18, 18),
    RESNET_50("resnet-50", true, 3, 4, 6, 3),
    RESNET_101("resnet-101", true, 3, 4, 23, 3),
    RESNET_152("resnet-152", true, 3, 8, 36, 3);

    /** First stage number in the paper's naming: conv2_x is stage 2. */
    public static final int FIRST_STAGE = 2;

    private static final int[] BASIC_WIDTHS = {16, 32, 64};
    // Bottleneck widths; each unit outputs 4x its width (256/512/1024/2048 channels).
    private static final int[] BOTTLENECK_WIDTHS = {64, 128, 256, 512};

    private final String key;
    private final boolean bottleneck;
    private final int[] unitsPerStage;

    Architecture(String key, boolean bottleneck, int... unitsPerStage) {
        this.key = key;
        this.bottleneck = bottleneck;
        this.unitsPerStage = unitsPerStage;
    }

    /**
     * The architecture spelled {@code arch}.
     *
     * @throws IllegalArgumentException naming the allowed values
     */
    public static Architecture of(String arch) {
        return Keyed.find(Architecture.class, arch).orElseThrow(() -> new IllegalArgumentException(
                "arch '" + arch + "' is not one of " + Keyed.allowed(Architecture.class)));
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

    /** Bottleneck units (ImageNet ResNets) rather than basic ones (CIFAR-style). */
    public boolean bottleneck() {
        return bottleneck;
    }

    public int[] unitsPerStage() {
        return unitsPerStage.clone();
    }

    /** Width of each stage's units (a bottleneck unit outputs {@link #expansion()} times it). */
    public int[] stageWidths() {
        return (bottleneck ? BOTTLENECK_WIDTHS : BASIC_WIDTHS).clone();
    }

    /** Weighted layers: the stem conv, 2 or 3 convs per unit, the classifier. */
    public int depth() {
        return Arrays.stream(unitsPerStage).sum() * (bottleneck ? 3 : 2) + 2;
    }

    public List<Integer> stages() {
        List<Integer> s = new ArrayList<>();
        for (int i = 0; i < unitsPerStage.length; i++) {
            s.add(FIRST_STAGE + i);
        }
        return s;
    }

    public int expansion() {
        return bottleneck ? 4 : 1;
    }

    public boolean imagenetStem() {
        return bottleneck;
    }
}
