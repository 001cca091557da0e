package selab.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SyntheticSourceTest {

    @Test
    void sameSeedSameBytes() {
        Splits a = new SyntheticSource(3, 8, 4, 11).splits(40, 20);
        Splits b = new SyntheticSource(3, 8, 4, 11).splits(40, 20);
        assertArrayEquals(a.train().pixels(), b.train().pixels());
        assertArrayEquals(a.test().labels(), b.test().labels());
        assertFalse(Arrays.equals(a.train().pixels(), new SyntheticSource(3, 8, 4, 12).splits(40, 20).train().pixels()));
        assertFalse(Arrays.equals(a.train().pixels(), a.test().pixels()));
    }

    @Test
    void labelsAreBalanced() {
        ImageSet set = new SyntheticSource(1, 4, 5, 3).generate(100, 1, "s");
        assertArrayEquals(new int[] {20, 20, 20, 20, 20}, set.classCounts());
        assertEquals(5, set.classes());
        assertEquals(1, set.channels());
        assertEquals(4, set.height());
    }

    /** Learnability: a nearest-class-mean classifier fitted on train must do well on test. */
    @Test
    void nearestCentroidSeparatesTheClasses() {
        Splits s = new SyntheticSource(3, 12, 10, 5).splits(500, 200);
        int d = s.train().imageBytes();
        double[][] centroid = new double[10][d];
        int[] count = new int[10];
        for (int i = 0; i < s.train().n(); i++) {
            int k = s.train().labels()[i];
            count[k]++;
            for (int p = 0; p < d; p++) {
                centroid[k][p] += s.train().pixels()[i * d + p] & 0xFF;
            }
        }
        int correct = 0;
        for (int i = 0; i < s.test().n(); i++) {
            int best = -1;
            double bestDist = Double.MAX_VALUE;
            for (int k = 0; k < 10; k++) {
                double dist = 0;
                for (int p = 0; p < d; p++) {
                    double diff = (s.test().pixels()[i * d + p] & 0xFF) - centroid[k][p] / count[k];
                    dist += diff * diff;
                }
                if (dist < bestDist) {
                    bestDist = dist;
                    best = k;
                }
            }
            if (best == s.test().labels()[i]) {
                correct++;
            }
        }
        double accuracy = correct / (double) s.test().n();
        assertTrue(accuracy > 0.9, "nearest-centroid accuracy " + accuracy);
    }
}
