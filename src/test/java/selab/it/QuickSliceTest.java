package selab.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import selab.data.ContentHash;
import selab.data.DataConfig;
import selab.data.DataLocator;
import selab.data.DataNotFoundException;
import selab.data.DataSources;
import selab.data.Splits;
import selab.plan.Planner;
import selab.plan.Variant;
import selab.spec.RunConfig;
import selab.spec.SpecLoader;

/**
 * experiments/quick.yaml trains on the Fashion-MNIST slice shipped in data/fashion-mnist-quick/, without
 * Debian's dataset-fashion-mnist; where that package is installed, the slice is checked byte for byte
 * against the subset quick.yaml used to draw from it, and against what scripts/cut-quick-slice.py cuts.
 */
class QuickSliceTest {

    /** Maven runs the tests in the repository root. */
    private static final Path REPO = Path.of("").toAbsolutePath();
    private static final Path SLICE = REPO.resolve("data/fashion-mnist-quick");
    private static final List<String> FILES = List.of("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz",
            "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz");

    @TempDir
    Path tmp;

    /** The data config every run of quick.yaml uses (one for all variants and seeds). */
    private static DataConfig quickData() {
        List<DataConfig> configs = Planner.expand(SpecLoader.load(REPO.resolve("experiments/quick.yaml")))
                .variants().stream().map(Variant::config).map(RunConfig::data).distinct().toList();
        assertEquals(1, configs.size(), configs.toString());
        return configs.get(0);
    }

    /** A locator for a machine without the Debian package: its directory is empty, no $SELAB_DATA, no cache. */
    private DataLocator withoutDebian(Path emptyDebianDir) {
        return new DataLocator(Map.of(), tmp.resolve("home"), Map.of(selab.data.DataSource.FASHION_MNIST, List.of(emptyDebianDir)), REPO);
    }

    @Test
    void quickYamlReadsTheShippedSliceWhenTheDebianPackageIsAbsent() throws IOException {
        Path emptyDebian = Files.createDirectories(tmp.resolve("usr/share/datasets/fashion-mnist"));
        DataLocator locator = withoutDebian(emptyDebian);
        DataConfig cfg = quickData();
        assertEquals("data/fashion-mnist-quick", cfg.path(), "relative, so the run id is the same in every clone");

        assertEquals(SLICE, locator.locate(selab.data.DataSource.of(cfg.source()), cfg.path(), null));
        Splits s = DataSources.load(cfg, null, locator);
        assertEquals(4000, s.train().n());
        assertEquals(2000, s.test().n());
        assertEquals(List.of(1, 28, 28, 10),
                List.of(s.train().channels(), s.train().height(), s.train().width(), s.train().classes()));
        // Class counts of the slice's label files, counted by Python's collections.Counter.
        assertArrayEquals(new int[] {403, 444, 365, 409, 373, 403, 429, 396, 376, 402}, s.train().classCounts());
        assertArrayEquals(new int[] {201, 194, 192, 170, 210, 220, 205, 199, 208, 201}, s.test().classCounts());

        // Control: this locator really has no full data set to fall back on.
        DataConfig searched = new DataConfig(cfg.source(), null, null, null, null, cfg.augment());
        DataNotFoundException e = assertThrows(DataNotFoundException.class,
                () -> DataSources.load(searched, null, locator));
        assertTrue(e.getMessage().contains(emptyDebian + " (exists, but without those files)"), e.getMessage());
    }

    @Test
    void theSliceIsByteForByteTheSubsetQuickYamlDrewFromTheFullDataSet() {
        Path debian = DataLocator.DEBIAN_FASHION_MNIST;
        assumeTrue(Files.isRegularFile(debian.resolve("train-images-idx3-ubyte.gz")),
                "dataset-fashion-mnist not installed at " + debian);
        DataConfig quick = quickData();
        // quick.yaml as it was before the slice: the same subset sizes drawn from the full Debian files.
        DataConfig full = new DataConfig(quick.source(), debian.toString(), quick.trainSubset(), quick.testSubset(),
                quick.imageSize(), quick.augment());
        DataLocator locator = DataLocator.system();
        Splits fromSlice = DataSources.load(quick, null, locator);
        Splits fromFull = DataSources.load(full, null, locator);

        assertArrayEquals(fromFull.train().pixels(), fromSlice.train().pixels());
        assertArrayEquals(fromFull.train().labels(), fromSlice.train().labels());
        assertArrayEquals(fromFull.test().pixels(), fromSlice.test().pixels());
        assertArrayEquals(fromFull.test().labels(), fromSlice.test().labels());
        // So a run's data fingerprint is the one it had when it read the full files.
        assertEquals(new ContentHash().add(fromFull.train()).add(fromFull.test()).hex(),
                new ContentHash().add(fromSlice.train()).add(fromSlice.test()).hex());
    }

    @Test
    void theScriptRegeneratesTheShippedSlice() throws Exception {
        Path debian = DataLocator.DEBIAN_FASHION_MNIST;
        assumeTrue(Files.isRegularFile(debian.resolve("train-images-idx3-ubyte.gz")),
                "dataset-fashion-mnist not installed at " + debian);
        Path out = tmp.resolve("cut");
        Path log = tmp.resolve("cut.log");
        Process p;
        try {
            p = new ProcessBuilder("python3", REPO.resolve("scripts/cut-quick-slice.py").toString(),
                    "--source", debian.toString(), "--out", out.toString())
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        } catch (IOException e) {
            assumeTrue(false, "python3 is not installed: " + e.getMessage());
            return;
        }
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "cut-quick-slice.py did not finish in 120 s");
        assertEquals(0, p.exitValue(), Files.readString(log));

        try (Stream<Path> cut = Files.list(out)) {
            assertEquals(FILES.stream().sorted().toList(), cut.map(f -> f.getFileName().toString()).sorted().toList());
        }
        for (String f : FILES) {
            // Decompressed: gzip's bytes may differ between zlib versions, the IDX content may not.
            assertArrayEquals(gunzip(SLICE.resolve(f)), gunzip(out.resolve(f)), f);
        }
    }

    private static byte[] gunzip(Path file) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
            return in.readAllBytes();
        }
    }
}
