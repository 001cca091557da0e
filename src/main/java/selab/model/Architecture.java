package selab.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The ResNet family members selab builds: depth -> units per stage, in the paper's stage naming.
 *
 * <p>ImageNet ResNets (He et al. 2016, the original v1 used by the SE paper) use bottleneck units and
 * stages 2-5; CIFAR-style ResNets (6n+2) use basic units and stages 2-4.
 */
public record Architecture(String name, boolean bottleneck, int[] unitsPerStage, int[] stageWidths) {

    /** The accepted {@code arch} spellings. */
    public static final List<String> NAMES =
            List.of("resnet-20", "resnet-32", "resnet-44", "resnet-56", "resnet-110",
                    "resnet-50", "resnet-101", "resnet-152");

    public static Architecture of(String arch) {
        String a = arch == null ? "" : arch.toLowerCase(Locale.ROOT).trim();
        return switch (a) {
            case "resnet-50" -> imagenet(a, 3, 4, 6, 3);
            case "resnet-101" -> imagenet(a, 3, 4, 23, 3);
            case "resnet-152" -> imagenet(a, 3, 8, 36, 3);
            case "resnet-20", "resnet-32", "resnet-44", "resnet-56", "resnet-110" -> {
                int n = (Integer.parseInt(a.substring("resnet-".length())) - 2) / 6;
                yield new Architecture(a, false, new int[] {n, n, n}, new int[] {16, 32, 64});
            }
            default -> throw new IllegalArgumentException(
                    "arch '" + arch + "' is not one of " + String.join("|", NAMES));
        };
    }

    private static Architecture imagenet(String name, int... units) {
        // Bottleneck widths; each unit outputs 4x its width (256/512/1024/2048 channels).
        return new Architecture(name, true, units, new int[] {64, 128, 256, 512});
    }

    /** First stage number in the paper's naming: conv2_x is stage 2. */
    public static final int FIRST_STAGE = 2;

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
