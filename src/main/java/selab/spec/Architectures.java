package selab.spec;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The ResNets a spec may name and their stage numbers (paper naming: conv2_x .. conv5_x for the
 * ImageNet nets, 2..4 for the CIFAR 6n+2 nets). Used to check {@code model.se.stages} and to spell
 * "every stage" the same way whether or not a spec lists them.
 */
public final class Architectures {
    private static final List<Integer> CIFAR_STAGES = List.of(2, 3, 4);
    private static final List<Integer> IMAGENET_STAGES = List.of(2, 3, 4, 5);
    private static final Map<String, List<Integer>> STAGES = new LinkedHashMap<>();

    static {
        for (String a : List.of("resnet-20", "resnet-32", "resnet-44", "resnet-56", "resnet-110")) {
            STAGES.put(a, CIFAR_STAGES);
        }
        for (String a : List.of("resnet-50", "resnet-101", "resnet-152")) {
            STAGES.put(a, IMAGENET_STAGES);
        }
    }

    private Architectures() {}

    public static boolean isKnown(String arch) {
        return STAGES.containsKey(arch);
    }

    /** Stage numbers of {@code arch}; throws for an unknown arch. */
    public static List<Integer> stages(String arch) {
        List<Integer> s = STAGES.get(arch);
        if (s == null) {
            throw new IllegalArgumentException("'" + arch + "' is not one of " + allowed());
        }
        return s;
    }

    /** {@code resnet-20|resnet-32|...}, for error messages. */
    public static String allowed() {
        return String.join("|", STAGES.keySet());
    }
}
