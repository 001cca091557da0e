package selab.data;

import java.util.OptionalInt;

import com.fasterxml.jackson.annotation.JsonValue;
import selab.model.Architecture;
import selab.model.Geometry;
import selab.model.Keyed;

/**
 * The data sets selab reads: the allowed values of {@code data.source}. A new source is a constant here
 * plus its case in each switch over this enum (the compiler lists them: how to read it in
 * {@link DataSources#load}, where its files are in {@link DataLocator}, and {@link #expectedGeometry}).
 */
public enum DataSource implements Keyed {
    FASHION_MNIST("fashion-mnist"),
    MNIST("mnist"),
    /** The binary version. */
    CIFAR10("cifar10"),
    /** The binary version. */
    CIFAR100("cifar100"),
    /** {@code train/<class>/*.jpg} and {@code val/<class>/*}, decoded to {@code data.image_size}. */
    IMAGEFOLDER("imagefolder"),
    /** Generated images, for tests. */
    SYNTHETIC("synthetic");

    private final String key;

    DataSource(String key) {
        this.key = key;
    }

    /**
     * The source spelled {@code key}.
     *
     * @throws IllegalArgumentException naming the allowed values
     */
    public static DataSource of(String key) {
        return Keyed.find(DataSource.class, key).orElseThrow(() -> new IllegalArgumentException(
                "data.source '" + key + "' is not one of " + Keyed.allowed(DataSource.class)));
    }

    @JsonValue
    @Override
    public String key() {
        return key;
    }

    @Override
    public String toString() {
        return key;
    }

    /**
     * The network input a run on this source gets, known without reading the data (for {@code plan}). An
     * image folder's class count is only known from its directories: assumed 1000 (ImageNet) for the
     * ImageNet ResNets and 10 otherwise.
     */
    public Geometry expectedGeometry(DataConfig cfg, Architecture arch) {
        Integer size = cfg.imageSize();
        return switch (this) {
            case FASHION_MNIST, MNIST -> Geometry.FASHION_MNIST;
            case CIFAR10 -> new Geometry(3, CifarReader.SIDE, CifarReader.Variant.CIFAR10.classes);
            case CIFAR100 -> new Geometry(3, CifarReader.SIDE, CifarReader.Variant.CIFAR100.classes);
            case SYNTHETIC -> new Geometry(DataSources.SYNTHETIC_CHANNELS, size == null ? DataSources.SYNTHETIC_SIZE : size,
                    DataSources.SYNTHETIC_CLASSES);
            case IMAGEFOLDER -> new Geometry(ImageFolderIndex.CHANNELS, size == null ? DataSources.DEFAULT_FOLDER_SIZE : size,
                    arch.bottleneck() ? 1000 : 10);
        };
    }

    /** The side this source's files fix (IDX 28, CIFAR 32); empty where data.image_size chooses it. */
    public OptionalInt nativeSide() {
        return switch (this) {
            case FASHION_MNIST, MNIST -> OptionalInt.of(DataSources.IDX_SIDE);
            case CIFAR10, CIFAR100 -> OptionalInt.of(CifarReader.SIDE);
            case IMAGEFOLDER, SYNTHETIC -> OptionalInt.empty();
        };
    }

    /** The side of the images a run sees: the fixed side, else data.image_size or this source's default. */
    public int imageSide(Integer imageSize) {
        OptionalInt fixed = nativeSide();
        if (fixed.isPresent()) {
            return fixed.getAsInt();
        }
        if (imageSize != null) {
            return imageSize;
        }
        return this == SYNTHETIC ? DataSources.SYNTHETIC_SIZE : DataSources.DEFAULT_FOLDER_SIZE;
    }
}
