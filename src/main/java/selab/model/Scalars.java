package selab.model;

import ai.djl.ndarray.NDArray;

/**
 * Multiplication by a constant inside the autograd graph.
 *
 * <p>Why not {@code x.mul(0.5)}: DJL's PyTorch engine turns the Java number into a tensor that wraps a
 * direct ByteBuffer ({@code torch::from_blob}, no copy) and closes it as soon as the op returns. The
 * product's backward keeps that tensor (d(x*c)/dx = c) but not the buffer, so once the JVM collects the
 * buffer, backward reads freed memory: gradients that depend on what the allocator put there (seen as
 * same-seed runs that differ, and numbers that change under {@code MALLOC_PERTURB_}). Here the constant
 * lives on the operand's manager, which outlives the backward pass of the step that created it.
 */
public final class Scalars {
    private Scalars() {}

    /** {@code x * c}, safe to differentiate. */
    public static NDArray times(NDArray x, double c) {
        NDArray constant = x.getManager().create((float) c);
        return x.mul(constant);
    }
}
