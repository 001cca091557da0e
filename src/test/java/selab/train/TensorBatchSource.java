package selab.train;

import selab.data.BatchSource;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import java.util.Random;

/**
 * Test double: a float split held as one tensor. Training batches are mirrored left-right when a draw from the
 * epoch's RNG says so, so the RNG's state matters as it does for the real augmentation.
 */
final class TensorBatchSource implements BatchSource {
    private final NDArray x;
    private final NDArray y;

    TensorBatchSource(NDArray x, NDArray y) {
        this.x = x;
        this.y = y;
    }

    @Override
    public int size() {
        return (int) x.getShape().get(0);
    }

    @Override
    public NDList batch(NDManager step, long[] indices, boolean train, Random rng) {
        NDArray idx = step.create(indices);
        NDArray images = x.get(step, new NDIndex("{}", idx));
        if (train && rng != null && rng.nextBoolean()) { // no RNG: the batch as it is
            images = images.flip(3);
        }
        return new NDList(images, y.get(step, new NDIndex("{}", idx)));
    }

    /** Learnable synthetic data: the class sets the mean of one image quadrant. */
    static TensorBatchSource synthetic(NDManager m, int n, int classes, long seed) {
        Random r = new Random(seed);
        float[] px = new float[n * 16 * 16];
        long[] labels = new long[n];
        for (int i = 0; i < n; i++) {
            int c = r.nextInt(classes);
            labels[i] = c;
            for (int p = 0; p < 256; p++) {
                int row = p / 16;
                int col = p % 16;
                int quadrant = (row / 8) * 2 + col / 8;
                px[i * 256 + p] = (float) (r.nextGaussian() * 0.5 + (quadrant == c % 4 ? 1.5 : 0) + (c >= 4 ? 0.7 : 0));
            }
        }
        return new TensorBatchSource(m.create(px, new ai.djl.ndarray.types.Shape(n, 1, 16, 16)), m.create(labels));
    }
}
