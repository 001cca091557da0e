package selab.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the binary versions of CIFAR-10 and CIFAR-100 (https://www.cs.toronto.edu/~kriz/cifar.html).
 * CIFAR-10: {@code data_batch_1..5.bin}, {@code test_batch.bin}; records of 1 label byte + 3072 pixels.
 * CIFAR-100: {@code train.bin}, {@code test.bin}; records of 1 coarse + 1 fine label byte + 3072 pixels;
 * the fine label (100 classes) is used. Pixels are stored as 1024 R, 1024 G, 1024 B bytes, row-major,
 * which is already C×H×W.
 */
public final class CifarReader {

    /** Which of the two CIFAR datasets. */
    public enum Variant {
        CIFAR10("cifar-10-batches-bin", 10, 1, List.of("data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin",
                "data_batch_4.bin", "data_batch_5.bin"), List.of("test_batch.bin")),
        CIFAR100("cifar-100-binary", 100, 2, List.of("train.bin"), List.of("test.bin"));

        final String archiveDir;
        final int classes;
        final int labelBytes;
        final List<String> trainFiles;
        final List<String> testFiles;

        Variant(String archiveDir, int classes, int labelBytes, List<String> trainFiles, List<String> testFiles) {
            this.archiveDir = archiveDir;
            this.classes = classes;
            this.labelBytes = labelBytes;
            this.trainFiles = trainFiles;
            this.testFiles = testFiles;
        }

        int recordBytes() {
            return labelBytes + PIXELS;
        }

        List<String> files(Split split) {
            return split == Split.TRAIN ? trainFiles : testFiles;
        }
    }

    static final int SIDE = 32;
    static final int PIXELS = 3 * SIDE * SIDE;
    private static final int COARSE_CLASSES = 20;

    private CifarReader() {}

    /**
     * The directory that actually holds the .bin files: {@code dir} itself or the archive's
     * sub-directory ({@code cifar-10-batches-bin} / {@code cifar-100-binary}) inside it; null if neither.
     */
    public static Path resolveDir(Path dir, Variant variant) {
        for (Path candidate : List.of(dir, dir.resolve(variant.archiveDir))) {
            if (Files.isRegularFile(candidate.resolve(variant.trainFiles.get(0)))) {
                return candidate;
            }
        }
        return null;
    }

    /** Reads one split from {@code dir} (or its archive sub-directory). */
    public static ImageSet readSplit(Path dir, Variant variant, Split split) throws IOException {
        Path base = resolveDir(dir, variant);
        if (base == null) {
            base = dir; // report the missing file relative to what we were given
        }
        List<Path> files = new ArrayList<>();
        for (String name : variant.files(split)) {
            Path f = base.resolve(name);
            if (!Files.isRegularFile(f)) {
                throw new DataNotFoundException(variant + " " + split.name().toLowerCase() + " file " + f
                        + " not found; expected " + String.join(", ", variant.files(split)) + " in " + dir
                        + " or " + dir.resolve(variant.archiveDir));
            }
            files.add(f);
        }
        return read(files, variant);
    }

    /** Reads and concatenates the given batch files. */
    public static ImageSet read(List<Path> files, Variant variant) throws IOException {
        List<byte[]> contents = new ArrayList<>();
        long records = 0;
        for (Path f : files) {
            byte[] data = Files.readAllBytes(f);
            int rec = variant.recordBytes();
            if (data.length == 0 || data.length % rec != 0) {
                long whole = data.length / rec;
                throw new DataFormatException(f, "truncated or not a " + variant + " binary file: size must be a"
                        + " positive multiple of " + rec + " bytes (one record), got " + data.length + " bytes"
                        + " (expected " + (whole + 1) * rec + " for " + (whole + 1) + " records)");
            }
            contents.add(data);
            records += data.length / rec;
        }
        int n = Math.toIntExact(records);
        byte[] pixels = new byte[Math.multiplyExact(n, PIXELS)];
        int[] labels = new int[n];
        int i = 0;
        for (int fi = 0; fi < files.size(); fi++) {
            byte[] data = contents.get(fi);
            Path f = files.get(fi);
            for (int off = 0; off < data.length; off += variant.recordBytes(), i++) {
                if (variant.labelBytes == 2) {
                    int coarse = data[off] & 0xFF;
                    if (coarse >= COARSE_CLASSES) {
                        throw new DataFormatException(f, "coarse label " + coarse + " of record "
                                + off / variant.recordBytes() + " is out of range [0, " + COARSE_CLASSES + ")");
                    }
                }
                int label = data[off + variant.labelBytes - 1] & 0xFF;
                if (label >= variant.classes) {
                    throw new DataFormatException(f, "label " + label + " of record " + off / variant.recordBytes()
                            + " is out of range [0, " + variant.classes + ")");
                }
                labels[i] = label;
                System.arraycopy(data, off + variant.labelBytes, pixels, i * PIXELS, PIXELS);
            }
        }
        String origin = files.size() == 1 ? files.get(0).toString()
                : files.get(0).getParent() + "/{" + String.join(",", files.stream().map(p -> p.getFileName().toString())
                        .toList()) + "}";
        return new ImageSet(pixels, labels, n, 3, SIDE, SIDE, variant.classes, origin);
    }
}
