package selab.train;

import ai.djl.ndarray.types.DataType;
import java.util.List;
import selab.model.Gate;
import selab.model.Geometry;
import selab.model.ModelConfig;
import selab.model.Placement;
import selab.model.SeConfig;
import selab.model.Squeeze;

/**
 * One network and recipe that selab and the PyTorch reference both run: a CIFAR-style ResNet-20 at width 0.5
 * (8/16/32 channels) on a batch of 8 RGB 8x8 images of 5 classes, trained for two SGD steps (one epoch of 16
 * images, cosine schedule) with momentum 0.9 and weight decay 0.05 (large, so that a wrong decay shows).
 *
 * @param se null = the plain ResNet-20
 * @param dtype float64 (float noise ~1e-15, so any wiring difference stands out) or float32 (what selab trains in)
 */
record ParityCase(String name, SeConfig se, DataType dtype, boolean nesterov, boolean decayBnAndBias,
        double labelSmoothing) {

    static final String ARCH = "resnet-20";
    static final int DEPTH = 20;
    static final double WIDTH = 0.5;
    static final Geometry GEOMETRY = new Geometry(3, 8, 5);
    static final int BATCH = 8;
    static final int STEPS = 2;
    static final double LR = 0.1;
    static final double MOMENTUM = 0.9;
    static final double WEIGHT_DECAY = 0.05;
    static final long SEED = 11;

    /** The cases, chosen so that every SE placement, squeeze, gate and SGD switch is run at least once. */
    static List<ParityCase> all() {
        DataType f64 = DataType.FLOAT64;
        return List.of(
                new ParityCase("standard", se(4, Squeeze.AVG, Gate.SIGMOID, Placement.STANDARD, null, false),
                        f64, true, false, 0.1),
                new ParityCase("standard-max-tanh-decay-all", se(4, Squeeze.MAX, Gate.TANH, Placement.STANDARD, null,
                        true), f64, false, true, 0.1),
                new ParityCase("pre-relu-gate", se(4, Squeeze.AVG, Gate.RELU, Placement.PRE, null, false),
                        f64, true, false, 0.1),
                new ParityCase("post-max", se(2, Squeeze.MAX, Gate.SIGMOID, Placement.POST, null, false),
                        f64, true, false, 0.1),
                // r = 1: both FC layers are C x C, so applying them in the wrong order still runs and must show.
                new ParityCase("identity-r1-fc-bias", se(1, Squeeze.AVG, Gate.SIGMOID, Placement.IDENTITY, null,
                        true), f64, true, false, 0.1),
                new ParityCase("conv3x3-stages-2-4", se(4, Squeeze.AVG, Gate.SIGMOID, Placement.CONV3X3,
                        List.of(2, 4), false), f64, true, false, 0.1),
                new ParityCase("nosqueeze", se(4, Squeeze.AVG, Gate.SIGMOID, Placement.NOSQUEEZE, null, false),
                        f64, true, false, 0.1),
                new ParityCase("plain-no-smoothing", null, f64, false, false, 0.0),
                new ParityCase("standard-float32", se(4, Squeeze.AVG, Gate.SIGMOID, Placement.STANDARD, null, false),
                        DataType.FLOAT32, true, false, 0.1));
    }

    private static SeConfig se(int ratio, Squeeze squeeze, Gate gate, Placement placement, List<Integer> stages,
            boolean fcBias) {
        return new SeConfig(ratio, squeeze, gate, placement, stages, fcBias);
    }

    ModelConfig model() {
        return new ModelConfig(ARCH, se, WIDTH);
    }

    /** selab's recipe: one epoch of {@link #STEPS} batches under a cosine schedule. */
    RecipeConfig recipe() {
        return new RecipeConfig(1, BATCH, "sgd", LR, MOMENTUM, nesterov, WEIGHT_DECAY, decayBnAndBias, Schedule.COSINE, 30,
                List.of(), 0.1, 0, labelSmoothing);
    }

    /**
     * The learning rate of each step, by hand: cosine annealing over one epoch moves every step, lr(t) =
     * LR (1 + cos(pi t)) / 2 at t = 0 and 1/2, so LR then LR/2. The change between steps is what tells
     * PyTorch's "lr outside the momentum buffer" from lr inside it.
     */
    double[] learningRates() {
        return new double[] {LR, LR / 2};
    }
}
