package selab.model;

/** The input a network is built for: image channels, square side in pixels, and number of classes. */
public record Geometry(int channels, int size, int classes) {
    public static final Geometry IMAGENET = new Geometry(3, 224, 1000);
    public static final Geometry FASHION_MNIST = new Geometry(1, 28, 10);
    public static final Geometry CIFAR10 = new Geometry(3, 32, 10);
}
