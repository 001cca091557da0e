package selab.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CifarReaderTest {

    @TempDir
    Path root;

    /** Five train batches of 2 records each (labels 2b, 2b+1) and a test batch of 3, in cifar-10-batches-bin/. */
    private byte[] writeCifar10(Path dir) throws IOException {
        byte[] allTrain = TestFiles.randomBytes(10 * 3072, 10);
        for (int b = 0; b < 5; b++) {
            byte[] px = Arrays.copyOfRange(allTrain, b * 2 * 3072, (b + 1) * 2 * 3072);
            TestFiles.write(dir.resolve("data_batch_" + (b + 1) + ".bin"),
                    TestFiles.cifarRecords(new int[][] {{(2 * b) % 10}, {(2 * b + 1) % 10}}, px));
        }
        TestFiles.write(dir.resolve("test_batch.bin"),
                TestFiles.cifarRecords(new int[][] {{9}, {0}, {4}}, TestFiles.randomBytes(3 * 3072, 11)));
        return allTrain;
    }

    @Test
    void cifar10ReadsAllBatchesInOrderFromArchiveDir() throws IOException {
        byte[] allTrain = writeCifar10(root.resolve("cifar-10-batches-bin"));
        ImageSet train = CifarReader.readSplit(root, CifarReader.Variant.CIFAR10, Split.TRAIN);
        assertEquals(10, train.n());
        assertEquals(3, train.channels());
        assertEquals(32, train.height());
        assertEquals(32, train.width());
        assertEquals(10, train.classes());
        assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, train.labels());
        assertArrayEquals(allTrain, train.pixels());

        ImageSet test = CifarReader.readSplit(root, CifarReader.Variant.CIFAR10, Split.TEST);
        assertArrayEquals(new int[] {9, 0, 4}, test.labels());
        assertArrayEquals(TestFiles.randomBytes(3 * 3072, 11), test.pixels());
    }

    @Test
    void cifar10AlsoReadsDirectly() throws IOException {
        writeCifar10(root);
        assertEquals(10, CifarReader.readSplit(root, CifarReader.Variant.CIFAR10, Split.TRAIN).n());
        assertNull(CifarReader.resolveDir(root, CifarReader.Variant.CIFAR100));
    }

    @Test
    void cifar100UsesFineLabel() throws IOException {
        byte[] px = TestFiles.randomBytes(3 * 3072, 12);
        TestFiles.write(root.resolve("train.bin"), TestFiles.cifarRecords(new int[][] {{19, 99}, {0, 42}, {3, 7}}, px));
        TestFiles.write(root.resolve("test.bin"), TestFiles.cifarRecords(new int[][] {{5, 55}}, new byte[3072]));
        ImageSet train = CifarReader.readSplit(root, CifarReader.Variant.CIFAR100, Split.TRAIN);
        assertEquals(100, train.classes());
        assertArrayEquals(new int[] {99, 42, 7}, train.labels());
        assertArrayEquals(px, train.pixels());
        assertArrayEquals(new int[] {55}, CifarReader.readSplit(root, CifarReader.Variant.CIFAR100, Split.TEST).labels());
    }

    @Test
    void truncatedBatchNamesFileAndSizes() throws IOException {
        writeCifar10(root);
        Path bad = root.resolve("data_batch_3.bin");
        byte[] content = Files.readAllBytes(bad);
        Files.write(bad, Arrays.copyOf(content, content.length - 100)); // 2*3073 - 100 = 6046
        DataFormatException e = assertThrows(DataFormatException.class,
                () -> CifarReader.readSplit(root, CifarReader.Variant.CIFAR10, Split.TRAIN));
        assertTrue(e.getMessage().startsWith(bad.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("multiple of 3073 bytes") && e.getMessage().contains("got 6046 bytes"),
                e.getMessage());
        assertTrue(e.getMessage().contains("expected 6146"), e.getMessage());
    }

    @Test
    void labelOutOfRange() throws IOException {
        Path f = TestFiles.write(root.resolve("x.bin"), TestFiles.cifarRecords(new int[][] {{3}, {10}}, new byte[2 * 3072]));
        DataFormatException e = assertThrows(DataFormatException.class,
                () -> CifarReader.read(java.util.List.of(f), CifarReader.Variant.CIFAR10));
        assertTrue(e.getMessage().contains(f.toString()) && e.getMessage().contains("label 10 of record 1"),
                e.getMessage());
    }

    @Test
    void cifar100CoarseLabelOutOfRange() throws IOException {
        Path f = TestFiles.write(root.resolve("train.bin"), TestFiles.cifarRecords(new int[][] {{20, 1}}, new byte[3072]));
        DataFormatException e = assertThrows(DataFormatException.class,
                () -> CifarReader.read(java.util.List.of(f), CifarReader.Variant.CIFAR100));
        assertTrue(e.getMessage().contains("coarse label 20"), e.getMessage());
    }

    @Test
    void missingBatchIsReported() throws IOException {
        writeCifar10(root);
        Files.delete(root.resolve("data_batch_4.bin"));
        DataNotFoundException e = assertThrows(DataNotFoundException.class,
                () -> CifarReader.readSplit(root, CifarReader.Variant.CIFAR10, Split.TRAIN));
        assertTrue(e.getMessage().contains("data_batch_4.bin"), e.getMessage());
    }
}
