package selab.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Random;

/**
 * The last steps every batch goes through, whether its pixels came from a resident tensor or from disk:
 * augmentation (training only), then per-channel normalisation (x - mean) / std.
 */
final class BatchFinish {

    private final SpatialAugment augment;
    private final float[] scale;
    private final float[] shift;

    BatchFinish(ChannelStats stats, DataConfig.Augment augment) {
        this.augment = new SpatialAugment(augment);
        int channels = stats.channels();
        scale = new float[channels];
        shift = new float[channels];
        for (int c = 0; c < channels; c++) { // (x - mean) / std as x * scale + shift
            scale[c] = (float) (1.0 / stats.std()[c]);
            shift[c] = (float) (-stats.mean()[c] / stats.std()[c]);
        }
    }

    int channels() {
        return scale.length;
    }

    /**
     * @param x float32 (B,C,H,W) in 0..255 units, owned by the step's manager
     * @param y int64 (B)
     */
    NDList apply(NDArray x, NDArray y, boolean train, Random rng) {
        if (train) {
            x = augment.apply(x, rng);
        }
        NDManager m = x.getManager();
        Shape perChannel = new Shape(1, scale.length, 1, 1);
        NDArray a = m.create(scale, perChannel).toDevice(x.getDevice(), false);
        NDArray b = m.create(shift, perChannel).toDevice(x.getDevice(), false);
        return new NDList(x.mul(a).add(b), y);
    }
}
