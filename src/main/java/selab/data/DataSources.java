package selab.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import selab.io.BadInputException;

/** Loads the train and test splits a {@link DataConfig} asks for. */
public final class DataSources {

    /** Fixed seed of train/test subsetting, so a subset is the same in every run and every variant. */
    public static final long SUBSET_SEED = 0x5E1AB5EEDL;
    public static final long TEST_SUBSET_SEED = SUBSET_SEED + 1;

    /** Side of the IDX images (Fashion-MNIST, MNIST). */
    public static final int IDX_SIDE = 28;

    /** Image side for image folders when data.image_size is not given. */
    public static final int DEFAULT_FOLDER_SIZE = 224;

    /** Synthetic defaults (data.train_subset / test_subset / image_size override them). */
    public static final int SYNTHETIC_TRAIN = 2048;
    public static final int SYNTHETIC_TEST = 512;
    public static final int SYNTHETIC_SIZE = 16;
    public static final int SYNTHETIC_CHANNELS = 3;
    public static final int SYNTHETIC_CLASSES = 10;
    public static final long SYNTHETIC_SEED = 7;

    private DataSources() {}

    /** Loads with the machine's default {@link DataLocator}. */
    public static Splits load(DataConfig cfg, Path dataRoot) {
        return load(cfg, dataRoot, DataLocator.system());
    }

    /**
     * @param dataRoot directory given on the command line (--data), or null
     * @throws IllegalArgumentException for an unknown source or inconsistent settings
     * @throws DataNotFoundException when the files cannot be found
     * @throws DataFormatException when a file is malformed
     */
    public static Splits load(DataConfig cfg, Path dataRoot, DataLocator locator) {
        DataSource source = DataSource.of(cfg.source());
        try {
            // Synthetic and image-folder splits come subset already (synthetic: the subsets are the split sizes).
            return switch (source) {
                case SYNTHETIC -> synthetic(cfg);
                case FASHION_MNIST, MNIST -> {
                    checkNativeSize(cfg, source);
                    Path dir = locator.locate(source, cfg.path(), dataRoot);
                    yield subsets(cfg, IdxReader.readSplit(dir, Split.TRAIN, 10), IdxReader.readSplit(dir, Split.TEST, 10));
                }
                case CIFAR10, CIFAR100 -> {
                    checkNativeSize(cfg, source);
                    CifarReader.Variant v = source == DataSource.CIFAR10 ? CifarReader.Variant.CIFAR10
                            : CifarReader.Variant.CIFAR100;
                    Path dir = locator.locate(source, cfg.path(), dataRoot);
                    yield subsets(cfg, CifarReader.readSplit(dir, v, Split.TRAIN), CifarReader.readSplit(dir, v, Split.TEST));
                }
                case IMAGEFOLDER -> {
                    FolderSplits f = folderSplits(cfg, dataRoot, locator);
                    yield new Splits(f.train().decodeAll(f.size()), f.test().decodeAll(f.size()));
                }
            };
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + source + " data: " + e.getMessage(), e);
        }
    }

    /** Whether the config's images are made up in memory, the subsets giving the split sizes. */
    public static boolean isSynthetic(DataConfig cfg) {
        return DataSource.of(cfg.source()) == DataSource.SYNTHETIC;
    }

    /** Whether the config reads an image folder (which may be streamed from disk, see {@link #folderSplits}). */
    public static boolean isImageFolder(DataConfig cfg) {
        return DataSource.of(cfg.source()) == DataSource.IMAGEFOLDER;
    }

    /**
     * An image folder's two splits, listed but not decoded, with the side they decode to.
     *
     * @param size data.image_size, or {@link #DEFAULT_FOLDER_SIZE}
     */
    public record FolderSplits(ImageFolderIndex train, ImageFolderIndex test, int size) {}

    /** Lists an image folder's splits (subsets applied: the same images {@link #load} decodes). */
    public static FolderSplits folderSplits(DataConfig cfg, Path dataRoot) {
        return folderSplits(cfg, dataRoot, DataLocator.system());
    }

    static FolderSplits folderSplits(DataConfig cfg, Path dataRoot, DataLocator locator) {
        int size = cfg.imageSize() == null ? DEFAULT_FOLDER_SIZE : cfg.imageSize();
        ImageFolderReader.checkSize(size);
        Path dir = locator.locate(DataSource.IMAGEFOLDER, cfg.path(), dataRoot);
        try {
            // Subset before decoding: same images as ImageSet.subset, far less work.
            return new FolderSplits(ImageFolderReader.index(dir, Split.TRAIN, cfg.trainSubset(), SUBSET_SEED),
                    ImageFolderReader.index(dir, Split.TEST, cfg.testSubset(), TEST_SUBSET_SEED), size);
        } catch (IOException e) {
            throw new UncheckedIOException("reading imagefolder data: " + e.getMessage(), e);
        }
    }

    private static Splits synthetic(DataConfig cfg) {
        int size = cfg.imageSize() == null ? SYNTHETIC_SIZE : cfg.imageSize();
        int train = cfg.trainSubset() == null ? SYNTHETIC_TRAIN : cfg.trainSubset();
        int test = cfg.testSubset() == null ? SYNTHETIC_TEST : cfg.testSubset();
        return new SyntheticSource(SYNTHETIC_CHANNELS, size, SYNTHETIC_CLASSES, SYNTHETIC_SEED).splits(train, test);
    }

    private static Splits subsets(DataConfig cfg, ImageSet train, ImageSet test) {
        return new Splits(subset(train, cfg.trainSubset(), "data.train_subset", SUBSET_SEED),
                subset(test, cfg.testSubset(), "data.test_subset", TEST_SUBSET_SEED));
    }

    /** The spec validation refuses another size first; this guards configs built in code. */
    private static void checkNativeSize(DataConfig cfg, DataSource source) {
        int nativeSize = source.nativeSide().orElseThrow();
        if (cfg.imageSize() != null && cfg.imageSize() != nativeSize) {
            throw new BadInputException("data.image_size=" + cfg.imageSize() + " is not supported for source "
                    + source + ": its images are " + nativeSize + "×" + nativeSize
                    + " (leave image_size out, or set it to " + nativeSize + ")");
        }
    }

    private static ImageSet subset(ImageSet set, Integer k, String field, long seed) {
        if (k == null) {
            return set;
        }
        if (k < 1 || k > set.n()) {
            throw new IllegalArgumentException(field + "=" + k + " is out of range [1, " + set.n() + "] for "
                    + set.origin());
        }
        return set.subset(k, seed);
    }
}
