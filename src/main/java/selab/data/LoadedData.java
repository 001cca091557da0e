package selab.data;


import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import selab.model.Geometry;

/**
 * A data set ready for training, with the batch sources the trainer reads. A split is held on the
 * device as one uint8 tensor when it fits the cache limit (every bundled data set, and image-folder
 * subsets); a larger image-folder split (full ImageNet) is streamed: each batch is decoded from disk.
 * Workers keep it across runs of a sweep that share the same data settings.
 */
public final class LoadedData implements AutoCloseable {

    /** Largest decoded split held in memory (bytes of uint8 pixels); larger image-folder splits stream. */
    public static final long CACHE_LIMIT_BYTES = 1L << 30;

    /** Training images whose pixels give the normalisation statistics of a streamed split. */
    static final int STATS_SAMPLE = 2_000;

    private final DataConfig config;
    private final NDManager manager;
    private final Geometry geometry;
    private final String description;
    private final String contentHash;
    private final BatchSource train;
    private final BatchSource test;
    private final java.util.List<FolderBatchGather> streams = new java.util.ArrayList<>();

    public LoadedData(DataConfig config, Path dataRoot, NDManager parent) {
        this(config, dataRoot, parent, CACHE_LIMIT_BYTES);
    }

    /** @param cacheLimitBytes splits whose decoded pixels exceed this are streamed (image folders only) */
    LoadedData(DataConfig config, Path dataRoot, NDManager parent, long cacheLimitBytes) {
        this.config = config;
        DataConfig.Augment augment = config.augment() == null ? DataConfig.Augment.NONE : config.augment();
        if (DataSources.isImageFolder(config)) {
            DataSources.FolderSplits f = DataSources.folderSplits(config, dataRoot);
            this.manager = parent.newSubManager();
            boolean streamTrain = f.train().decodedBytes(f.size()) > cacheLimitBytes;
            boolean streamTest = f.test().decodedBytes(f.size()) > cacheLimitBytes;
            ImageSet trainSet = streamTrain ? null : f.train().decodeAll(f.size());
            // Normalise both splits with the training split's statistics (a fixed sample when streamed).
            ChannelStats stats = streamTrain
                    ? f.train().sampleStats(f.size(), STATS_SAMPLE, DataSources.SUBSET_SEED)
                    : trainSet.channelStats();
            this.contentHash = new ContentHash().add(f.train(), null).add(f.test(), null).hex();
            this.train = streamTrain ? streamed(f.train(), f.size(), stats, augment) : resident(trainSet, stats, augment);
            this.test = streamTest
                    ? streamed(f.test(), f.size(), stats, DataConfig.Augment.NONE)
                    : resident(f.test().decodeAll(f.size()), stats, DataConfig.Augment.NONE);
            this.geometry = new Geometry(ImageFolderIndex.CHANNELS, f.size(), f.train().classes());
            this.description = f.train().origin() + (streamTrain ? " [streamed from disk, " : " [in memory, ")
                    + f.train().n() + "×3×" + f.size() + "×" + f.size() + ", " + f.train().classes() + " classes]";
        } else {
            Splits splits = DataSources.load(config, dataRoot);
            this.manager = parent.newSubManager();
            ImageSet t = splits.train();
            ChannelStats stats = t.channelStats();
            this.contentHash = new ContentHash().add(t).add(splits.test()).hex();
            this.train = resident(t, stats, augment);
            this.test = resident(splits.test(), stats, DataConfig.Augment.NONE);
            this.geometry = new Geometry(t.channels(), t.height(), t.classes());
            this.description = t.describe();
        }
    }

    private BatchSource resident(ImageSet set, ChannelStats stats, DataConfig.Augment augment) {
        NDList arrays = set.toNDArrays(manager);
        return BatchSource.of(new BatchGather(arrays.get(0), arrays.get(1), stats, augment));
    }

    private BatchSource streamed(ImageFolderIndex index, int size, ChannelStats stats, DataConfig.Augment augment) {
        FolderBatchGather gather = new FolderBatchGather(index, size, stats, augment);
        streams.add(gather);
        return BatchSource.of(gather);
    }

    /** SHA-256 of the images and labels loaded (see {@link ContentHash}), for the run's fingerprint. */
    public String contentHash() {
        return contentHash;
    }

    /** Whether this loaded data (with its augmentation) serves a run with {@code other}. */
    public boolean serves(DataConfig other) {
        return config.equals(other);
    }

    public Geometry geometry() {
        return geometry;
    }

    public BatchSource train() {
        return train;
    }

    public BatchSource test() {
        return test;
    }

    public String describe() {
        return description;
    }

    @Override
    public void close() {
        streams.forEach(FolderBatchGather::close);
        manager.close();
    }
}
