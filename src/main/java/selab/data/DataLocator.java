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
    private final Map<String, List<Path>> systemDirs;

    /**
     * @param env environment variables (only {@value #ENV_VAR} is read)
     * @param home user home directory (for ~/.cache/selab)
     * @param systemDirs system-wide locations per source name
     */
    public DataLocator(Map<String, String> env, Path home, Map<String, List<Path>> systemDirs) {
        this.env = Map.copyOf(env);
        this.home = home;
        this.systemDirs = Map.copyOf(systemDirs);
    }

    /** The locator for this machine: real environment, home directory and system locations. */
    public static DataLocator system() {
        return new DataLocator(System.getenv(), Path.of(System.getProperty("user.home")),
                Map.of("fashion-mnist", List.of(DEBIAN_FASHION_MNIST)));
    }

    /**
     * @param source a file-backed source: fashion-mnist | mnist | cifar10 | cifar100 | imagefolder
     * @param explicitPath {@code data.path} from the config, or null
     * @param dataRoot a root directory given on the command line (--data), or null
     * @throws DataNotFoundException listing every place looked at and how to get the data
     */
    public Path locate(String source, String explicitPath, Path dataRoot) {
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
    List<Path> candidates(String source, Path dataRoot) {
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
            out.add(home.resolve(".cache").resolve("selab").resolve(source));
        }
        return new ArrayList<>(out);
    }

    private static void addRoot(Set<Path> out, Path root, String source) {
        out.add(root.resolve(source));
        out.add(root);
    }

    /** Whether {@code dir} holds the files of {@code source}. */
    static boolean holds(String source, Path dir) {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        return switch (source) {
            case "fashion-mnist", "mnist" -> IdxReader.looksLikeIdxDir(dir);
            case "cifar10" -> CifarReader.resolveDir(dir, CifarReader.Variant.CIFAR10) != null;
            case "cifar100" -> CifarReader.resolveDir(dir, CifarReader.Variant.CIFAR100) != null;
            case "imagefolder" -> ImageFolderReader.looksLikeImageFolder(dir);
            default -> throw new IllegalArgumentException("source '" + source + "' is not file-backed");
        };
    }

    private static String expectedFiles(String source) {
        return switch (source) {
            case "fashion-mnist", "mnist" -> "train-images-idx3-ubyte[.gz], train-labels-idx1-ubyte[.gz], "
                    + "t10k-images-idx3-ubyte[.gz], t10k-labels-idx1-ubyte[.gz]";
            case "cifar10" -> "data_batch_1..5.bin and test_batch.bin, directly or in cifar-10-batches-bin/";
            case "cifar100" -> "train.bin and test.bin, directly or in cifar-100-binary/";
            case "imagefolder" -> "train/<class>/*.jpg|png and val/<class>/*.jpg|png";
            default -> "?";
        };
    }

    static String howToGet(String source) {
        String where = "then pass --data DIR, set data.path in the spec, or set $" + ENV_VAR
                + " to a directory with a '" + source + "' sub-directory.";
        return switch (source) {
            case "fashion-mnist" -> "To get it: sudo apt-get install dataset-fashion-mnist (installs into "
                    + DEBIAN_FASHION_MNIST + "), or download the four .gz files from "
                    + "https://github.com/zalandoresearch/fashion-mnist (data/fashion); " + where;
            case "mnist" -> "To get it: download train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz, "
                    + "t10k-images-idx3-ubyte.gz and t10k-labels-idx1-ubyte.gz (e.g. from "
                    + "https://ossci-datasets.s3.amazonaws.com/mnist/ or http://yann.lecun.com/exdb/mnist/); " + where;
            case "cifar10" -> "To get it: download 'CIFAR-10 binary version (suitable for C programs)' "
                    + "(cifar-10-binary.tar.gz) from https://www.cs.toronto.edu/~kriz/cifar.html and unpack it; " + where;
            case "cifar100" -> "To get it: download 'CIFAR-100 binary version (suitable for C programs)' "
                    + "(cifar-100-binary.tar.gz) from https://www.cs.toronto.edu/~kriz/cifar.html and unpack it; " + where;
            case "imagefolder" -> "Arrange images as DIR/train/<class>/*.jpg and DIR/val/<class>/*.jpg "
                    + "(e.g. ImageNet or Imagenette); " + where;
            default -> where;
        };
    }
}
