package selab.train;

import ai.djl.ndarray.NDArray;
import selab.model.Scalars;

/** Cross-entropy with optional label smoothing (Szegedy et al. 2016), as the paper's ablation recipe uses. */
public final class Losses {
    private Losses() {}

    /**
     * Mean over the batch of -(1-eps) log p[y] - eps * mean_k log p[k].
     *
     * @param logits (B, K) raw scores
     * @param labels (B) class indices
     */
    public static NDArray crossEntropy(NDArray logits, NDArray labels, double smoothing) {
        NDArray logp = logits.logSoftmax(1);
        NDArray picked = logp.gather(labels.toType(ai.djl.ndarray.types.DataType.INT64, false).reshape(-1, 1), 1);
        NDArray nll = picked.neg().mean();
        if (smoothing <= 0) {
            return nll;
        }
        NDArray uniform = logp.mean(new int[] {1}).neg().mean();
        return Scalars.times(nll, 1 - smoothing).add(Scalars.times(uniform, smoothing));
    }
}
