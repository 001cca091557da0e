package selab.cli;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import selab.data.DataConfig;
import selab.data.DataSource;
import selab.data.DataSources;
import selab.data.ImageSet;
import selab.data.LoadedData;
import selab.data.Splits;
import selab.plan.Variant;

/**
 * Reads every data set a plan needs once, before anything is queued or written: missing or malformed data
 * is one message (where selab looked, how to get it) and exit 2, not a queue of runs that all fail. The
 * subsets are checked here too, since a split's size is known only once it is read: a subset larger than its
 * split would fail every run of it at training time.
 */
final class DataCheck {
    private DataCheck() {}

    /** A split's size and where it was read, for the message about a subset that does not fit it. */
    private record Split(int images, String origin) {}

    private record Sizes(Split train, Split test) {}

    /**
     * @param spec the spec the runs come from (messages name it)
     * @param dataRoot the --data directory, or null
     */
    static void verify(Path spec, List<Variant> runs, Path dataRoot) {
        Map<DataConfig, Sizes> read = new HashMap<>();
        for (Variant v : runs) {
            DataConfig cfg = v.config().data();
            if (DataSources.isSynthetic(cfg)) {
                checkSynthetic(spec, v, "data.train_subset", cfg.trainSubset());
                checkSynthetic(spec, v, "data.test_subset", cfg.testSubset());
                continue;
            }
            Sizes sizes = read.computeIfAbsent(wholeSplits(cfg), c -> sizes(c, dataRoot));
            checkSubset(spec, v, "data.train_subset", cfg.trainSubset(), sizes.train(), "training");
            checkSubset(spec, v, "data.test_subset", cfg.testSubset(), sizes.test(), "test");
        }
    }

    /** The same data without subsets: every subset of it is checked against one read of the splits. */
    private static DataConfig wholeSplits(DataConfig cfg) {
        return new DataConfig(cfg.source(), cfg.path(), null, null, cfg.imageSize(), null);
    }

    private static Sizes sizes(DataConfig whole, Path dataRoot) {
        if (DataSources.isImageFolder(whole)) {
            DataSources.FolderSplits f = DataSources.folderSplits(whole, dataRoot); // lists; decoding waits for training
            return new Sizes(new Split(f.train().n(), f.train().origin()), new Split(f.test().n(), f.test().origin()));
        }
        Splits s = DataSources.load(whole, dataRoot); // small enough to read whole: checks every header and size
        return new Sizes(split(s.train()), split(s.test()));
    }

    private static Split split(ImageSet set) {
        return new Split(set.n(), set.origin());
    }

    private static void checkSubset(Path spec, Variant v, String field, Integer subset, Split split, String which) {
        if (subset != null && subset > split.images()) {
            throw new UserError(String.format(Locale.ROOT, "%s: %s (variant %s): '%d' is more than the %,d images of the"
                    + " %s split (%s); allowed: 1..%d, or null for the whole split", spec, field, v.name(), subset,
                    split.images(), which, split.origin(), split.images()));
        }
    }

    /** Synthetic images are made in memory and held there: a split may take at most the in-memory limit. */
    private static void checkSynthetic(Path spec, Variant v, String field, Integer subset) {
        int side = DataSource.of(v.config().data().source()).imageSide(v.config().data().imageSize());
        long perImage = (long) DataSources.SYNTHETIC_CHANNELS * side * side;
        long max = LoadedData.CACHE_LIMIT_BYTES / perImage;
        if (subset != null && subset > max) {
            throw new UserError(String.format(Locale.ROOT, "%s: %s (variant %s): '%d' synthetic images of %d×%d×%d"
                    + " would take %,d bytes; allowed: 1..%d (at most %,d bytes of pixels in memory), or null", spec,
                    field, v.name(), subset, DataSources.SYNTHETIC_CHANNELS, side, side, subset * perImage, max,
                    LoadedData.CACHE_LIMIT_BYTES));
        }
    }
}
