package selab.model;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Convolution;
import ai.djl.nn.core.Linear;

/**
 * Counts a network's trainable parameters and the multiply-adds of one forward pass of one image,
 * the way the paper's Params and GFLOPs columns are counted (see {@link Profile#CONVENTION}).
 */
public final class Profiler {

    private Profiler() {}

    public static Profile profile(ModelConfig model, Geometry input) {
        Block net = SeResNet.build(model, input);
        Shape in = new Shape(1, input.channels(), input.size(), input.size());
        try (NDManager manager = NDManager.newBaseManager(ai.djl.Device.cpu())) {
            net.initialize(manager, DataType.FLOAT32, in);
            long params = 0;
            for (Parameter p : net.getParameters().values()) {
                if (p.requiresGradient()) {
                    params += p.getArray().size();
                }
            }
            Tally tally = new Tally();
            walk(net, in, tally);
            return new Profile(params, tally.macs, tally.seElementwise);
        }
    }

    private static final class Tally {
        long macs;
        long seElementwise;
    }

    /** Returns the block's output shape and adds its cost to the tally. */
    private static Shape walk(Block b, Shape in, Tally t) {
        if (b instanceof SequentialBlock seq) {
            Shape s = in;
            for (Block child : seq.getChildren().values()) {
                s = walk(child, s, t);
            }
            return s;
        }
        if (b instanceof ResidualUnit unit) {
            return walkUnit(unit, in, t);
        }
        if (b instanceof SqueezeExcitation se) {
            return walkSe(se, in, t);
        }
        Shape out = b.getOutputShapes(new Shape[] {in})[0];
        if (b instanceof Convolution conv) {
            Shape k = conv.getKernelShape();
            long perOutput = in.get(1) / conv.getGroups() * k.get(0) * k.get(1);
            t.macs += out.size() / out.get(0) * perOutput;
        } else if (b instanceof Linear) {
            t.macs += in.size() / in.get(0) * (out.size() / out.get(0));
        }
        return out;
    }

    private static Shape walkUnit(ResidualUnit unit, Shape in, Tally t) {
        SqueezeExcitation se = unit.se();
        Shape out;
        if (se != null && unit.placement() == Placement.PRE) {
            walk(se, in, t);
        }
        out = walk(unit.branch(), in, t);
        if (unit.shortcut() != null) {
            walk(unit.shortcut(), in, t);
        }
        if (se != null && unit.placement() != Placement.PRE) {
            walk(se, out, t);
        }
        return out;
    }

    private static Shape walkSe(SqueezeExcitation se, Shape in, Tally t) {
        long chw = in.size() / in.get(0);
        if (se.squeezes()) {
            t.seElementwise += 2 * chw; // Fsq pools every element once; Fscale multiplies every element once
            Shape z = new Shape(1, in.get(1));
            walk(se.w2(), walk(se.w1(), z, t), t);
        } else {
            t.seElementwise += chw; // Fscale only: there is no pooling
            walk(se.w2(), walk(se.w1(), in, t), t);
        }
        return in;
    }
}
