package selab.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Reads an ImageNet-style folder tree: {@code root/train/<class>/*.jpg|jpeg|png} and
 * {@code root/val/<class>/*} (or {@code root/test/<class>/*}). Classes are the sub-folders of
 * {@code train}, sorted by name; the validation split uses the same class indices. Every image is
 * decoded to RGB and resized to size×size (shorter side resize + centre crop).
 */
public final class ImageFolderReader {

    static final String TRAIN_DIR = "train";
    static final List<String> TEST_DIRS = List.of("val", "test");
    private static final List<String> EXTENSIONS = List.of(".jpg", ".jpeg", ".png");

    private ImageFolderReader() {}

    /** True if {@code root/train} exists (used by {@link DataLocator}). */
    public static boolean looksLikeImageFolder(Path root) {
        return Files.isDirectory(root.resolve(TRAIN_DIR));
    }

    /** Class names: the sub-folders of {@code root/train}, sorted by name. */
    public static List<String> classNames(Path root) throws IOException {
        Path train = root.resolve(TRAIN_DIR);
        if (!Files.isDirectory(train)) {
            throw new DataNotFoundException("image folder " + root + " has no " + TRAIN_DIR
                    + "/ directory; expected root/train/<class>/*.jpg and root/val/<class>/*.jpg");
        }
        List<String> names;
        try (Stream<Path> s = Files.list(train)) {
            names = s.filter(Files::isDirectory).map(p -> p.getFileName().toString())
                    .filter(name -> !name.startsWith(".")).sorted().toList();
        }
        if (names.isEmpty()) {
            throw new DataFormatException(train, "has no class sub-folders; expected train/<class>/*.jpg");
        }
        return names;
    }

    /** Reads one split, all images resized to size×size RGB. */
    public static ImageSet readSplit(Path root, Split split, int size) throws IOException {
        return readSplit(root, split, size, null, 0);
    }

    /**
     * Reads one split, decoding only the images of a subset: the same images
     * {@code readSplit(root, split, size).subset(subset, seed)} would keep, without decoding the rest.
     *
     * @param subset number of images to keep, or null for all
     */
    public static ImageSet readSplit(Path root, Split split, int size, Integer subset, long seed) throws IOException {
        checkSize(size);
        return index(root, split, subset, seed).decodeAll(size);
    }

    static void checkSize(int size) {
        if (size <= 0) {
            throw new IllegalArgumentException("image size must be > 0, got " + size);
        }
    }

    /**
     * Lists one split's image files and labels without decoding them.
     *
     * @param subset number of images to keep (the same ones {@link ImageSet#subset} would), or null for all
     */
    public static ImageFolderIndex index(Path root, Split split, Integer subset, long seed) throws IOException {
        List<String> classes = classNames(root);
        Path dir = splitDir(root, split);
        List<Path> files = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        List<String> present;
        try (Stream<Path> s = Files.list(dir)) {
            present = s.filter(Files::isDirectory).map(p -> p.getFileName().toString())
                    .filter(name -> !name.startsWith(".")).sorted().toList();
        }
        for (String name : present) {
            int label = classes.indexOf(name);
            if (label < 0) {
                throw new DataFormatException(dir.resolve(name), "class folder '" + name
                        + "' does not exist in " + root.resolve(TRAIN_DIR) + " (known classes: " + preview(classes) + ")");
            }
            for (Path f : imageFiles(dir.resolve(name))) {
                files.add(f);
                labels.add(label);
            }
        }
        if (files.isEmpty()) {
            throw new DataFormatException(dir, "contains no images; expected <class>/*.jpg|jpeg|png");
        }
        String origin = dir.toString();
        if (subset != null) {
            if (subset < 1 || subset > files.size()) {
                throw new IllegalArgumentException("subset size " + subset + " is out of range [1, " + files.size()
                        + "] for " + dir);
            }
            if (subset < files.size()) {
                int[] keep = ImageSet.subsetIndices(files.size(), subset, seed);
                List<Path> keptFiles = new ArrayList<>();
                List<Integer> keptLabels = new ArrayList<>();
                for (int i : keep) {
                    keptFiles.add(files.get(i));
                    keptLabels.add(labels.get(i));
                }
                origin = dir + " (subset " + subset + " of " + files.size() + ", seed " + seed + ")";
                files = keptFiles;
                labels = keptLabels;
            }
        }
        return new ImageFolderIndex(files, labels.stream().mapToInt(Integer::intValue).toArray(), classes.size(),
                origin);
    }

    private static Path splitDir(Path root, Split split) {
        if (split == Split.TRAIN) {
            return root.resolve(TRAIN_DIR);
        }
        for (String name : TEST_DIRS) {
            if (Files.isDirectory(root.resolve(name))) {
                return root.resolve(name);
            }
        }
        throw new DataNotFoundException("image folder " + root + " has no validation split; expected one of "
                + TEST_DIRS.stream().map(d -> root.resolve(d) + "/<class>/").toList());
    }

    private static List<Path> imageFiles(Path classDir) throws IOException {
        try (Stream<Path> s = Files.list(classDir)) {
            return s.filter(Files::isRegularFile).filter(ImageFolderReader::hasImageExtension).sorted().toList();
        }
    }

    private static boolean hasImageExtension(Path p) {
        String name = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return !name.startsWith(".") && EXTENSIONS.stream().anyMatch(name::endsWith);
    }

    private static String preview(List<String> classes) {
        return classes.size() <= 10 ? String.join(", ", classes)
                : String.join(", ", classes.subList(0, 10)) + ", … (" + classes.size() + " in all)";
    }
}
