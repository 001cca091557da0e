package selab.bench;

import java.util.List;

/**
 * Timed epochs of one data loader over the same images (data only, no model).
 *
 * @param name the loader
 * @param work what it does per batch
 * @param imagesPerEpoch images one epoch delivered
 * @param epochSeconds wall seconds of each timed epoch
 */
public record LoaderResult(String name, String work, int imagesPerEpoch, List<Double> epochSeconds) {

    public LoaderResult {
        epochSeconds = List.copyOf(epochSeconds);
    }

    public double medianEpochSeconds() {
        return Median.of(epochSeconds);
    }

    public double imagesPerSecond() {
        return imagesPerEpoch / medianEpochSeconds();
    }
}
