package selab.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * {@link BatchGather}'s twin for an image-folder split too large to hold in memory: each batch's files
 * are decoded from disk (in parallel) when the batch is asked for, then augmented and normalised
 * exactly as a resident split would be. For the same indices and random state it returns the same
 * tensors as {@code BatchGather} over {@code index.decodeAll(size)}. {@link #prefetch} decodes the next
 * batch on a background thread while the current one is computed (the trainer knows the epoch's order).
 */
public final class FolderBatchGather implements AutoCloseable {

    private final ImageFolderIndex index;
    private final int size;
    private final BatchFinish finish;
    private final ExecutorService prefetcher = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "selab-folder-prefetch");
        t.setDaemon(true); // never keeps the JVM alive
        return t;
    });
    private long[] pendingIndices;
    private Future<byte[]> pending;

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

    /** Starts decoding the batch at {@code indices}; the next {@link #batch} call for them collects it. */
    public synchronized void prefetch(long[] indices) {
        int[] positions = positions(indices);
        if (pending != null) {
            pending.cancel(false); // a hint that was not followed: drop it
        }
        pendingIndices = indices.clone();
        pending = prefetcher.submit(() -> index.decode(positions, size));
    }

    /** Same contract as {@link BatchGather#batch}; the arrays are created on {@code step}'s device. */
    public NDList batch(NDManager step, long[] indices, boolean train, Random rng) {
        int[] positions = positions(indices);
        long[] labels = new long[indices.length];
        for (int i = 0; i < indices.length; i++) {
            labels[i] = index.labels()[positions[i]];
        }
        byte[] pixels = prefetched(indices);
        if (pixels == null) {
            pixels = index.decode(positions, size);
        }
        NDArray x = step.create(ByteBuffer.wrap(pixels), new Shape(indices.length, ImageFolderIndex.CHANNELS, size,
                size), DataType.UINT8).toType(DataType.FLOAT32, false);
        NDArray y = step.create(labels, new Shape(indices.length));
        return finish.apply(x, y, train, rng);
    }

    /** The prefetched pixels if they are for exactly these indices, else null; errors surface here. */
    private synchronized byte[] prefetched(long[] indices) {
        if (pending == null || !Arrays.equals(pendingIndices, indices)) {
            return null;
        }
        Future<byte[]> f = pending;
        pending = null;
        pendingIndices = null;
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a prefetched batch", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r; // e.g. DataFormatException naming the unreadable file
            }
            throw new IllegalStateException("prefetching a batch failed", e.getCause());
        }
    }

    private int[] positions(long[] indices) {
        int[] positions = new int[indices.length];
        for (int i = 0; i < indices.length; i++) {
            if (indices[i] < 0 || indices[i] >= index.n()) {
                throw new IndexOutOfBoundsException("batch index " + indices[i] + " outside [0, " + index.n() + ")");
            }
            positions[i] = (int) indices[i];
        }
        return positions;
    }

    @Override
    public void close() {
        prefetcher.shutdownNow();
    }
}
