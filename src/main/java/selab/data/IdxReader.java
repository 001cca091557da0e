package selab.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads MNIST / Fashion-MNIST IDX files (gzipped or raw). Images: magic 0x00000803, then count, rows,
 * cols, then count*rows*cols uint8 pixels. Labels: magic 0x00000801, then count, then count uint8 labels.
 * All integers are big-endian.
 */
public final class IdxReader {

    static final int IMAGES_MAGIC = 0x00000803;
    static final int LABELS_MAGIC = 0x00000801;
    private static final int IMAGES_HEADER = 16;
    private static final int LABELS_HEADER = 8;

    private IdxReader() {}

    /**
     * Reads one split from a directory holding the standard file names
     * ({@code train-images-idx3-ubyte}, {@code train-labels-idx1-ubyte}, {@code t10k-images-idx3-ubyte},
     * {@code t10k-labels-idx1-ubyte}, each optionally {@code .gz}; the dotted variant
     * {@code train-images.idx3-ubyte} is also accepted).
     */
    public static ImageSet readSplit(Path dir, Split split, int classes) throws IOException {
        String prefix = split == Split.TRAIN ? "train" : "t10k";
        Path images = find(dir, prefix, "images", "idx3")
                .orElseThrow(() -> missing(dir, prefix, "images", "idx3"));
        Path labels = find(dir, prefix, "labels", "idx1")
                .orElseThrow(() -> missing(dir, prefix, "labels", "idx1"));
        return read(images, labels, classes);
    }

    /** True if {@code dir} holds both IDX training files (used by {@link DataLocator}). */
    public static boolean looksLikeIdxDir(Path dir) {
        return find(dir, "train", "images", "idx3").isPresent() && find(dir, "train", "labels", "idx1").isPresent();
    }

    /** Reads an images file and its labels file into one split. */
    public static ImageSet read(Path imagesFile, Path labelsFile, int classes) throws IOException {
        byte[] img = readAll(imagesFile);
        byte[] lab = readAll(labelsFile);
        ByteBuffer ih = header(imagesFile, img, IMAGES_HEADER, IMAGES_MAGIC, "images (idx3-ubyte)");
        ByteBuffer lh = header(labelsFile, lab, LABELS_HEADER, LABELS_MAGIC, "labels (idx1-ubyte)");
        int n = nonNegative(imagesFile, "image count", ih.getInt(4));
        int rows = positive(imagesFile, "rows", ih.getInt(8));
        int cols = positive(imagesFile, "cols", ih.getInt(12));
        int nLabels = nonNegative(labelsFile, "label count", lh.getInt(4));
        long expectedImg = IMAGES_HEADER + (long) n * rows * cols;
        if (img.length != expectedImg) {
            throw new DataFormatException(imagesFile, (img.length < expectedImg ? "truncated" : "trailing data")
                    + ": header says " + n + " images of " + rows + "×" + cols + ", so expected " + expectedImg
                    + " bytes, got " + img.length);
        }
        long expectedLab = LABELS_HEADER + (long) nLabels;
        if (lab.length != expectedLab) {
            throw new DataFormatException(labelsFile, (lab.length < expectedLab ? "truncated" : "trailing data")
                    + ": header says " + nLabels + " labels, so expected " + expectedLab + " bytes, got " + lab.length);
        }
        if (nLabels != n) {
            throw new DataFormatException(labelsFile, "has " + nLabels + " labels but " + imagesFile.getFileName()
                    + " has " + n + " images");
        }
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            int label = lab[LABELS_HEADER + i] & 0xFF;
            if (label >= classes) {
                throw new DataFormatException(labelsFile, "label " + label + " at index " + i
                        + " is out of range [0, " + classes + ")");
            }
            labels[i] = label;
        }
        byte[] pixels = new byte[img.length - IMAGES_HEADER];
        System.arraycopy(img, IMAGES_HEADER, pixels, 0, pixels.length);
        return new ImageSet(pixels, labels, n, 1, rows, cols, classes, imagesFile.toString());
    }

    private static ByteBuffer header(Path file, byte[] data, int headerBytes, int magic, String kind) {
        if (data.length < headerBytes) {
            throw new DataFormatException(file, "truncated: an IDX " + kind + " header needs " + headerBytes
                    + " bytes, got " + data.length);
        }
        ByteBuffer buf = ByteBuffer.wrap(data); // big-endian by default, as IDX is
        int found = buf.getInt(0);
        if (found != magic) {
            throw new DataFormatException(file, String.format(
                    "bad magic number 0x%08X, expected 0x%08X for IDX %s", found, magic, kind));
        }
        return buf;
    }

    private static int nonNegative(Path file, String field, int value) {
        if (value < 0) {
            throw new DataFormatException(file, "header field " + field + " is negative: " + value);
        }
        return value;
    }

    private static int positive(Path file, String field, int value) {
        if (value <= 0) {
            throw new DataFormatException(file, "header field " + field + " must be > 0, got " + value);
        }
        return value;
    }

    /** Whole file, gunzipped when it ends in .gz. */
    static byte[] readAll(Path file) throws IOException {
        if (!file.getFileName().toString().endsWith(".gz")) {
            return Files.readAllBytes(file);
        }
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file), 1 << 16)) {
            return in.readAllBytes();
        } catch (ZipException | java.io.EOFException e) {
            throw new DataFormatException(file, "corrupt or truncated gzip stream (" + e.getMessage() + ")", e);
        }
    }

    private static List<String> candidateNames(String prefix, String kind, String idx) {
        List<String> names = new ArrayList<>();
        for (String base : List.of(prefix + "-" + kind + "-" + idx + "-ubyte", prefix + "-" + kind + "." + idx + "-ubyte")) {
            names.add(base);
            names.add(base + ".gz");
        }
        return names;
    }

    private static Optional<Path> find(Path dir, String prefix, String kind, String idx) {
        for (String name : candidateNames(prefix, kind, idx)) {
            Path p = dir.resolve(name);
            if (Files.isRegularFile(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    private static DataNotFoundException missing(Path dir, String prefix, String kind, String idx) {
        return new DataNotFoundException("no IDX " + kind + " file in " + dir + "; looked for "
                + String.join(", ", candidateNames(prefix, kind, idx)));
    }
}
