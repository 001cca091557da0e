package selab.analysis;

/**
 * How often each hidden unit of one SE block's bottleneck (ReLU(W1 z), C/r units) fires over a split. A
 * unit that is never positive is dead: it passes nothing to W2, so the block's gate cannot depend on the
 * image through it, and an SE block whose units are all dead outputs the constant gate(0) (0.5 for the
 * sigmoid without FC biases).
 *
 * @param label the block's paper name, e.g. SE_3_3
 * @param activeImages per unit: images for which it was positive (anywhere, for NoSqueeze's per-position units)
 * @param images images seen
 */
public record HiddenUnits(String label, long[] activeImages, long images) {

    public HiddenUnits {
        activeImages = activeImages.clone();
    }

    public int units() {
        return activeImages.length;
    }

    /** Units never positive on any image. */
    public int dead() {
        int n = 0;
        for (long a : activeImages) {
            if (a == 0) {
                n++;
            }
        }
        return n;
    }

    @Override
    public long[] activeImages() {
        return activeImages.clone();
    }
}
