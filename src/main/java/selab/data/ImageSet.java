package selab.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Random;

/**
 * One split of a dataset held in memory: uint8 pixels in N×C×H×W order and one class label per image.
 * The whole split is turned into a single tensor ({@link #toNDArrays}) from which the trainer gathers
 * batches by index.
 */
public final class ImageSet {

    private final byte[] pixels;
    private final int[] labels;
    private final int n;
    private final int channels;
    private final int height;
    private final int width;
    private final int classes;
    private final String origin;
    private ChannelStats stats; // computed lazily, once

    /**
     * @param pixels uint8 pixels, N×C×H×W, length n*channels*height*width (not copied)
     * @param labels class index per image in [0, classes) (not copied)
     * @param origin where the data came from (file or directory, or a description), for messages
     */
    public ImageSet(byte[] pixels, int[] labels, int n, int channels, int height, int width, int classes,
            String origin) {
        if (n < 0 || channels <= 0 || height <= 0 || width <= 0 || classes <= 0) {
            throw new IllegalArgumentException("bad image set geometry n=" + n + " channels=" + channels
                    + " height=" + height + " width=" + width + " classes=" + classes + " (" + origin + ")");
        }
        long expected = (long) n * channels * height * width;
        if (pixels.length != expected) {
            throw new IllegalArgumentException(origin + ": pixel array has " + pixels.length
                    + " bytes, expected n*c*h*w = " + expected);
        }
        if (labels.length != n) {
            throw new IllegalArgumentException(origin + ": " + labels.length + " labels for " + n + " images");
        }
        for (int i = 0; i < n; i++) {
            if (labels[i] < 0 || labels[i] >= classes) {
                throw new IllegalArgumentException(origin + ": label " + labels[i] + " of image " + i
                        + " is out of range [0, " + classes + ")");
            }
        }
        this.pixels = pixels;
        this.labels = labels;
        this.n = n;
        this.channels = channels;
        this.height = height;
        this.width = width;
        this.classes = classes;
        this.origin = origin;
    }

    /** Raw pixel buffer (shared, do not modify). */
    public byte[] pixels() {
        return pixels;
    }

    /** Labels (shared, do not modify). */
    public int[] labels() {
        return labels;
    }

    public int n() {
        return n;
    }

    public int channels() {
        return channels;
    }

    public int height() {
        return height;
    }

    public int width() {
        return width;
    }

    public int classes() {
        return classes;
    }

    public String origin() {
        return origin;
    }

    /** Bytes per image: channels*height*width. */
    public int imageBytes() {
        return channels * height * width;
    }

    /** Number of images of each class. */
    public int[] classCounts() {
        int[] counts = new int[classes];
        for (int label : labels) {
            counts[label]++;
        }
        return counts;
    }

    /**
     * A deterministic random subset of k images: the first k of a seeded shuffle, kept in their original
     * order. The same (k, seed) always gives the same subset.
     *
     * @throws IllegalArgumentException if k is not in [1, n]
     */
    public ImageSet subset(int k, long seed) {
        if (k < 1 || k > n) {
            throw new IllegalArgumentException("subset size " + k + " is out of range [1, " + n + "] for " + origin);
        }
        if (k == n) {
            return this;
        }
        int[] chosen = subsetIndices(n, k, seed);
        return select(chosen, origin + " (subset " + k + " of " + n + ", seed " + seed + ")");
    }

    /**
     * The indices {@link #subset} picks: the first k of a seeded partial Fisher-Yates shuffle of 0..n-1,
     * sorted ascending. Readers that can skip work (image folders) use it to decode only those images.
     */
    public static int[] subsetIndices(int n, int k, long seed) {
        if (k < 0 || k > n) {
            throw new IllegalArgumentException("subset size " + k + " is out of range [0, " + n + "]");
        }
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Random rng = new Random(seed);
        for (int i = 0; i < k; i++) { // only the first k positions matter
            int j = i + rng.nextInt(n - i);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        int[] chosen = Arrays.copyOf(order, k);
        Arrays.sort(chosen);
        return chosen;
    }

    /** The images at the given indices, in that order. */
    public ImageSet select(int[] indices, String newOrigin) {
        int size = imageBytes();
        byte[] outPixels = new byte[Math.multiplyExact(indices.length, size)];
        int[] outLabels = new int[indices.length];
        for (int i = 0; i < indices.length; i++) {
            System.arraycopy(pixels, indices[i] * size, outPixels, i * size, size);
            outLabels[i] = labels[indices[i]];
        }
        return new ImageSet(outPixels, outLabels, indices.length, channels, height, width, classes, newOrigin);
    }

    /** Per-channel mean and std over all pixels of this split (raw 0..255 units); computed once. */
    public synchronized ChannelStats channelStats() {
        if (stats == null) {
            stats = computeChannelStats();
        }
        return stats;
    }

    private ChannelStats computeChannelStats() {
        if (n == 0) {
            throw new IllegalStateException("cannot compute channel statistics of an empty split: " + origin);
        }
        int plane = height * width;
        long[] sum = new long[channels];
        long[] sumSq = new long[channels];
        for (int img = 0; img < n; img++) {
            for (int c = 0; c < channels; c++) {
                int start = (img * channels + c) * plane;
                long s = 0;
                long sq = 0;
                for (int p = start; p < start + plane; p++) {
                    int v = pixels[p] & 0xFF;
                    s += v;
                    sq += v * v;
                }
                sum[c] += s;
                sumSq[c] += sq;
            }
        }
        double count = (double) n * plane;
        double[] mean = new double[channels];
        double[] std = new double[channels];
        for (int c = 0; c < channels; c++) {
            mean[c] = sum[c] / count;
            double var = sumSq[c] / count - mean[c] * mean[c];
            // A constant channel would divide by zero; 1 leaves it centred but unscaled.
            std[c] = var > 1e-12 ? Math.sqrt(var) : 1.0;
        }
        return new ChannelStats(mean, std);
    }

    /**
     * The whole split as tensors in {@code manager}: images uint8 (N,C,H,W) and labels int64 (N).
     * The caller owns the manager and so the arrays' lifetime.
     */
    public NDList toNDArrays(NDManager manager) {
        NDArray images = manager.create(ByteBuffer.wrap(pixels), new Shape(n, channels, height, width),
                DataType.UINT8);
        long[] wide = new long[n];
        for (int i = 0; i < n; i++) {
            wide[i] = labels[i];
        }
        NDArray labelArray = manager.create(wide, new Shape(n));
        return new NDList(images, labelArray);
    }

    /** Short description: origin and geometry. */
    public String describe() {
        return origin + " [" + n + "×" + channels + "×" + height + "×" + width + ", " + classes + " classes]";
    }

    @Override
    public String toString() {
        return "ImageSet" + describe();
    }
}
