package selab.data;

import selab.train.RecipeConfig;
import selab.train.Schedule;
import selab.train.Trainer;


import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import javax.imageio.ImageIO;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import selab.data.DataConfig;
import selab.data.DataFormatException;
import selab.model.ModelConfig;
import selab.model.SeConfig;
import selab.model.SeResNet;
import selab.train.HistoryRow;

/** Image folders too large for memory are streamed from disk; a streamed batch equals a resident one. */
class StreamedFolderTest {

    @TempDir
    Path root;

    /** Train: ant = red-ish (200, 10, 30) x2, bee = (20, 120, 250) x2 (12x10 px); val: one of each. */
    private void solidFolder() throws IOException {
        png("train/ant/a1.png", 0xC80A1E);
        png("train/ant/a2.png", 0xC80A1E);
        png("train/bee/b1.png", 0x1478FA);
        png("train/bee/b2.png", 0x1478FA);
        png("val/ant/a3.png", 0xC80A1E);
        png("val/bee/b3.png", 0x1478FA);
    }

    private void png(String name, int rgb) throws IOException {
        BufferedImage img = new BufferedImage(12, 10, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 10; y++) {
            for (int x = 0; x < 12; x++) {
                img.setRGB(x, y, rgb);
            }
        }
        write(name, img);
    }

    private void write(String name, BufferedImage img) throws IOException {
        Path file = root.resolve(name);
        Files.createDirectories(file.getParent());
        assertTrue(ImageIO.write(img, "png", file.toFile()));
    }

    private DataConfig config(DataConfig.Augment augment) {
        return new DataConfig("imagefolder", root.toString(), null, null, 8, augment);
    }

    @Test
    void streamedEvaluationBatchIsTheDecodedPixelsNormalisedWithTheTrainingStatistics() throws IOException {
        solidFolder();
        // Per channel, half the training pixels have one colour and half the other:
        // mean = (a + b) / 2, population std = |a - b| / 2. R: 110 ± 90, G: 65 ± 55, B: 140 ± 110.
        float[] red = {(200 - 110) / 90f, (10 - 65) / 55f, (30 - 140) / 110f}; // = (1, -1, -1)
        float[] blue = {(20 - 110) / 90f, (120 - 65) / 55f, (250 - 140) / 110f}; // = (-1, 1, 1)
        try (NDManager base = NDManager.newBaseManager();
                LoadedData data = new LoadedData(config(DataConfig.Augment.NONE), null, base, 0);
                NDManager step = base.newSubManager()) {
            assertTrue(data.describe().contains("streamed from disk"), data.describe());
            assertEquals(2, data.test().size());
            NDList batch = data.test().batch(step, new long[] {1, 0}, false, new Random(0));
            float[] x = batch.get(0).toFloatArray();
            assertEquals(2 * 3 * 8 * 8, x.length);
            for (int c = 0; c < 3; c++) {
                for (int p = 0; p < 64; p++) {
                    assertEquals(blue[c], x[c * 64 + p], 1e-5, "image 0 (bee) channel " + c);
                    assertEquals(red[c], x[(3 + c) * 64 + p], 1e-5, "image 1 (ant) channel " + c);
                }
            }
            assertArrayEquals(new long[] {1, 0}, batch.get(1).toLongArray());
        }
    }

    @Test
    void streamedBatchesEqualResidentOnesWithAugmentation() throws IOException {
        Random pixels = new Random(3);
        for (int i = 0; i < 6; i++) {
            BufferedImage img = new BufferedImage(14 + i, 11, BufferedImage.TYPE_INT_RGB);
            for (int y = 0; y < img.getHeight(); y++) {
                for (int x = 0; x < img.getWidth(); x++) {
                    img.setRGB(x, y, pixels.nextInt(1 << 24));
                }
            }
            write((i < 4 ? "train/" : "val/") + (i % 2 == 0 ? "cat" : "dog") + "/" + i + ".png", img);
        }
        DataConfig cfg = config(new DataConfig.Augment(2, true, true));
        long[] idx = {3, 0, 2, 0};
        try (NDManager base = NDManager.newBaseManager();
                LoadedData resident = new LoadedData(cfg, null, base, Long.MAX_VALUE);
                LoadedData streamed = new LoadedData(cfg, null, base, 0);
                NDManager step = base.newSubManager()) {
            assertTrue(resident.describe().contains("in memory"), resident.describe());
            assertEquals(resident.geometry(), streamed.geometry());
            for (boolean train : new boolean[] {true, false}) {
                NDList a = resident.train().batch(step, idx, train, new Random(42));
                NDList b = streamed.train().batch(step, idx, train, new Random(42));
                assertArrayEquals(a.get(0).toFloatArray(), b.get(0).toFloatArray(), 0f, "train=" + train);
                assertArrayEquals(a.get(1).toLongArray(), b.get(1).toLongArray());
            }
            NDList a = resident.test().batch(step, new long[] {1, 0}, false, new Random(1));
            NDList b = streamed.test().batch(step, new long[] {1, 0}, false, new Random(1));
            assertArrayEquals(a.get(0).toFloatArray(), b.get(0).toFloatArray(), 0f, "test split");
        }
    }

