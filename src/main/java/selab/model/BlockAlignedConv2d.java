package selab.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * A 2-D convolution computed with its channel counts rounded up to whole blocks of {@value #BLOCK}, with
 * zero filters and zero input channels, and the output cut back: the exact same convolution.
 *
 * <p>Why: libtorch 2.7.1 (oneDNN 3.7.1, as shipped by DJL 0.35.1) runs CPU convolutions with JIT kernels
 * that keep tensors in channel-blocked layouts (16 channels per block with AVX-512, 8 with AVX2). When a
 * channel count is not a multiple of the block, the tensor is copied into a padded layout whose padding
 * lanes are not zeroed, and two kernels read them into real results: the forward pass reads the padded
 * input channels (seen with 24 input channels: NaN outputs), and the input-gradient pass reads the padded
 * output-gradient channels (seen with 8 output channels: NaN or silently different input gradients, so
 * same-seed runs differ). What is read is whatever freed memory held, so results depend on the machine
 * (NaN on AMD Zen 5 / AVX-512), the allocator and {@code MALLOC_PERTURB_}. With every channel count a
 * multiple of {@value #BLOCK} no padded layout is used and the kernels are exact. Input channels below 8
 * (a grey or RGB stem, NoSqueeze's C/r-channel 1x1 convs) are left alone: oneDNN reads such inputs in the
 * plain layout on both ISAs. {@code BlockAlignedConv2dTest} checks every case against a direct convolution
 * with freed memory filled with NaN; the README's "Numerics" section has the evidence. The padding is not a
 * parameter and gets no update. Convolutions of the paper's networks at width 1 (16, 32, 64... channels,
 * RGB/grey stems) run unchanged.
 */
public final class BlockAlignedConv2d extends Conv2d {

    /** Widest float32 channel block of oneDNN's CPU kernels (AVX-512); a multiple of the AVX2 block (8). */
    public static final int BLOCK = 16;

    /** Input channel counts below this are read in the plain layout by oneDNN's kernels (AVX2 and AVX-512). */
    private static final int SMALL_INPUT = 8;

    private BlockAlignedConv2d(Conv2d.Builder builder) {
        super(builder);
    }

    /** A bias-free or biased convolution with square kernel, stride and "same" padding for odd kernels. */
    public static BlockAlignedConv2d of(int filters, int kernel, int stride, boolean bias) {
        return new BlockAlignedConv2d(Conv2d.builder()
                .setKernelShape(new Shape(kernel, kernel))
                .optStride(new Shape(stride, stride))
                .optPadding(new Shape(kernel / 2, kernel / 2))
                .setFilters(filters)
                .optBias(bias));
    }

    /** Output channels the convolution is computed with: filters rounded up to whole blocks. */
    public static int alignedFilters(int filters) {
        return roundUp(filters);
    }

    /** Input channels the convolution is computed with: below 8 as they are, else whole blocks. */
    public static int alignedInputs(int inputs) {
        return inputs < SMALL_INPUT ? inputs : roundUp(inputs);
    }

    private static int roundUp(int channels) {
        return (channels + BLOCK - 1) / BLOCK * BLOCK;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDArray w = ps.getValue(weight, x.getDevice(), training);
        NDArray b = includeBias ? ps.getValue(bias, x.getDevice(), training) : null;
        int channelsIn = (int) x.getShape().get(1);
        int extraIn = alignedInputs(channelsIn) - channelsIn;
        int extraOut = alignedFilters(filters) - filters;
        if (extraIn == 0 && extraOut == 0) {
            return conv2d(x, w, b, stride, padding, dilation, groups);
        }
        // Everything made here lives on the input's (per-step) manager: it must outlive this step's backward
        // pass, and must not pile up on the parameters' manager (DJL puts a concat's result on its first operand's).
        NDManager m = x.getManager();
        Shape ws = w.getShape();
        if (extraIn > 0) {
            Shape xs = x.getShape();
            x = onto(m, x.concat(m.zeros(new Shape(xs.get(0), extraIn, xs.get(2), xs.get(3)), x.getDataType()), 1));
            w = onto(m, w.concat(m.zeros(new Shape(ws.get(0), extraIn, ws.get(2), ws.get(3)), w.getDataType()), 1));
        }
        if (extraOut > 0) {
            w = onto(m, w.concat(m.zeros(new Shape(extraOut, w.getShape().get(1), ws.get(2), ws.get(3)), w.getDataType()), 0));
            b = b == null ? null : onto(m, b.concat(m.zeros(new Shape(extraOut), b.getDataType()), 0));
        }
        NDArray y = conv2d(x, w, b, stride, padding, dilation, groups).singletonOrThrow();
        return new NDList(extraOut == 0 ? y : y.get(new NDIndex(":, 0:{}", filters)));
    }

    private static NDArray onto(NDManager m, NDArray a) {
        a.attach(m);
        return a;
    }
}
