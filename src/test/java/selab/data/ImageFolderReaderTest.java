package selab.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFolderReaderTest {

    @TempDir
    Path root;

    private static Path png(Path file, BufferedImage img) throws IOException {
        Files.createDirectories(file.getParent());
        assertTrue(ImageIO.write(img, "png", file.toFile()));
        return file;
    }

    /** A w×h RGB image where pixel (x, y) = (r=10x+y, g=100+x, b=200+y). */
    private static BufferedImage gradient(int w, int h) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, ((10 * x + y) << 16) | ((100 + x) << 8) | (200 + y));
            }
        }
        return img;
    }

    private static BufferedImage solid(int w, int h, int rgb) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, rgb);
            }
        }
        return img;
    }

    @Test
    void readsPixelsAsChwAndLabelsFromSortedTrainClasses() throws IOException {
        png(root.resolve("train/zebra/a.png"), gradient(4, 4));
        png(root.resolve("train/ant/b.PNG"), solid(4, 4, 0x102030));
        Files.writeString(root.resolve("train/ant/readme.txt"), "not an image, ignored");
        png(root.resolve("val/zebra/c.png"), solid(4, 4, 0xFFFFFF));

        assertEquals(List.of("ant", "zebra"), ImageFolderReader.classNames(root));
        ImageSet train = ImageFolderReader.readSplit(root, Split.TRAIN, 4);
        assertEquals(2, train.n());
        assertEquals(2, train.classes());
        assertArrayEquals(new int[] {0, 1}, train.labels()); // ant first, then zebra
        byte[] px = train.pixels();
        assertEquals(0x10, px[0] & 0xFF); // ant image, R plane
        assertEquals(0x20, px[16] & 0xFF); // G plane
        assertEquals(0x30, px[32] & 0xFF); // B plane
        int z = 48; // zebra image
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 4; x++) {
                assertEquals(10 * x + y, px[z + y * 4 + x] & 0xFF);
                assertEquals(100 + x, px[z + 16 + y * 4 + x] & 0xFF);
                assertEquals(200 + y, px[z + 32 + y * 4 + x] & 0xFF);
            }
        }
        ImageSet val = ImageFolderReader.readSplit(root, Split.TEST, 4);
        assertArrayEquals(new int[] {1}, val.labels()); // zebra keeps train's index although val has no ant
        assertEquals(2, val.classes());
    }

    @Test
    void wideImageIsCentreCropped() throws IOException {
        BufferedImage img = new BufferedImage(8, 4, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 8; x++) {
                img.setRGB(x, y, x << 16); // red = column index
            }
        }
        png(root.resolve("train/a/wide.png"), img);
        ImageSet set = ImageFolderReader.readSplit(root, Split.TRAIN, 4);
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 4; x++) {
                assertEquals(x + 2, set.pixels()[y * 4 + x]); // central columns 2..5 of 8
            }
        }
    }

    @Test
    void largerImagesAreResizedAndGreyBecomesRgb() throws IOException {
        png(root.resolve("train/a/big.png"), solid(40, 30, 0x336699));
        BufferedImage grey = new BufferedImage(6, 6, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < 6; y++) {
            for (int x = 0; x < 6; x++) {
                grey.getRaster().setSample(x, y, 0, 77);
            }
        }
        png(root.resolve("train/b/grey.png"), grey);
        ImageSet set = ImageFolderReader.readSplit(root, Split.TRAIN, 3);
        assertEquals(2, set.n());
        byte[] px = set.pixels();
        for (int p = 0; p < 9; p++) {
            assertEquals(0x33, px[p] & 0xFF);
            assertEquals(0x66, px[9 + p] & 0xFF);
            assertEquals(0x99, px[18 + p] & 0xFF);
            for (int c = 0; c < 3; c++) {
                assertEquals(77, px[27 + c * 9 + p] & 0xFF, 1.0); // sRGB/linear grey conversion may round
            }
        }
    }

    @Test
    void corruptImageNamesTheFile() throws IOException {
        png(root.resolve("train/a/ok.png"), solid(2, 2, 0));
        Path bad = root.resolve("train/a/broken.jpg");
        Files.write(bad, new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, 1, 2, 3, 4, 5});
        DataFormatException e = assertThrows(DataFormatException.class,
                () -> ImageFolderReader.readSplit(root, Split.TRAIN, 2));
        assertTrue(e.getMessage().contains(bad.toString()), e.getMessage());
    }

    @Test
    void nonImageWithImageExtensionNamesTheFile() throws IOException {
        Path bad = root.resolve("train/a/text.png");
        Files.createDirectories(bad.getParent());
        Files.writeString(bad, "hello");
        DataFormatException e = assertThrows(DataFormatException.class,
                () -> ImageFolderReader.readSplit(root, Split.TRAIN, 2));
        assertTrue(e.getMessage().contains(bad.toString()) && e.getMessage().contains("decodable"), e.getMessage());
    }

    @Test
    void validationClassUnknownToTrainIsAnError() throws IOException {
        png(root.resolve("train/a/x.png"), solid(2, 2, 0));
        png(root.resolve("val/b/y.png"), solid(2, 2, 0));
        DataFormatException e = assertThrows(DataFormatException.class,
                () -> ImageFolderReader.readSplit(root, Split.TEST, 2));
        assertTrue(e.getMessage().contains("'b'") && e.getMessage().contains("known classes: a"), e.getMessage());
    }

    @Test
    void subsetDecodesTheSameImagesAsSubsettingAfterwards() throws IOException {
        for (int i = 0; i < 12; i++) {
            png(root.resolve("train/c" + (i % 3) + "/img" + i + ".png"), solid(3, 3, i * 0x0A0B0C));
        }
        ImageSet all = ImageFolderReader.readSplit(root, Split.TRAIN, 3);
        ImageSet early = ImageFolderReader.readSplit(root, Split.TRAIN, 3, 5, 99);
        ImageSet late = all.subset(5, 99);
        assertEquals(5, early.n());
        assertArrayEquals(late.pixels(), early.pixels());
        assertArrayEquals(late.labels(), early.labels());
    }

    @Test
    void loadsThroughDataSourcesWithImageSize() throws IOException {
        png(root.resolve("train/a/1.png"), solid(10, 10, 0x010203));
        png(root.resolve("train/b/2.png"), solid(10, 10, 0x040506));
        png(root.resolve("val/b/3.png"), solid(7, 9, 0x070809));
        Splits s = DataSources.load(new DataConfig("imagefolder", root.toString(), null, null, 5,
                DataConfig.Augment.NONE), null);
        assertEquals(5, s.train().height());
        assertEquals(5, s.test().width());
        assertArrayEquals(new int[] {1}, s.test().labels());
        assertEquals(7, s.test().pixels()[0]);
        assertEquals(9, s.test().pixels()[2 * 25]);
    }

    @Test
    void missingTrainDirectory() {
        DataNotFoundException e = assertThrows(DataNotFoundException.class,
                () -> ImageFolderReader.readSplit(root, Split.TRAIN, 2));
        assertTrue(e.getMessage().contains(root.toString()) && e.getMessage().contains("train/"), e.getMessage());
    }
}