    /** {@code train} random-noise images in 3 classes for train/, 6 for val/, sides 16..21 px. */
    private void noiseFolder(int train) throws IOException {
        Random pixels = new Random(11);
        for (int i = 0; i < train + 6; i++) {
            BufferedImage img = new BufferedImage(16 + i % 6, 17, BufferedImage.TYPE_INT_RGB);
            for (int y = 0; y < img.getHeight(); y++) {
                for (int x = 0; x < img.getWidth(); x++) {
                    img.setRGB(x, y, pixels.nextInt(1 << 24));
                }
            }
            write((i < train ? "train/c" : "val/c") + (i % 3) + "/" + i + ".png", img);
        }
    }

    @Test
    void aPrefetchedBatchIsTheBatchAndAnUnfollowedHintIsIgnored() throws IOException {
        noiseFolder(9);
        DataConfig cfg = new DataConfig("imagefolder", root.toString(), null, null, 16, new DataConfig.Augment(2, true, false));
        try (NDManager base = NDManager.newBaseManager();
                LoadedData resident = new LoadedData(cfg, null, base, Long.MAX_VALUE);
                LoadedData streamed = new LoadedData(cfg, null, base, 0);
                NDManager step = base.newSubManager()) {
            long[] a = {8, 1, 4};
            long[] b = {0, 2, 7};
            streamed.train().prefetch(a);
            assertArrayEquals(resident.train().batch(step, a, true, new Random(5)).get(0).toFloatArray(),
                    streamed.train().batch(step, a, true, new Random(5)).get(0).toFloatArray(), 0f, "prefetched");
            streamed.train().prefetch(a); // the hint is not followed: batch b is asked for instead
            assertArrayEquals(resident.train().batch(step, b, true, new Random(6)).get(0).toFloatArray(),
                    streamed.train().batch(step, b, true, new Random(6)).get(0).toFloatArray(), 0f, "not prefetched");
        }
    }

    @Test
    void anUnreadableImageInAPrefetchedBatchIsReportedWithItsFileWhenTheBatchIsTaken() throws IOException {
        noiseFolder(3);
        Files.write(root.resolve("val/c1/zz-broken.png"), new byte[] {1, 2, 3, 4, 5});
        DataConfig cfg = new DataConfig("imagefolder", root.toString(), null, null, 16, DataConfig.Augment.NONE);
        try (NDManager base = NDManager.newBaseManager();
                LoadedData data = new LoadedData(cfg, null, base, 0);
                NDManager step = base.newSubManager()) {
            long[] all = new long[data.test().size()];
            for (int i = 0; i < all.length; i++) {
                all[i] = i;
            }
            data.test().prefetch(all); // fails in the background, silently
            DataFormatException e = assertThrows(DataFormatException.class,
                    () -> data.test().batch(step, all, false, new Random(0)));
            assertTrue(e.getMessage().contains("zz-broken.png"), e.getMessage());
        }
    }

    @Test
    void trainingOnAStreamedFolderMatchesTrainingOnAResidentOne() throws IOException {
        noiseFolder(12);
        DataConfig cfg = new DataConfig("imagefolder", root.toString(), null, null, 16, new DataConfig.Augment(2, true, false));
        RecipeConfig recipe = new RecipeConfig(2, 4, "sgd", 0.05, 0.9, false, 5e-4, false, Schedule.COSINE, 30, List.of(),
                0.1, 0, 0.0);
        List<HistoryRow> resident = fit(cfg, recipe, Long.MAX_VALUE);
        List<HistoryRow> streamed = fit(cfg, recipe, 0);
        assertEquals(resident.size(), streamed.size());
        for (int e = 0; e < resident.size(); e++) {
            // Same images, same order, same augmentation: the losses agree up to float32 summation-order
            // noise (~1e-5 seen between two fits in one JVM); one wrong image moves them by far more.
            assertEquals(resident.get(e).trainLoss(), streamed.get(e).trainLoss(), 1e-3, "train loss, epoch " + (e + 1));
            assertEquals(resident.get(e).testLoss(), streamed.get(e).testLoss(), 1e-3, "test loss, epoch " + (e + 1));
        }
    }

    private static List<HistoryRow> fit(DataConfig cfg, RecipeConfig recipe, long cacheLimit) throws IOException {
        try (NDManager m = NDManager.newBaseManager(); LoadedData data = new LoadedData(cfg, null, m, cacheLimit)) {
            Block net = SeResNet.build(new ModelConfig("resnet-20", SeConfig.paperDefault(), 0.25), data.geometry());
            Trainer.initialise(net, 3, m, new Shape(4, 3, 16, 16));
            return new Trainer(net, recipe, 3, m, null, null).fit(data.train(), data.test()).history();
        }
    }

    @Test
    void anIndexOutsideTheStreamedSplitIsRejected() throws IOException {
        solidFolder();
        try (NDManager base = NDManager.newBaseManager();
                LoadedData data = new LoadedData(config(DataConfig.Augment.NONE), null, base, 0);
                NDManager step = base.newSubManager()) {
            assertThrows(IndexOutOfBoundsException.class,
                    () -> data.train().batch(step, new long[] {0, 4}, false, new Random(0)));
        }
    }
}
