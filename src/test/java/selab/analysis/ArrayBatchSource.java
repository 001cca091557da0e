package selab.analysis;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Random;
import selab.data.BatchSource;

/** Test data held in Java arrays, so tests know every image and label without asking the device. */
final class ArrayBatchSource implements BatchSource {
    final float[] pixels; // N*C*S*S
    final long[] labels;
    final int channels;
    final int side;

    ArrayBatchSource(float[] pixels, long[] labels, int channels, int side) {
        this.pixels = pixels;
        this.labels = labels;
        this.channels = channels;
        this.side = side;
    }

    /** Gaussian images whose mean depends on the class, so gates differ between classes. */
    static ArrayBatchSource random(int n, int channels, int side, long[] labels, long seed) {
        Random r = new Random(seed);
        int per = channels * side * side;
        float[] px = new float[n * per];
        for (int i = 0; i < n; i++) {
            for (int p = 0; p < per; p++) {
                px[i * per + p] = (float) (r.nextGaussian() + 0.8 * labels[i] * ((p % 7) - 3) / 3.0);
            }
        }
        return new ArrayBatchSource(px, labels, channels, side);
    }

    @Override
    public int size() {
        return labels.length;
    }

    @Override
    public NDList batch(NDManager step, long[] indices, boolean train, Random rng) {
        int per = channels * side * side;
        float[] x = new float[indices.length * per];
        long[] y = new long[indices.length];
        for (int i = 0; i < indices.length; i++) {
            System.arraycopy(pixels, (int) indices[i] * per, x, i * per, per);
            y[i] = labels[(int) indices[i]];
        }
        return new NDList(step.create(x, new Shape(indices.length, channels, side, side)), step.create(y));
    }
}
