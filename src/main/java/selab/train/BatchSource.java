package selab.train;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.util.Random;

/** A split held as one tensor, from which the trainer gathers batches by index. */
public interface BatchSource {

    /** Number of examples in the split. */
    int size();

    /**
     * Gathers the examples at {@code indices} into {@code step} (a per-step manager, so nothing leaks
     * onto the long-lived one), augmented when {@code train}.
     *
     * @return (x float32 (B,C,H,W), y int64 (B))
     */
    NDList batch(NDManager step, long[] indices, boolean train, Random rng);

    /**
     * Hint: {@code indices} will be asked for next, so a source that reads from disk can start on them
     * while the current batch is computed. Sources that hold their split in memory ignore it.
     */
    default void prefetch(long[] indices) {}
}
