package selab.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds the directory holding a data source's files. Search order: the explicit {@code data.path}
 * (a relative one is taken from selab's root directory, see {@link #resolve}, so a spec may name data
 * shipped in the repository, such as {@code data/fashion-mnist-quick}); else {@code <dataRoot>/<source>}, {@code <dataRoot>} (the CLI's --data); {@code $SELAB_DATA/<source>},
 * {@code $SELAB_DATA}; system locations ({@code /usr/share/datasets/fashion-mnist} from Debian's
 * dataset-fashion-mnist); {@code ~/.cache/selab/<source>}. A directory counts only if it holds the
 * source's files.
 */
public final class DataLocator {

    /** Environment variable naming a directory with one sub-directory per source. */
    public static final String ENV_VAR = "SELAB_DATA";
    public static final Path DEBIAN_FASHION_MNIST = Path.of("/usr/share/datasets/fashion-mnist");
    /**
     * System property naming selab's root directory (the repository the {@code ./selab} launcher lives in,
     * which sets it); without it, the working directory (where Maven runs the tests: the repository root).
     */
    public static final String ROOT_PROPERTY = "selab.home";

    private final Map<String, String> env;
    private final Path home;
    private final Map<DataSource, List<Path>> systemDirs;
    private final Path root;

    /**
     * @param env environment variables (only {@value #ENV_VAR} is read)
     * @param home user home directory (for ~/.cache/selab)
     * @param systemDirs system-wide locations per source name
     * @param root selab's root directory, against which a relative {@code data.path} is resolved
     */
    public DataLocator(Map<String, String> env, Path home, Map<DataSource, List<Path>> systemDirs, Path root) {
        this.env = Map.copyOf(env);
        this.home = home;
        this.systemDirs = Map.copyOf(systemDirs);
        this.root = root.toAbsolutePath().normalize();
    }

    /** The locator for this machine: real environment, home directory, system locations and selab root. */
    public static DataLocator system() {
        String root = System.getProperty(ROOT_PROPERTY);
        return new DataLocator(System.getenv(), Path.of(System.getProperty("user.home")),
                Map.of(DataSource.FASHION_MNIST, List.of(DEBIAN_FASHION_MNIST)),
                Path.of(root == null || root.isBlank() ? System.getProperty("user.dir") : root));
    }

    /** selab's root directory: where a relative {@code data.path} is taken from. */
    public Path root() {
        return root;
    }

    /**
     * The directory a {@code data.path} names: an absolute path as written, a relative one under
     * {@link #root()}. Relative to the repository rather than to the working directory or the spec file, so
     * the same text means the same data from any directory and in every spec, and the text (which is part of
     * the run id) is the same in every clone.
     *
     * @throws java.nio.file.InvalidPathException if the text is not a path
     */
    public Path resolve(String dataPath) {
        Path p = Path.of(dataPath);
        return p.isAbsolute() ? p : root.resolve(p).normalize();
    }

    /**
     * @param source a file-backed source (not synthetic)
     * @param explicitPath {@code data.path} from the config, or null
     * @param dataRoot a root directory given on the command line (--data), or null
     * @throws DataNotFoundException listing every place looked at and how to get the data
     */
    public Path locate(DataSource source, String explicitPath, Path dataRoot) {
        if (explicitPath != null && !explicitPath.isBlank()) {
            Path p = resolve(explicitPath);
            if (holds(source, p)) {
                return p;
            }
            String shown = Path.of(explicitPath).isAbsolute() ? explicitPath
                    : "'" + explicitPath + "' (" + p + ": relative paths are taken from selab's root directory)";
            throw new DataNotFoundException("data.path " + shown + " does not hold " + source + " data ("
                    + expectedFiles(source) + ").\n" + howToGet(source));
        }
        List<Path> candidates = candidates(source, dataRoot);
        for (Path p : candidates) {
            if (holds(source, p)) {
                return p;
            }
        }
        StringBuilder msg = new StringBuilder("cannot find " + source + " data (" + expectedFiles(source)
                + "). Looked in:\n");
        for (Path p : candidates) {
            msg.append("  ").append(p).append(Files.isDirectory(p) ? " (exists, but without those files)" : " (missing)")
                    .append('\n');
        }
        if (env.get(ENV_VAR) == null) {
            msg.append("  ($" + ENV_VAR + " is not set)\n");
        }
        msg.append(howToGet(source));
        throw new DataNotFoundException(msg.toString());
    }

    /** Places searched when no explicit path is given, in order. */
    List<Path> candidates(DataSource source, Path dataRoot) {
        Set<Path> out = new LinkedHashSet<>();
        if (dataRoot != null) {
            addRoot(out, dataRoot, source);
        }
        String envDir = env.get(ENV_VAR);
        if (envDir != null && !envDir.isBlank()) {
            addRoot(out, Path.of(envDir), source);
        }
        out.addAll(systemDirs.getOrDefault(source, List.of()));
        if (home != null) {
            out.add(home.resolve(".cache").resolve("selab").resolve(source.key()));
        }
        return new ArrayList<>(out);
    }

    private static void addRoot(Set<Path> out, Path root, DataSource source) {
        out.add(root.resolve(source.key()));
        out.add(root);
    }

    /** Whether {@code dir} holds the files of {@code source}. */
    static boolean holds(DataSource source, Path dir) {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        return switch (source) {
            case FASHION_MNIST, MNIST -> IdxReader.looksLikeIdxDir(dir);
            case CIFAR10 -> CifarReader.resolveDir(dir, CifarReader.Variant.CIFAR10) != null;
            case CIFAR100 -> CifarReader.resolveDir(dir, CifarReader.Variant.CIFAR100) != null;
            case IMAGEFOLDER -> ImageFolderReader.looksLikeImageFolder(dir);
            case SYNTHETIC -> throw new IllegalArgumentException("source '" + source + "' is not file-backed");
        };
    }

    private static String expectedFiles(DataSource source) {
        return switch (source) {
            case FASHION_MNIST, MNIST -> "train-images-idx3-ubyte[.gz], train-labels-idx1-ubyte[.gz], "
                    + "t10k-images-idx3-ubyte[.gz], t10k-labels-idx1-ubyte[.gz]";
            case CIFAR10 -> "data_batch_1..5.bin and test_batch.bin, directly or in cifar-10-batches-bin/";
            case CIFAR100 -> "train.bin and test.bin, directly or in cifar-100-binary/";
            case IMAGEFOLDER -> "train/<class>/*.jpg|png and val/<class>/*.jpg|png";
            case SYNTHETIC -> "none: generated";
        };
    }

    static String howToGet(DataSource source) {
        String where = "then pass --data DIR, set data.path in the spec, or set $" + ENV_VAR
                + " to a directory with a '" + source + "' sub-directory.";
        return switch (source) {
            case FASHION_MNIST -> "To get it: sudo apt-get install dataset-fashion-mnist (installs into "
                    + DEBIAN_FASHION_MNIST + "), or download the four .gz files from "
                    + "https://github.com/zalandoresearch/fashion-mnist (data/fashion); " + where;
            case MNIST -> "To get it: download train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz, "
                    + "t10k-images-idx3-ubyte.gz and t10k-labels-idx1-ubyte.gz (e.g. from "
                    + "https://ossci-datasets.s3.amazonaws.com/mnist/ or http://yann.lecun.com/exdb/mnist/); " + where;
            case CIFAR10 -> "To get it: download 'CIFAR-10 binary version (suitable for C programs)' "
                    + "(cifar-10-binary.tar.gz) from https://www.cs.toronto.edu/~kriz/cifar.html and unpack it; " + where;
            case CIFAR100 -> "To get it: download 'CIFAR-100 binary version (suitable for C programs)' "
                    + "(cifar-100-binary.tar.gz) from https://www.cs.toronto.edu/~kriz/cifar.html and unpack it; " + where;
            case IMAGEFOLDER -> "Arrange images as DIR/train/<class>/*.jpg and DIR/val/<class>/*.jpg "
                    + "(e.g. ImageNet or Imagenette); " + where;
            case SYNTHETIC -> "Synthetic data is generated, not read.";
        };
    }
}
