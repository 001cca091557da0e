package selab.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Reads the real Fashion-MNIST from Debian's dataset-fashion-mnist package; skipped where it is not installed. */
class FashionMnistRealDataTest {

    @Test
    void debianFashionMnistHasTheKnownSizes() {
        Path dir = DataLocator.DEBIAN_FASHION_MNIST;
        assumeTrue(Files.isRegularFile(dir.resolve("train-images-idx3-ubyte.gz")),
                "dataset-fashion-mnist not installed at " + dir);
        Splits s = DataSources.load(new DataConfig("fashion-mnist", dir.toString(), null, null, null,
                DataConfig.Augment.NONE), null);
        assertEquals(60000, s.train().n());
        assertEquals(10000, s.test().n());
        assertEquals(1, s.train().channels());
        assertEquals(28, s.train().height());
        assertEquals(28, s.train().width());
        assertEquals(10, s.train().classes());
        for (int count : s.train().classCounts()) {
            assertEquals(6000, count);
        }
        for (int count : s.test().classCounts()) {
            assertEquals(1000, count);
        }
        // Published Fashion-MNIST training mean ≈ 0.2860 and std ≈ 0.3530 on the 0..1 scale
        assertEquals(0.2860, s.train().channelStats().mean()[0] / 255, 0.001);
        assertEquals(0.3530, s.train().channelStats().std()[0] / 255, 0.001);
    }
}
