package selab.bench;

import selab.data.LoadedData;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.util.Random;
import selab.data.BatchGather;
import selab.data.DataConfig;
import selab.data.ImageSet;
import selab.model.Geometry;
import selab.data.BatchSource;

/**
 * The benchmark's training split: random uint8 images and labels held as one tensor on the device, served
 * through {@link BatchGather} exactly as {@code LoadedData} serves a real data set to the trainer. Random
 * pixels cost the same to gather, augment and train on as real ones.
 */
public final class BenchData implements AutoCloseable {

    private final ImageSet images;
    private final NDManager manager;
    private final NDList arrays;
    private final DataConfig.Augment augment;

    /**
     * @param n number of images
     * @param geometry image channels, side and number of classes
     * @param augment the training augmentation the trainer would apply
     * @param parent manager under which the split's tensors live until {@link #close}
     */
    public BenchData(int n, Geometry geometry, DataConfig.Augment augment, long seed, NDManager parent) {
        if (n < 1) {
            throw new IllegalArgumentException("benchmark data needs at least 1 image, got " + n);
        }
        this.images = random(n, geometry, seed);
        this.augment = augment;
        this.manager = parent.newSubManager();
        this.arrays = images.toNDArrays(manager);
    }

    static ImageSet random(int n, Geometry g, long seed) {
        Random rng = new Random(seed);
        byte[] pixels = new byte[n * g.channels() * g.size() * g.size()];
        rng.nextBytes(pixels);
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = rng.nextInt(g.classes());
        }
        return new ImageSet(pixels, labels, n, g.channels(), g.size(), g.size(), g.classes(),
                "random benchmark images");
    }

    public int size() {
        return images.n();
    }

    /** The images as they sit on the host, for loaders that build their own tensors. */
    public ImageSet imageSet() {
        return images;
    }

    /** A gather over the split's one uint8 tensor with this data's augmentation. */
    public BatchGather gather() {
        return new BatchGather(arrays.get(0), arrays.get(1), images.channelStats(), augment);
    }

    /** The trainer's view of {@link #gather()}. */
    public BatchSource source() {
        return BatchSource.of(gather());
    }

    @Override
    public void close() {
        manager.close();
    }
}
