package selab.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds the directory holding a data source's files. Search order: the explicit {@code data.path};
 * else {@code <dataRoot>/<source>}, {@code <dataRoot>} (the CLI's --data); {@code $SELAB_DATA/<source>},
 * {@code $SELAB_DATA}; system locations ({@code /usr/share/datasets/fashion-mnist} from Debian's
 * dataset-fashion-mnist); {@code ~/.cache/selab/<source>}. A directory counts only if it holds the
 * source's files.
 */
public final class DataLocator {

    /** Environment variable naming a directory with one sub-directory per source. */
    public static final String ENV_VAR = "SELAB_DATA";
    public static final Path DEBIAN_FASHION_MNIST = Path.of("/usr/share/datasets/fashion-mnist");

    private final Map<String, String> env;
    private final Path home;
    private final Map<DataSource, List<Path>> systemDirs;

    /**
     * @param env environment variables (only {@value #ENV_VAR} is read)
     * @param home user home directory (for ~/.cache/selab)
     * @param systemDirs system-wide locations per source
     */
    public DataLocator(Map<String, String> env, Path home, Map<DataSource, List<Path>> systemDirs) {
        this.env = Map.copyOf(env);
        this.home = home;
        this.systemDirs = Map.copyOf(systemDirs);
    }

    /** The locator for this machine: real environment, home directory and system locations. */
    public static DataLocator system() {
        return new DataLocator(System.getenv(), Path.of(System.getProperty("user.home")),
                Map.of(DataSource.FASHION_MNIST, List.of(DEBIAN_FASHION_MNIST)));
    }

    /**
     * @param source a file-backed source (not synthetic)
     * @param explicitPath {@code data.path} from the config, or null
     * @param dataRoot a root directory given on the command line (--data), or null
     * @throws DataNotFoundException listing every place looked at and how to get the data
     */
    public Path locate(DataSource source, String explicitPath, Path dataRoot) {
        if (explicitPath != null && !explicitPath.isBlank()) {
            Path p = Path.of(explicitPath);
            if (holds(source, p)) {
                return p;
            }
            throw new DataNotFoundException("data.path " + p + " does not hold " + source + " data ("
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
