package selab.analysis;

/**
 * The mean SE gate activation of one block over a split, per class and over all images.
 *
 * @param label the block's paper name, e.g. SE_3_3
 * @param channels number of gated channels C
 * @param classCounts images of each class seen, indexed by class
 * @param classMeans mean gate per class and channel [class][channel]; NaN for a class with no images
 * @param allMeans mean gate per channel over every image of the split (class "all")
 * @param images images seen in total
 */
public record BlockExcitation(
        String label, int channels, long[] classCounts, double[][] classMeans, double[] allMeans, long images) {

    /** Mean gate per channel of one class (NaN everywhere if the split has no image of it). */
    public double[] meansOf(int cls) {
        return classMeans[cls];
    }

    public long countOf(int cls) {
        return classCounts[cls];
    }
}
