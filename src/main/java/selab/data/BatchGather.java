package selab.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Random;

/**
 * Turns batch indices into a ready training or evaluation batch: gathers the images from the split's
 * uint8 tensor, converts to float32, augments (training only) and normalises per channel with
 * (x - mean) / std. Everything it creates lives in the caller's per-step manager, so closing that
 * manager frees the batch; the long-lived split tensors are only read.
 */
public final class BatchGather {

    private final NDArray images;
    private final NDArray labels;
    private final BatchFinish finish;

    /**
     * @param images the whole split, uint8 (N,C,H,W), owned by the caller
     * @param labels the split's labels, int64 (N), owned by the caller
     * @param stats normalisation statistics, normally the training split's {@link ImageSet#channelStats()}
     * @param augment training augmentation ({@link DataConfig.Augment#NONE} for none)
     */
    public BatchGather(NDArray images, NDArray labels, ChannelStats stats, DataConfig.Augment augment) {
        Shape s = images.getShape();
        if (s.dimension() != 4 || images.getDataType() != DataType.UINT8) {
            throw new IllegalArgumentException("images must be uint8 (N,C,H,W), got " + images.getDataType() + " " + s);
        }
        if (labels.getShape().dimension() != 1 || labels.getShape().get(0) != s.get(0)) {
            throw new IllegalArgumentException("labels must be (N) with N=" + s.get(0) + ", got " + labels.getShape());
        }
        if (stats.channels() != s.get(1)) {
            throw new IllegalArgumentException("channel stats have " + stats.channels() + " channels, images have "
                    + s.get(1));
        }
        this.images = images;
        this.labels = labels;
        this.finish = new BatchFinish(stats, augment);
    }

    /** Number of images in the split. */
    public long size() {
        return images.getShape().get(0);
    }

    /**
     * @param step per-step manager that will own every array made here (close it after the step)
     * @param indices indices into the split
     * @param train apply augmentation
     * @param rng source of the augmentation's randomness
     * @return NDList(x float32 (B,C,H,W), y int64 (B))
     */
    public NDList batch(NDManager step, long[] indices, boolean train, Random rng) {
        long n = size();
        for (long i : indices) {
            if (i < 0 || i >= n) {
                throw new IndexOutOfBoundsException("batch index " + i + " outside [0, " + n + ")");
            }
        }
        NDArray idx = step.create(indices).toDevice(images.getDevice(), false);
        NDArray x = images.get(step, new NDIndex("{}", idx)).toType(DataType.FLOAT32, false);
        NDArray y = labels.get(step, new NDIndex("{}", idx));
        return finish.apply(x, y, train, rng);
    }
}
