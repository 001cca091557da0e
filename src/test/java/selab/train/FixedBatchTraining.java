package selab.train;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import java.util.List;
import selab.model.Gate;
import selab.model.Geometry;
import selab.model.ModelConfig;
import selab.model.Placement;
import selab.model.SeConfig;
import selab.model.SeResNet;
import selab.model.Squeeze;

/**
 * A child-JVM probe: trains one small net for a few SGD steps ({@link TrainingStep}, the trainer's own) on one fixed batch and prints each step's
 * loss as raw float bits, so a parent can compare runs made under different {@code MALLOC_PERTURB_} values.
 * Nets with channel counts that are not multiples of 16: width 0.5 (8-channel stage), NoSqueeze (1x1 convs
 * with C/r = 1..4 filters), standard SE (FCs with 1..2 hidden units).
 *
 * <p>Usage: {@code FixedBatchTraining standard|nosqueeze|plain WIDTH STEPS}
 */
public final class FixedBatchTraining {

    public static void main(String[] args) {
        SeConfig se = switch (args[0]) {
            case "plain" -> null;
            case "nosqueeze" -> new SeConfig(16, Squeeze.AVG, Gate.SIGMOID, Placement.NOSQUEEZE, List.of(), false);
            default -> SeConfig.paperDefault();
        };
        StringBuilder out = new StringBuilder();
        for (float loss : losses(se, Double.parseDouble(args[1]), Integer.parseInt(args[2]), 5e-4, 0.1)) {
            out.append(Float.floatToIntBits(loss)).append(' ');
        }
        System.out.println("losses " + out.toString().trim());
    }

    /**
     * The loss of each of {@code steps} SGD steps (lr 0.05, momentum 0.9) of a ResNet-20 on one fixed synthetic
     * batch of 32 grey 16×16 images, 8 classes; the JVM may collect garbage every third step.
     *
     * @param se null = the plain ResNet-20
     */
    static float[] losses(SeConfig se, double width, int steps, double weightDecay, double labelSmoothing) {
        float[] out = new float[steps];
        RecipeConfig recipe = new RecipeConfig(1, 32, "sgd", 0.05, 0.9, false, weightDecay, false, Schedule.CONSTANT,
                1, List.of(), 0.1, 0, labelSmoothing);
        try (NDManager m = NDManager.newBaseManager()) {
            TensorBatchSource data = TensorBatchSource.synthetic(m, 32, 8, 1);
            Block net = SeResNet.build(new ModelConfig("resnet-20", se, width), new Geometry(1, 16, 8));
            Trainer.initialise(net, 0, m, new Shape(32, 1, 16, 16));
            TrainingStep trainingStep = new TrainingStep(net, recipe, m);
            long[] all = Trainer.permutation(32, new java.util.Random(0));
            try (Tallies tallies = new Tallies(m)) {
                for (int i = 0; i < steps; i++) {
                    int at = i;
                    trainingStep.run(data, all, null, null, recipe.lr(), tallies, (phase, output, step) -> {
                        if (phase == TrainingStep.Phase.FORWARD) {
                            out[at] = output.toType(DataType.FLOAT32, false).getFloat();
                        } else if (phase == TrainingStep.Phase.UPDATE && at % 3 == 0) {
                            System.gc(); // let the JVM free short-lived buffers mid-run, as a long run would
                        }
                    });
                }
            }
        }
        return out;
    }
}
