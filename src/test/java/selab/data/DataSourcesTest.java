package selab.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import selab.model.Architecture;
import selab.model.Geometry;

class DataSourcesTest {

    @TempDir
    Path tmp;

    private DataLocator emptyLocator() {
        return new DataLocator(Map.of(), tmp.resolve("home"), Map.of(), tmp);
    }

    private static DataConfig cfg(String source, String path, Integer train, Integer test, Integer size) {
        return new DataConfig(source, path, train, test, size, DataConfig.Augment.NONE);
    }

    @Test
    void unknownSourceListsAllowedValues() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DataSources.load(cfg("imagenet21k", null, null, null, null), null, emptyLocator()));
        assertTrue(e.getMessage().contains("'imagenet21k'"), e.getMessage());
        assertTrue(e.getMessage().contains("data.source") && e.getMessage().contains(
                "fashion-mnist|mnist|cifar10|cifar100|imagefolder|synthetic"), e.getMessage());
    }

    @Test
    void syntheticUsesSubsetsAsSizes() {
        Splits s = DataSources.load(cfg("synthetic", null, 100, 30, 12), null, emptyLocator());
        assertEquals(100, s.train().n());
        assertEquals(30, s.test().n());
        assertEquals(12, s.train().height());
        assertEquals(DataSources.SYNTHETIC_CLASSES, s.train().classes());
    }

    @Test
    void idxSourceFromDataRootWithSubsetsThatRepeat() throws IOException {
        TestFiles.writeTinyIdxDir(tmp.resolve("data/mnist"), true);
        DataConfig c = cfg("mnist", null, 4, 2, null);
        Splits a = DataSources.load(c, tmp.resolve("data"), emptyLocator());
        Splits b = DataSources.load(c, tmp.resolve("data"), emptyLocator());
        assertEquals(4, a.train().n());
        assertEquals(2, a.test().n());
        assertArrayEquals(a.train().pixels(), b.train().pixels());
        assertArrayEquals(a.test().labels(), b.test().labels());
        // the subset is the one ImageSet.subset gives for the documented fixed seed
        ImageSet full = IdxReader.readSplit(tmp.resolve("data/mnist"), Split.TRAIN, 10);
        assertArrayEquals(full.subset(4, DataSources.SUBSET_SEED).pixels(), a.train().pixels());
    }

    @Test
    void subsetLargerThanSplitIsAClearError() throws IOException {
        TestFiles.writeTinyIdxDir(tmp.resolve("m"), false);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DataSources.load(cfg("mnist", tmp.resolve("m").toString(), 7, null, null), null, emptyLocator()));
        assertTrue(e.getMessage().contains("data.train_subset=7") && e.getMessage().contains("[1, 6]"), e.getMessage());
    }

    @Test
    void imageSizeOtherThanNativeIsRejectedForFixedSizeSources() {
        selab.io.BadInputException e = assertThrows(selab.io.BadInputException.class,
                () -> DataSources.load(cfg("cifar10", null, null, null, 64), null, emptyLocator()));
        assertTrue(e.getMessage().contains("data.image_size=64") && e.getMessage().contains("32×32"), e.getMessage());
    }

    @Test
    void missingDataIsDataNotFound() {
        assertThrows(DataNotFoundException.class,
                () -> DataSources.load(cfg("cifar10", null, null, null, null), tmp, emptyLocator()));
    }

    @Test
    void everySourceIsDocumentedInTheReadme() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        int start = readme.indexOf("- **Data**: `source`");
        assertTrue(start >= 0, "README has no Data bullet");
        String data = readme.substring(start, readme.indexOf("\n- **", start + 1));
        for (DataSource s : DataSource.values()) {
            assertTrue(data.contains(s.key()), s.key() + " is missing from README's Data bullet: " + data);
        }
    }

    @Test
    void plannedGeometryIsTheLoadedOne() {
        DataConfig c = cfg("synthetic", null, 20, 10, 12);
        Splits s = DataSources.load(c, null, emptyLocator());
        Geometry planned = DataSource.SYNTHETIC.expectedGeometry(c, Architecture.RESNET_20);
        assertEquals(new Geometry(s.train().channels(), s.train().height(), s.train().classes()), planned);
    }
}
