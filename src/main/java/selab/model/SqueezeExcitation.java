package selab.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.core.Linear;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.function.Consumer;

/**
 * The Squeeze-and-Excitation block of Hu et al., "Squeeze-and-Excitation Networks" (CVPR 2018 / TPAMI),
 * Section 3:
 *
 * <pre>
 *   z = Fsq(u)              global pooling of each channel (avg, or max for Table 11)
 *   s = Fex(z) = gate(W2 ReLU(W1 z))   W1: C -> C/r, W2: C/r -> C (Table 12 varies the gate)
 *   x = Fscale(u, s) = s_c * u_c
 * </pre>
 *
 * The NoSqueeze variant (Table 16) drops Fsq: W1 and W2 become 1x1 convolutions applied at every
 * position, and Fscale multiplies element-wise.
 */
public final class SqueezeExcitation extends AbstractBlock {

    private final SeConfig config;
    private final int channels;
    private final String label;
    private final Block w1;
    private final Block w2;
    private final boolean squeeze;
    private Consumer<NDArray> tap;
    private Consumer<NDArray> hiddenTap;

    /**
     * @param label the paper's block name, e.g. SE_3_2 (stage 3, unit 2), used by the excitation plots
     */
    public SqueezeExcitation(SeConfig config, int channels, String label) {
        this.config = config;
        this.channels = channels;
        this.label = label;
        this.squeeze = config.placement() != Placement.NOSQUEEZE;
        int hidden = config.hidden(channels);
        if (squeeze) {
            w1 = addChildBlock("fex_w1", Linear.builder().setUnits(hidden).optBias(config.fcBias()).build());
            w2 = addChildBlock("fex_w2", Linear.builder().setUnits(channels).optBias(config.fcBias()).build());
        } else {
            w1 = addChildBlock("fex_w1", conv1x1(hidden, config.fcBias()));
            w2 = addChildBlock("fex_w2", conv1x1(channels, config.fcBias()));
        }
    }

    private static Block conv1x1(int filters, boolean bias) {
        return BlockAlignedConv2d.of(filters, 1, 1, bias);
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray u = inputs.singletonOrThrow();
        NDArray z = fsq(u);
        NDArray s = fex(ps, z, training);
        if (tap != null) {
            tap.accept(s);
        }
        return new NDList(fscale(u, s));
    }

    /** Squeeze: one descriptor per channel, (N,C,H,W) -> (N,C); identity for NoSqueeze. */
    private NDArray fsq(NDArray u) {
        if (!squeeze) {
            return u;
        }
        // A plain reduction over the flattened H*W has a cheaper backward than DJL's adaptive pools. The
        // average is taken as sum / (H*W): libtorch's mean backward materialises a full (N,C,H*W) gradient
        // with a division, sum's backward is a broadcast view, and the 1/(H*W) lands on the small (N,C).
        Shape shape = u.getShape();
        NDArray flat = u.reshape(shape.get(0), shape.get(1), -1);
        if (config.squeeze() == Squeeze.MAX) {
            return flat.max(new int[] {2});
        }
        return Scalars.times(flat.sum(new int[] {2}), 1.0 / flat.getShape().get(2));
    }

    /** Excitation: bottleneck of two FC layers (or 1x1 convs) and the gate. */
    private NDArray fex(ParameterStore ps, NDArray z, boolean training) {
        NDArray h = Activation.relu(w1.forward(ps, new NDList(z), training).singletonOrThrow());
        if (hiddenTap != null) {
            hiddenTap.accept(h);
        }
        return gate(w2.forward(ps, new NDList(h), training).singletonOrThrow());
    }

    private NDArray gate(NDArray logits) {
        return switch (config.gate()) {
            case SIGMOID -> Activation.sigmoid(logits);
            case TANH -> Activation.tanh(logits);
            case RELU -> Activation.relu(logits);
        };
    }

    /** Scale: channel-wise multiplication of u by s (element-wise for NoSqueeze). */
    private NDArray fscale(NDArray u, NDArray s) {
        if (!squeeze) {
            return u.mul(s);
        }
        Shape shape = u.getShape();
        return u.mul(s.reshape(shape.get(0), shape.get(1), 1, 1));
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape in = inputShapes[0];
        Shape z = squeeze ? new Shape(in.get(0), in.get(1)) : in;
        w1.initialize(manager, dataType, z);
        Shape h = w1.getOutputShapes(new Shape[] {z})[0];
        w2.initialize(manager, dataType, h);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return inputShapes;
    }

    /** Observes the gate values s of each forward pass (for Fig. 6 and tests); null to stop. */
    public void setTap(Consumer<NDArray> tap) {
        this.tap = tap;
    }

    /**
     * Observes Fex's hidden layer ReLU(W1 z) of each forward pass, (N, C/r) or (N, C/r, H, W) for
     * NoSqueeze (to count bottleneck units that never fire); null to stop.
     */
    public void setHiddenTap(Consumer<NDArray> hiddenTap) {
        this.hiddenTap = hiddenTap;
    }

    /** Width of Fex's bottleneck, C/r as the config rounds it. */
    public int hidden() {
        return config.hidden(channels);
    }

    public SeConfig config() {
        return config;
    }

    public int channels() {
        return channels;
    }

    public String label() {
        return label;
    }

    Block w1() {
        return w1;
    }

    Block w2() {
        return w2;
    }

    boolean squeezes() {
        return squeeze;
    }
}
