package selab.model;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.initializer.XavierInitializer;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds (SE-)ResNets: a stem, one loop over stages of residual units, and a classifier head. The SE
 * block is attached per unit according to {@link SeConfig}; with no SE config the plain ResNet results.
 */
public final class SeResNet {

    private SeResNet() {}

    public static Block build(ModelConfig model, Geometry input) {
        Architecture arch = Architecture.of(model.arch());
        SeConfig se = model.se();
        SequentialBlock net = new SequentialBlock();
        int stemWidth = scaled(arch.imagenetStem() ? 64 : 16, model.width());
        if (arch.imagenetStem()) {
            net.add(conv(stemWidth, 7, 2)).add(bn()).add(Activation::relu)
                    .add(Pool.maxPool2dBlock(new Shape(3, 3), new Shape(2, 2), new Shape(1, 1)));
        } else {
            net.add(conv(stemWidth, 3, 1)).add(bn()).add(Activation::relu);
        }
        int channels = stemWidth;
        for (int s = 0; s < arch.unitsPerStage().length; s++) {
            int stage = Architecture.FIRST_STAGE + s;
            int width = scaled(arch.stageWidths()[s], model.width());
            int out = width * arch.expansion();
            SeConfig stageSe = se != null && se.appliesTo(stage) ? se : null;
            for (int u = 0; u < arch.unitsPerStage()[s]; u++) {
                int stride = (u == 0 && s > 0) ? 2 : 1;
                String label = "SE_" + stage + "_" + (u + 1);
                net.add(unit(arch, channels, width, out, stride, stageSe, label));
                channels = out;
            }
        }
        net.add(Pool.globalAvgPool2dBlock()).add(Linear.builder().setUnits(input.classes()).build());
        initialise(net);
        return net;
    }

    private static ResidualUnit unit(
            Architecture arch, int in, int width, int out, int stride, SeConfig se, String label) {
        boolean inside = se != null && se.placement() == Placement.CONV3X3;
        SequentialBlock branch = new SequentialBlock();
        if (arch.bottleneck()) {
            // ResNet v1: the stride sits on the first 1x1 conv of a downsampling unit.
            branch.add(conv(width, 1, stride)).add(bn()).add(Activation::relu)
                    .add(conv(width, 3, 1)).add(bn()).add(Activation::relu);
            if (inside) {
                branch.add(new SqueezeExcitation(se, width, label));
            }
            branch.add(conv(out, 1, 1)).add(bn());
        } else {
            branch.add(conv(width, 3, stride)).add(bn()).add(Activation::relu);
            if (inside) {
                branch.add(new SqueezeExcitation(se, width, label));
            }
            branch.add(conv(out, 3, 1)).add(bn());
        }
        Block shortcut = (stride != 1 || in != out)
                ? new SequentialBlock().add(conv(out, 1, stride)).add(bn())
                : null;
        SqueezeExcitation unitSe = null;
        if (se != null && !inside) {
            unitSe = new SqueezeExcitation(se, se.placement() == Placement.PRE ? in : out, label);
        }
        return new ResidualUnit(branch, shortcut, unitSe,
                se == null ? Placement.STANDARD : se.placement());
    }

    /**
     * Conv weights: He (Kaiming normal, fan-out, gain 2) as in torchvision's ResNet. FC weights (the
     * classifier and Fex): uniform +-1/sqrt(fan_in), PyTorch's nn.Linear default, so a fresh SE gate
     * starts near the middle of its range instead of saturating. BN starts at gamma=1, beta=0.
     */
    private static void initialise(Block b) {
        if (b instanceof SqueezeExcitation) {
            // Fex is a pair of FC layers even when NoSqueeze runs them as 1x1 convs.
            b.setInitializer(new XavierInitializer(
                    XavierInitializer.RandomType.UNIFORM, XavierInitializer.FactorType.IN, 1), Parameter.Type.WEIGHT);
            return;
        }
        if (b instanceof Conv2d) {
            b.setInitializer(new XavierInitializer(
                    XavierInitializer.RandomType.GAUSSIAN, XavierInitializer.FactorType.OUT, 2), Parameter.Type.WEIGHT);
        } else if (b instanceof Linear) {
            b.setInitializer(new XavierInitializer(
                    XavierInitializer.RandomType.UNIFORM, XavierInitializer.FactorType.IN, 1), Parameter.Type.WEIGHT);
        }
        for (Block child : b.getChildren().values()) {
            initialise(child);
        }
    }

    static Block conv(int filters, int kernel, int stride) {
        return BlockAlignedConv2d.of(filters, kernel, stride, false);
    }

    private static Block bn() {
        return BatchNorm.builder().build();
    }

    static int scaled(int channels, double width) {
        return Math.max(1, (int) Math.round(channels * width));
    }

    /** Every SE block of a network, in forward order (for the excitation analysis and tests). */
    public static List<SqueezeExcitation> seBlocks(Block net) {
        List<SqueezeExcitation> found = new ArrayList<>();
        collect(net, found);
        return found;
    }

    private static void collect(Block b, List<SqueezeExcitation> found) {
        if (b instanceof SqueezeExcitation se) {
            found.add(se);
        }
        for (Block child : b.getChildren().values()) {
            collect(child, found);
        }
    }

}
