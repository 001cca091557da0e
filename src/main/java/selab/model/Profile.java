package selab.model;

/**
 * Cost of one forward pass. Two operation counts with two names: {@code macs} (conv and FC multiply-adds,
 * what the word usually means) and {@link #paperFlops()} (that plus the SE element-wise work: what the
 * paper's GFLOPs column counts, and what run records store as {@code paper_flops}).
 *
 * @param params trainable parameters (BN running statistics excluded)
 * @param macs multiply-adds of conv and FC layers (incl. Fex's FCs / 1x1 convs)
 * @param seElementwise the SE blocks' element-wise work: squeeze pooling (H*W*C) and Fscale (H*W*C)
 */
public record Profile(long params, long macs, long seElementwise) {

    /** The paper's FLOP count: multiply-adds plus SE element-wise operations (one multiply-add = one FLOP). */
    public long paperFlops() {
        return macs + seElementwise;
    }

    /** The paper's "GFLOPs": {@link #paperFlops()} in units of 1e9. */
    public double gflops() {
        return paperFlops() / 1e9;
    }

    public static final String CONVENTION =
            "GFLOPs = (multiply-adds of conv and FC layers + SE element-wise ops: squeeze pooling H*W*C and"
                    + " scaling H*W*C per SE block) / 1e9; BN, ReLU and additions are not counted;"
                    + " Params = trainable parameters (BN running statistics excluded)";
}
