package selab.data;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The files of one image-folder split and their labels, not yet decoded. A split small enough is
 * decoded once into an {@link ImageSet} ({@link #decodeAll}); a larger one (ImageNet's 1.28M training
 * images) is decoded batch by batch from disk by {@link FolderBatchGather}. Both decode with
 * {@link SquareRgbDecoder} (shorter side to size, centre crop), so they yield the same pixels.
 *
 * @param files image files, in label then file-name order (a subset keeps that order)
 * @param labels class index of each file
 * @param classes number of classes (sub-folders of train/)
 * @param origin the split's directory and subset, for messages
 */
public record ImageFolderIndex(List<Path> files, int[] labels, int classes, String origin) {

    /** Channels of every decoded image (RGB). */
    public static final int CHANNELS = 3;

    public ImageFolderIndex {
        files = List.copyOf(files);
        if (labels.length != files.size()) {
            throw new IllegalArgumentException(origin + ": " + labels.length + " labels for " + files.size() + " files");
        }
    }

    public int n() {
        return files.size();
    }

    /** Bytes of the whole split decoded at size×size. */
    public long decodedBytes(int size) {
        return (long) n() * CHANNELS * size * size;
    }

    /**
     * Decodes the images at {@code positions} (indices into this split), in parallel, into one planar
     * uint8 array, image after image (N×3×size×size). Each image writes its own slot, so the result does
     * not depend on thread scheduling.
     */
    public byte[] decode(int[] positions, int size) {
        int imageBytes = CHANNELS * size * size;
        if ((long) positions.length * imageBytes > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(origin + ": " + positions.length + " images of 3×" + size + "×" + size
                    + " do not fit in one 2 GiB array");
        }
        for (int p : positions) {
            if (p < 0 || p >= n()) {
                throw new IndexOutOfBoundsException("image index " + p + " outside [0, " + n() + ") of " + origin);
            }
        }
        byte[] pixels = new byte[positions.length * imageBytes];
        IntStream.range(0, positions.length).parallel()
                .forEach(i -> SquareRgbDecoder.decodeInto(files.get(positions[i]), size, pixels, i * imageBytes));
        return pixels;
    }

    /** The images at {@code positions}, decoded, as an image set. */
    public ImageSet decodeSet(int[] positions, int size, String what) {
        int[] chosen = new int[positions.length];
        for (int i = 0; i < positions.length; i++) {
            chosen[i] = labels[positions[i]];
        }
        return new ImageSet(decode(positions, size), chosen, positions.length, CHANNELS, size, size, classes, what);
    }

    /** The whole split decoded in memory (at most 2 GiB of pixels). */
    public ImageSet decodeAll(int size) {
        if (decodedBytes(size) > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(origin + ": " + n() + " images of 3×" + size + "×" + size
                    + " do not fit in one 2 GiB array; selab streams such splits from disk instead");
        }
        return decodeSet(IntStream.range(0, n()).toArray(), size, origin);
    }

    /**
     * Per-channel statistics for normalisation from a fixed sample of at most {@code max} images (all of
     * them when the split is that small, which gives exactly {@link ImageSet#channelStats()} of the
     * decoded split): decoding 1.28M images only for a mean would cost as much as an epoch.
     */
    public ChannelStats sampleStats(int size, int max, long seed) {
        int k = Math.min(max, n());
        int[] positions = ImageSet.subsetIndices(n(), k, seed);
        return decodeSet(positions, size, origin + " (statistics sample of " + k + ")").channelStats();
    }
}
