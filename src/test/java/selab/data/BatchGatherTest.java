package selab.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BatchGatherTest {

    @Test
    void evaluationBatchIsGatheredAndNormalised() {
        // 3 images of 2 channels × 1×2; image i channel c pixels = (10i + c, 10i + c + 1)
        byte[] px = new byte[3 * 4];
        for (int i = 0; i < 3; i++) {
            for (int c = 0; c < 2; c++) {
                px[i * 4 + c * 2] = (byte) (10 * i + c);
                px[i * 4 + c * 2 + 1] = (byte) (10 * i + c + 1);
            }
        }
        ImageSet set = new ImageSet(px, new int[] {2, 0, 1}, 3, 2, 1, 2, 3, "t");
        ChannelStats stats = new ChannelStats(new double[] {5, 100}, new double[] {2, 4});
        try (NDManager base = NDManager.newBaseManager(); NDManager step = base.newSubManager()) {
            NDList all = set.toNDArrays(base);
            BatchGather gather = new BatchGather(all.get(0), all.get(1), stats, DataConfig.Augment.NONE);
            NDList batch = gather.batch(step, new long[] {2, 0, 2}, false, new Random(0));
            NDArray x = batch.get(0);
            assertEquals(DataType.FLOAT32, x.getDataType());
            assertEquals(new Shape(3, 2, 1, 2), x.getShape());
            float[] expected = new float[12];
            long[] idx = {2, 0, 2};
            for (int b = 0; b < 3; b++) {
                int i = (int) idx[b];
                expected[b * 4] = (10 * i - 5) / 2f;
                expected[b * 4 + 1] = (10 * i + 1 - 5) / 2f;
                expected[b * 4 + 2] = (10 * i + 1 - 100) / 4f;
                expected[b * 4 + 3] = (10 * i + 2 - 100) / 4f;
            }
            assertArrayEquals(expected, x.toFloatArray(), 1e-5f);
            assertEquals(DataType.INT64, batch.get(1).getDataType());
            assertArrayEquals(new long[] {1, 2, 1}, batch.get(1).toLongArray());
        }
    }

    @Test
    void trainingSplitNormalisesToZeroMeanUnitStd() {
        ImageSet train = new SyntheticSource(3, 8, 4, 1).generate(256, 1, "train");
        try (NDManager base = NDManager.newBaseManager(); NDManager step = base.newSubManager()) {
            NDList all = train.toNDArrays(base);
            BatchGather gather = new BatchGather(all.get(0), all.get(1), train.channelStats(), DataConfig.Augment.NONE);
            long[] everything = new long[train.n()];
            for (int i = 0; i < everything.length; i++) {
                everything[i] = i;
            }
            float[] x = gather.batch(step, everything, false, new Random(0)).get(0).toFloatArray();
            int plane = 64;
            for (int c = 0; c < 3; c++) {
                double sum = 0;
                double sq = 0;
                int count = 0;
                for (int i = 0; i < train.n(); i++) {
                    for (int p = 0; p < plane; p++) {
                        double v = x[(i * 3 + c) * plane + p];
                        sum += v;
                        sq += v * v;
                        count++;
                    }
                }
                double mean = sum / count;
                assertEquals(0.0, mean, 1e-4, "channel " + c + " mean");
                assertEquals(1.0, Math.sqrt(sq / count - mean * mean), 1e-4, "channel " + c + " std");
            }
        }
    }

    /** All per-step arrays go to the step manager: with the long-lived manager capped, nothing may attach to it. */
    @Test
    void augmentedBatchLivesOnlyInTheStepManager() {
        ImageSet train = new SyntheticSource(3, 8, 4, 1).generate(32, 1, "train");
        try (NDManager base = NDManager.newBaseManager()) {
            NDList all = train.toNDArrays(base);
            BatchGather gather = new BatchGather(all.get(0), all.get(1), train.channelStats(),
                    new DataConfig.Augment(2, true, true));
            int before = base.getManagedArrays().size();
            NDManager step = base.newSubManager();
            base.cap();
            NDList batch = gather.batch(step, new long[] {5, 1, 31, 0}, true, new Random(4));
            assertSame(step, batch.get(0).getManager());
            assertSame(step, batch.get(1).getManager());
            assertEquals(new Shape(4, 3, 8, 8), batch.get(0).getShape());
            step.close();
            assertEquals(before, base.getManagedArrays().size());
            assertFalse(all.get(0).isReleased());
        }
    }

    @Test
    void trainingBatchIsReproducibleFromTheRandomSeed() {
        ImageSet train = new SyntheticSource(1, 6, 3, 2).generate(16, 1, "train");
        try (NDManager base = NDManager.newBaseManager(); NDManager step = base.newSubManager()) {
            NDList all = train.toNDArrays(base);
            BatchGather gather = new BatchGather(all.get(0), all.get(1), train.channelStats(),
                    new DataConfig.Augment(1, true, false));
            long[] idx = {3, 4, 5, 6, 7, 8};
            float[] a = gather.batch(step, idx, true, new Random(77)).get(0).toFloatArray();
            float[] b = gather.batch(step, idx, true, new Random(77)).get(0).toFloatArray();
            float[] plain = gather.batch(step, idx, false, new Random(77)).get(0).toFloatArray();
            assertArrayEquals(a, b);
            assertFalse(java.util.Arrays.equals(a, plain), "training batch should be augmented");
        }
    }

    @Test
    void rejectsIndicesOutsideTheSplit() {
        ImageSet set = new SyntheticSource(1, 2, 2, 2).generate(4, 1, "t");
        try (NDManager base = NDManager.newBaseManager()) {
            NDList all = set.toNDArrays(base);
            BatchGather gather = new BatchGather(all.get(0), all.get(1), set.channelStats(), DataConfig.Augment.NONE);
            assertThrows(IndexOutOfBoundsException.class, () -> gather.batch(base, new long[] {4}, false, new Random()));
        }
    }
}
