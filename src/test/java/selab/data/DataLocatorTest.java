package selab.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataLocatorTest {

    @TempDir
    Path tmp;

    private DataLocator locator(Map<String, String> env, Path systemFashion) {
        return new DataLocator(env, tmp.resolve("home"), Map.of(DataSource.FASHION_MNIST, List.of(systemFashion)),
                tmp.resolve("selab-root"));
    }

    @Test
    void explicitPathWins() throws IOException {
        Path explicit = tmp.resolve("mine");
        TestFiles.writeTinyIdxDir(explicit, true);
        TestFiles.writeTinyIdxDir(tmp.resolve("env/mnist"), true);
        DataLocator loc = locator(Map.of("SELAB_DATA", tmp.resolve("env").toString()), tmp.resolve("none"));
        assertEquals(explicit, loc.locate(DataSource.MNIST, explicit.toString(), null));
    }

    @Test
    void explicitPathWithoutDataDoesNotFallBack() throws IOException {
        TestFiles.writeTinyIdxDir(tmp.resolve("env/mnist"), true);
        DataLocator loc = locator(Map.of("SELAB_DATA", tmp.resolve("env").toString()), tmp.resolve("none"));
        DataNotFoundException e = assertThrows(DataNotFoundException.class,
                () -> loc.locate(DataSource.MNIST, tmp.resolve("empty").toString(), null));
        assertTrue(e.getMessage().contains("data.path " + tmp.resolve("empty")), e.getMessage());
    }

    @Test
    void relativeExplicitPathIsTakenFromSelabsRootNotTheWorkingDirectory() throws IOException {
        Path shipped = tmp.resolve("selab-root/data/slice");
        TestFiles.writeTinyIdxDir(shipped, true);
        DataLocator loc = locator(Map.of(), tmp.resolve("none"));
        assertEquals(shipped, loc.locate(DataSource.FASHION_MNIST, "data/slice", null));
        assertEquals(shipped, loc.locate(DataSource.FASHION_MNIST, "./data/../data/slice", null));
        DataNotFoundException e = assertThrows(DataNotFoundException.class,
                () -> loc.locate(DataSource.FASHION_MNIST, "data/elsewhere", null));
        assertTrue(e.getMessage().startsWith("data.path 'data/elsewhere' (" + tmp.resolve("selab-root/data/elsewhere")
                + ": relative paths are taken from selab's root directory) does not hold fashion-mnist data"),
                e.getMessage());
    }

    @Test
    void searchOrderDataRootThenEnvThenSystemThenCache() throws IOException {
        Path cache = tmp.resolve("home/.cache/selab/fashion-mnist");
        Path system = tmp.resolve("usr/share/datasets/fashion-mnist");
        Path envSub = tmp.resolve("env/fashion-mnist");
        Path root = tmp.resolve("root");
        DataLocator loc = locator(Map.of("SELAB_DATA", tmp.resolve("env").toString()), system);

        TestFiles.writeTinyIdxDir(cache, false);
        assertEquals(cache, loc.locate(DataSource.FASHION_MNIST, null, root));
        TestFiles.writeTinyIdxDir(system, true);
        assertEquals(system, loc.locate(DataSource.FASHION_MNIST, null, root));
        TestFiles.writeTinyIdxDir(tmp.resolve("env"), true); // bare $SELAB_DATA
        assertEquals(tmp.resolve("env"), loc.locate(DataSource.FASHION_MNIST, null, root));
        TestFiles.writeTinyIdxDir(envSub, true);
        assertEquals(envSub, loc.locate(DataSource.FASHION_MNIST, null, root));
        TestFiles.writeTinyIdxDir(root.resolve("fashion-mnist"), true);
        assertEquals(root.resolve("fashion-mnist"), loc.locate(DataSource.FASHION_MNIST, null, root));
    }

    @Test
    void systemDirectoryIsOnlyForItsSource() throws IOException {
        Path system = tmp.resolve("sys");
        TestFiles.writeTinyIdxDir(system, true);
        DataLocator loc = locator(Map.of(), system);
        assertEquals(system, loc.locate(DataSource.FASHION_MNIST, null, null));
        assertThrows(DataNotFoundException.class, () -> loc.locate(DataSource.MNIST, null, null));
    }

    @Test
    void cifarArchiveDirectoryCounts() throws IOException {
        Path env = tmp.resolve("env");
        Files.createDirectories(env.resolve("cifar10/cifar-10-batches-bin"));
        Files.write(env.resolve("cifar10/cifar-10-batches-bin/data_batch_1.bin"), new byte[3073]);
        DataLocator loc = locator(Map.of("SELAB_DATA", env.toString()), tmp.resolve("none"));
        assertEquals(env.resolve("cifar10"), loc.locate(DataSource.CIFAR10, null, null));
    }

    @Test
    void notFoundMessageListsPlacesAndHowToGetFashionMnist() {
        Path system = tmp.resolve("sys");
        DataLocator loc = locator(Map.of(), system);
        DataNotFoundException e = assertThrows(DataNotFoundException.class,
                () -> loc.locate(DataSource.FASHION_MNIST, null, tmp.resolve("root")));
        String msg = e.getMessage();
        assertTrue(msg.contains(tmp.resolve("root/fashion-mnist").toString()), msg);
        assertTrue(msg.contains(system.toString()), msg);
        assertTrue(msg.contains(tmp.resolve("home/.cache/selab/fashion-mnist").toString()), msg);
        assertTrue(msg.contains("$SELAB_DATA is not set"), msg);
        assertTrue(msg.contains("sudo apt-get install dataset-fashion-mnist"), msg);
    }

    @Test
    void notFoundMessageForCifarPointsToTheBinaryVersion() {
        DataLocator loc = locator(Map.of("SELAB_DATA", tmp.toString()), tmp.resolve("sys"));
        String msg = assertThrows(DataNotFoundException.class, () -> loc.locate(DataSource.CIFAR100, null, null)).getMessage();
        assertTrue(msg.contains("https://www.cs.toronto.edu/~kriz/cifar.html"), msg);
        assertTrue(msg.contains("binary version"), msg);
        assertTrue(msg.contains("--data"), msg);
        assertTrue(msg.contains(tmp.resolve("cifar100").toString()), msg);
    }
}
