package selab.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ImageSetTest {

    /** n images of 1×1×2 where image i has pixels (i, i+100) and label i % 3. */
    private static ImageSet numbered(int n) {
        byte[] px = new byte[2 * n];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            px[2 * i] = (byte) i;
            px[2 * i + 1] = (byte) (i + 100);
            labels[i] = i % 3;
        }
        return new ImageSet(px, labels, n, 1, 1, 2, 3, "numbered");
    }

    @Test
    void subsetIsDeterministicDistinctAndConsistent() {
        ImageSet all = numbered(50);
        ImageSet a = all.subset(20, 42);
        ImageSet b = all.subset(20, 42);
        assertArrayEquals(a.pixels(), b.pixels());
        assertArrayEquals(a.labels(), b.labels());
        assertEquals(20, a.n());
        Set<Integer> seen = new HashSet<>();
        int previous = -1;
        for (int k = 0; k < a.n(); k++) {
            int original = a.pixels()[2 * k];
            assertTrue(seen.add(original), "duplicate image " + original);
            assertTrue(original > previous, "subset keeps original order");
            previous = original;
            assertEquals(original + 100, a.pixels()[2 * k + 1] & 0xFF);
            assertEquals(original % 3, a.labels()[k]);
        }
        assertFalse(java.util.Arrays.equals(a.pixels(), all.subset(20, 43).pixels()), "seed matters");
        assertEquals(all, all.subset(50, 1));
        assertThrows(IllegalArgumentException.class, () -> all.subset(51, 1));
        assertThrows(IllegalArgumentException.class, () -> all.subset(0, 1));
    }

    @Test
    void channelStatsMatchHandComputation() {
        // two 2-channel 1×2 images: channel 0 values {0, 2, 4, 6}, channel 1 values {10, 10, 10, 10}
        byte[] px = {0, 2, 10, 10, 4, 6, 10, 10};
        ImageSet set = new ImageSet(px, new int[] {0, 1}, 2, 2, 1, 2, 2, "t");
        ChannelStats s = set.channelStats();
        assertEquals(3.0, s.mean()[0], 1e-12);
        assertEquals(Math.sqrt(5.0), s.std()[0], 1e-12); // population variance of 0,2,4,6 = 5
        assertEquals(10.0, s.mean()[1], 1e-12);
        assertEquals(1.0, s.std()[1], 1e-12); // constant channel: std replaced by 1
    }

    @Test
    void channelStatsTreatBytesAsUnsigned() {
        byte[] px = {(byte) 255, (byte) 255, (byte) 200, (byte) 0};
        ChannelStats s = new ImageSet(px, new int[] {0}, 1, 1, 2, 2, 1, "t").channelStats();
        assertEquals((255 + 255 + 200) / 4.0, s.mean()[0], 1e-12);
    }

    @Test
    void toNDArraysKeepsLayoutAndTypes() {
        ImageSet set = numbered(5);
        try (NDManager m = NDManager.newBaseManager()) {
            NDList list = set.toNDArrays(m);
            assertEquals(DataType.UINT8, list.get(0).getDataType());
            assertEquals(new Shape(5, 1, 1, 2), list.get(0).getShape());
            assertArrayEquals(set.pixels(), list.get(0).toByteArray());
            assertEquals(DataType.INT64, list.get(1).getDataType());
            assertArrayEquals(new long[] {0, 1, 2, 0, 1}, list.get(1).toLongArray());
        }
    }

    @Test
    void rejectsInconsistentInput() {
        assertThrows(IllegalArgumentException.class, () -> new ImageSet(new byte[3], new int[] {0}, 1, 1, 2, 2, 2, "x"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ImageSet(new byte[4], new int[] {2}, 1, 1, 2, 2, 2, "x"));
        assertTrue(e.getMessage().contains("label 2"), e.getMessage());
    }
}
