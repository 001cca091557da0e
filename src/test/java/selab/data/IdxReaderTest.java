package selab.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IdxReaderTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void readsWhatWasWritten(boolean gz) throws IOException {
        TestFiles.writeTinyIdxDir(dir, gz);
        ImageSet train = IdxReader.readSplit(dir, Split.TRAIN, 10);
        assertEquals(6, train.n());
        assertEquals(1, train.channels());
        assertEquals(3, train.height());
        assertEquals(2, train.width());
        assertEquals(10, train.classes());
        assertArrayEquals(TestFiles.randomBytes(36, 1), train.pixels());
        assertArrayEquals(new int[] {0, 1, 2, 9, 5, 5}, train.labels());

        ImageSet test = IdxReader.readSplit(dir, Split.TEST, 10);
        assertArrayEquals(TestFiles.randomBytes(24, 2), test.pixels());
        assertArrayEquals(new int[] {3, 3, 7, 0}, test.labels());
    }

    @Test
    void acceptsDottedFileNames() throws IOException {
        TestFiles.write(dir.resolve("train-images.idx3-ubyte"), TestFiles.idxImages(2, 1, 1, new byte[] {7, 8}));
        TestFiles.write(dir.resolve("train-labels.idx1-ubyte"), TestFiles.idxLabels(new int[] {4, 2}));
        ImageSet set = IdxReader.readSplit(dir, Split.TRAIN, 10);
        assertArrayEquals(new byte[] {7, 8}, set.pixels());
        assertArrayEquals(new int[] {4, 2}, set.labels());
    }

    @Test
    void badMagicNamesFileAndNumbers() throws IOException {
        byte[] images = TestFiles.idxImages(2, 1, 1, new byte[] {1, 2});
        images[3] = 0x01; // 0x00000801: a labels file where images are expected
        Path img = TestFiles.write(dir.resolve("imgs"), images);
        Path lab = TestFiles.write(dir.resolve("labs"), TestFiles.idxLabels(new int[] {0, 1}));
        DataFormatException e = assertThrows(DataFormatException.class, () -> IdxReader.read(img, lab, 10));
        assertTrue(e.getMessage().contains(img.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("bad magic number 0x00000801"), e.getMessage());
        assertTrue(e.getMessage().contains("0x00000803"), e.getMessage());
    }

    @Test
    void truncatedImagesSayExpectedAndActualSize() throws IOException {
        byte[] full = TestFiles.idxImages(3, 2, 2, new byte[12]);
        Path img = TestFiles.write(dir.resolve("train-images-idx3-ubyte.gz"), Arrays.copyOf(full, full.length - 5));
        Path lab = TestFiles.write(dir.resolve("train-labels-idx1-ubyte.gz"), TestFiles.idxLabels(new int[] {0, 1, 2}));
        DataFormatException e = assertThrows(DataFormatException.class, () -> IdxReader.readSplit(dir, Split.TRAIN, 10));
        assertTrue(e.getMessage().startsWith(img.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
        assertTrue(e.getMessage().contains("expected 28 bytes, got 23"), e.getMessage()); // 16 + 3*2*2
    }

    @Test
    void truncatedHeader() throws IOException {
        Path img = TestFiles.write(dir.resolve("i"), new byte[] {0, 0, 8, 3, 0});
        Path lab = TestFiles.write(dir.resolve("l"), TestFiles.idxLabels(new int[] {0}));
        DataFormatException e = assertThrows(DataFormatException.class, () -> IdxReader.read(img, lab, 10));
        assertTrue(e.getMessage().contains(img.toString()) && e.getMessage().contains("got 5"), e.getMessage());
    }

    @Test
    void labelOutOfRange() throws IOException {
        Path img = TestFiles.write(dir.resolve("i"), TestFiles.idxImages(2, 1, 1, new byte[2]));
        Path lab = TestFiles.write(dir.resolve("l"), TestFiles.idxLabels(new int[] {3, 10}));
        DataFormatException e = assertThrows(DataFormatException.class, () -> IdxReader.read(img, lab, 10));
        assertTrue(e.getMessage().contains(lab.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("label 10 at index 1 is out of range [0, 10)"), e.getMessage());
    }

    @Test
    void countMismatch() throws IOException {
        Path img = TestFiles.write(dir.resolve("i"), TestFiles.idxImages(2, 1, 1, new byte[2]));
        Path lab = TestFiles.write(dir.resolve("l"), TestFiles.idxLabels(new int[] {1, 2, 3}));
        DataFormatException e = assertThrows(DataFormatException.class, () -> IdxReader.read(img, lab, 10));
        assertTrue(e.getMessage().contains("3 labels") && e.getMessage().contains("2 images"), e.getMessage());
    }

    @Test
    void corruptGzipNamesFile() throws IOException {
        TestFiles.write(dir.resolve("train-labels-idx1-ubyte"), TestFiles.idxLabels(new int[] {0}));
        Path img = dir.resolve("train-images-idx3-ubyte.gz");
        Files.write(img, new byte[] {0x1f, (byte) 0x8b, 8, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9});
        DataFormatException e = assertThrows(DataFormatException.class, () -> IdxReader.readSplit(dir, Split.TRAIN, 10));
        assertTrue(e.getMessage().contains(img.toString()) && e.getMessage().contains("gzip"), e.getMessage());
    }

    @Test
    void missingFileListsNamesTried() throws IOException {
        TestFiles.write(dir.resolve("train-images-idx3-ubyte"), TestFiles.idxImages(1, 1, 1, new byte[1]));
        DataNotFoundException e = assertThrows(DataNotFoundException.class, () -> IdxReader.readSplit(dir, Split.TRAIN, 10));
        assertTrue(e.getMessage().contains("train-labels-idx1-ubyte.gz"), e.getMessage());
    }
}
