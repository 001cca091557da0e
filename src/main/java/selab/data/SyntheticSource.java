package selab.data;

import java.util.Random;

/**
 * Deterministic, learnable images for tests and smoke runs. Each class has a fixed prototype per
 * channel (a sum of two oriented sinusoids whose frequencies and phases come from the seed); a sample is
 * its class prototype at a random contrast plus Gaussian pixel noise, clipped to 0..255. Same
 * (seed, parameters) → same bytes.
 */
public final class SyntheticSource {

    private static final double AMPLITUDE = 50;
    private static final double NOISE_STD = 30;

    private final int channels;
    private final int size;
    private final int classes;
    private final long seed;
    private final double[][] prototypes; // [class][c*size*size], centred on 0

    /**
     * @param channels image channels (e.g. 1 or 3)
     * @param size side of the square images
     * @param classes number of classes (at least 2)
     * @param seed fixes the class prototypes
     */
    public SyntheticSource(int channels, int size, int classes, long seed) {
        if (channels <= 0 || size <= 0 || classes < 2) {
            throw new IllegalArgumentException("synthetic data needs channels > 0, size > 0, classes >= 2; got channels="
                    + channels + " size=" + size + " classes=" + classes);
        }
        this.channels = channels;
        this.size = size;
        this.classes = classes;
        this.seed = seed;
        this.prototypes = makePrototypes();
    }

    private double[][] makePrototypes() {
        Random rng = new Random(seed);
        int plane = size * size;
        double[][] protos = new double[classes][channels * plane];
        for (int k = 0; k < classes; k++) {
            for (int c = 0; c < channels; c++) {
                double[] wave = new double[4 * 2];
                for (int w = 0; w < 2; w++) {
                    wave[4 * w] = 1 + rng.nextInt(3); // horizontal cycles across the image
                    wave[4 * w + 1] = rng.nextInt(4); // vertical cycles
                    wave[4 * w + 2] = rng.nextDouble() * 2 * Math.PI; // phase
                    wave[4 * w + 3] = rng.nextBoolean() ? 1 : -1;
                }
                for (int y = 0; y < size; y++) {
                    for (int x = 0; x < size; x++) {
                        double v = 0;
                        for (int w = 0; w < 2; w++) {
                            v += wave[4 * w + 3] * Math.sin(2 * Math.PI * (wave[4 * w] * x + wave[4 * w + 1] * y) / size
                                    + wave[4 * w + 2]);
                        }
                        protos[k][c * plane + y * size + x] = AMPLITUDE * v / 2;
                    }
                }
            }
        }
        return protos;
    }

    /**
     * n samples with balanced labels (i mod classes, in shuffled order). Different sampleSeeds give
     * independent samples of the same classes, e.g. one for train and one for test.
     */
    public ImageSet generate(int n, long sampleSeed, String origin) {
        if (n <= 0) {
            throw new IllegalArgumentException("synthetic split size must be > 0, got " + n);
        }
        Random rng = new Random(sampleSeed * 0x9E3779B97F4A7C15L + seed);
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % classes;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = labels[i];
            labels[i] = labels[j];
            labels[j] = t;
        }
        int imageBytes = channels * size * size;
        byte[] pixels = new byte[Math.multiplyExact(n, imageBytes)];
        for (int i = 0; i < n; i++) {
            double contrast = 0.6 + 0.8 * rng.nextDouble();
            double brightness = 128 + 20 * rng.nextGaussian();
            double[] proto = prototypes[labels[i]];
            for (int p = 0; p < imageBytes; p++) {
                double v = brightness + contrast * proto[p] + NOISE_STD * rng.nextGaussian();
                pixels[i * imageBytes + p] = (byte) Math.max(0, Math.min(255, Math.round(v)));
            }
        }
        return new ImageSet(pixels, labels, n, channels, size, size, classes, origin);
    }

    /** Train and test splits from the same prototypes with different sample seeds. */
    public Splits splits(int trainN, int testN) {
        String what = "synthetic(seed=" + seed + ", " + channels + "×" + size + "×" + size + ", " + classes + " classes)";
        return new Splits(generate(trainN, 1, what + " train"), generate(testN, 2, what + " test"));
    }
}
