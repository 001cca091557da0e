package selab.model;

import java.util.Locale;

/**
 * The networks selab builds: how narrow or wide, and how small or large an input. The single place these
 * bounds live; the spec validation (and the error messages it prints) reads them from here.
 *
 * <ul>
 *   <li><b>Width</b> in [{@value #MIN_WIDTH}, {@value #MAX_WIDTH}]. At 0.25 the narrowest convolution of any
 *       arch (the 16-channel stem and first stage of resnet-20…110) keeps 4 channels; below that every layer
 *       is rounded to 1–3 channels (at width 0.001, to 1 channel each) and such a net tells nothing about SE.
 *       8× is the widest wide-ResNet in common use (WRN-16-8), and ResNet-50 at 8× already has 1.6 G
 *       parameters.
 *   <li><b>Input side</b> from {@link #minInputSide} to {@value #MAX_INPUT_SIDE}. The net halves its feature map
 *       at every stride-2 layer (rounding up); the smallest input is the one where each of them still halves a
 *       map of at least 2×2, so no stride acts on a single pixel of padding: 3 for the CIFAR-style nets (2
 *       stride-2 layers), 17 for the ImageNet nets (5, counting the stem's conv and max-pool; Fashion-MNIST's
 *       28×28 fits). 1024 is well past the ImageNet training sizes the paper uses (224, and 320 at test time).
 * </ul>
 */
public final class ModelLimits {
    public static final double MIN_WIDTH = 0.25;
    public static final double MAX_WIDTH = 8.0;
    public static final int MAX_INPUT_SIDE = 1024;

    private ModelLimits() {}

    /** Whether {@code width} is allowed (NaN is not). */
    public static boolean widthAllowed(double width) {
        return width >= MIN_WIDTH && width <= MAX_WIDTH;
    }

    /** The allowed widths, for error messages. */
    public static String allowedWidths() {
        return String.format(Locale.ROOT, "a number in [%s, %s]", plain(MIN_WIDTH), plain(MAX_WIDTH));
    }

    /**
     * The stride-2 layers between the input and the classifier: the ImageNet stem's 7×7 conv and max-pool,
     * and the first unit of every stage after the first (as {@link SeResNet#build} places them).
     */
    public static int strideTwoLayers(Architecture arch) {
        return (arch.imagenetStem() ? 2 : 0) + arch.unitsPerStage().length - 1;
    }

    /** The smallest input side at which every stride-2 layer of {@code arch} halves a map of at least 2×2. */
    public static int minInputSide(Architecture arch) {
        // The last of k stride-2 layers sees ceil(n / 2^(k-1)) pixels, which is >= 2 exactly when n > 2^(k-1).
        int k = strideTwoLayers(arch);
        return k == 0 ? 1 : (1 << (k - 1)) + 1;
    }

    private static String plain(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
    }
}
