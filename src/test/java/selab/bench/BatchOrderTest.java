package selab.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class BatchOrderTest {

    @Test
    void eachEpochVisitsEveryFullBatchIndexOnceAndDropsTheTail() {
        BatchOrder order = new BatchOrder(10, 3, new Random(1));
        assertEquals(3, order.batchesPerEpoch()); // 10 / 3, tail of 1 dropped
        for (int epoch = 0; epoch < 3; epoch++) {
            TreeSet<Long> seen = new TreeSet<>();
            for (int b = 0; b < 3; b++) {
                for (long i : order.next()) {
                    assertEquals(true, i >= 0 && i < 10, "index " + i);
                    seen.add(i);
                }
            }
            assertEquals(9, seen.size(), "9 distinct indices per epoch, got " + seen);
        }
    }

    @Test
    void batchLargerThanTheSplitIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> new BatchOrder(4, 5, new Random(1)));
    }
}
