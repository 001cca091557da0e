package selab.data;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.util.Random;

/** A split from which the trainer gathers batches by index: resident on the device, or streamed from disk. */
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

    /** A split held as one tensor on the device. */
    static BatchSource of(BatchGather gather) {
        int n = Math.toIntExact(gather.size());
        return new BatchSource() {
            @Override
            public int size() {
                return n;
            }

            @Override
            public NDList batch(NDManager step, long[] indices, boolean train, Random rng) {
                return gather.batch(step, indices, train, rng);
            }
        };
    }

    /** A split streamed from disk, which uses the prefetch hint. */
    static BatchSource of(FolderBatchGather gather) {
        int n = Math.toIntExact(gather.size());
        return new BatchSource() {
            @Override
            public int size() {
                return n;
            }

            @Override
            public NDList batch(NDManager step, long[] indices, boolean train, Random rng) {
                return gather.batch(step, indices, train, rng);
            }

            @Override
            public void prefetch(long[] indices) {
                gather.prefetch(indices);
            }
        };
    }
}
