package selab.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;
import java.util.Random;

/**
 * {@link BatchGather}'s twin for an image-folder split too large to hold in memory: each batch's files
 * are decoded from disk (in parallel) when the batch is asked for, then augmented and normalised
 * exactly as a resident split would be. For the same indices and random state it returns the same
 * tensors as {@code BatchGather} over {@code index.decodeAll(size)}.
 */
public final class FolderBatchGather {

    private final ImageFolderIndex index;
    private final int size;
    private final BatchFinish finish;

    /**
     * @param stats normalisation statistics (normally the training split's, see
     *     {@link ImageFolderIndex#sampleStats})
     */
    public FolderBatchGather(ImageFolderIndex index, int size, ChannelStats stats, DataConfig.Augment augment) {
        ImageFolderReader.checkSize(size);
        if (stats.channels() != ImageFolderIndex.CHANNELS) {
            throw new IllegalArgumentException("channel stats have " + stats.channels() + " channels, image folders"
                    + " decode to " + ImageFolderIndex.CHANNELS);
        }
        this.index = index;
        this.size = size;
        this.finish = new BatchFinish(stats, augment);
    }

    public long size() {
        return index.n();
    }

    /** Same contract as {@link BatchGather#batch}; the arrays are created on {@code step}'s device. */
    public NDList batch(NDManager step, long[] indices, boolean train, Random rng) {
        int[] positions = new int[indices.length];
        long[] labels = new long[indices.length];
        for (int i = 0; i < indices.length; i++) {
            if (indices[i] < 0 || indices[i] >= index.n()) {
                throw new IndexOutOfBoundsException("batch index " + indices[i] + " outside [0, " + index.n() + ")");
            }
            positions[i] = (int) indices[i];
            labels[i] = index.labels()[positions[i]];
        }
        byte[] pixels = index.decode(positions, size);
        NDArray x = step.create(ByteBuffer.wrap(pixels), new Shape(indices.length, ImageFolderIndex.CHANNELS, size,
                size), DataType.UINT8).toType(DataType.FLOAT32, false);
        NDArray y = step.create(labels, new Shape(indices.length));
        return finish.apply(x, y, train, rng);
    }
}
