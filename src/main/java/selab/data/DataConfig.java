package selab.data;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * Where a run's images come from and how they are augmented.
 *
 * @param source fashion-mnist | mnist | cifar10 | cifar100 | imagefolder | synthetic
 * @param path directory holding the files; null = search the default locations
 * @param trainSubset first-k-per-shuffle subset of the training split; null = all
 * @param testSubset subset of the test split; null = all
 * @param imageSize side to which image-folder images are resized (null = source native size)
 * @param augment batch-wise training augmentation
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record DataConfig(
        String source, String path, Integer trainSubset, Integer testSubset, Integer imageSize, Augment augment) {

    /**
     * @param cropPadding zero padding before a random crop back to the original size (0 = off)
     * @param flip random horizontal flip
     * @param randomResizedCrop Inception-style random-size crop (image folders)
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Augment(int cropPadding, boolean flip, boolean randomResizedCrop) {
        public static final Augment NONE = new Augment(0, false, false);
    }
}
