package selab.data;

import java.util.Arrays;

/**
 * Per-channel mean and standard deviation of a split, in raw pixel units (0..255), used to normalise
 * batches as (x - mean) / std.
 */
public record ChannelStats(double[] mean, double[] std) {

    public ChannelStats {
        if (mean.length != std.length) {
            throw new IllegalArgumentException("mean has " + mean.length + " channels, std has " + std.length);
        }
        for (double s : std) {
            if (!(s > 0)) {
                throw new IllegalArgumentException("channel std must be > 0, got " + Arrays.toString(std));
            }
        }
        mean = mean.clone();
        std = std.clone();
    }

    public int channels() {
        return mean.length;
    }

    @Override
    public double[] mean() {
        return mean.clone();
    }

    @Override
    public double[] std() {
        return std.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ChannelStats other && Arrays.equals(mean, other.mean) && Arrays.equals(std, other.std);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(mean) + Arrays.hashCode(std);
    }

    @Override
    public String toString() {
        return "ChannelStats[mean=" + Arrays.toString(mean) + ", std=" + Arrays.toString(std) + "]";
    }
}
