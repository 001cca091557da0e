package selab.bench;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;

/**
 * Measures the GFLOP/s this machine achieves on a float32 square matmul through DJL, to put a training
 * step's achieved GFLOP/s into perspective (a step far below the matmul rate is overhead-bound).
 *
 * <p>Runs on DJL's default device. Threads: DJL's PyTorch engine fixes its thread count when it starts (system property
 * {@code ai.djl.pytorch.num_threads} or OMP_NUM_THREADS), so the probe uses whatever the engine has.
 */
public final class MatmulProbe {

    /**
     * One measurement.
     *
     * @param n side of the square matrices
     * @param repeats timed matmuls
     * @param medianSeconds median wall time of one matmul
     * @param gflops {@code 2 n^3 / medianSeconds / 1e9}
     */
    public record Measurement(int n, int repeats, double medianSeconds, double gflops) {}

    private static final int WARMUP = 3;

    private MatmulProbe() {}

    /** 1024 x 1024 @ 1024 x 1024, 10 timed repeats after warm-up. */
    public static Measurement measure() {
        return measure(1024, 10);
    }

    /** On DJL's default device. */
    public static Measurement measure(int n, int repeats) {
        return measure(null, n, repeats);
    }

    /** On {@code device} (null = DJL's default device). */
    public static Measurement measure(ai.djl.Device device, int n, int repeats) {
        if (n < 1 || repeats < 1) {
            throw new IllegalArgumentException("matmul probe needs n >= 1 and repeats >= 1, got n=" + n
                    + ", repeats=" + repeats);
        }
        double[] seconds = new double[repeats];
        try (NDManager manager = device == null ? NDManager.newBaseManager() : NDManager.newBaseManager(device)) {
            Engine.getInstance().setRandomSeed(0);
            NDArray a = manager.randomUniform(0f, 1f, new Shape(n, n), DataType.FLOAT32);
            NDArray b = manager.randomUniform(0f, 1f, new Shape(n, n), DataType.FLOAT32);
            for (int i = 0; i < WARMUP; i++) {
                timeOne(a, b);
            }
            for (int i = 0; i < repeats; i++) {
                seconds[i] = timeOne(a, b);
            }
        }
        double median = median(seconds);
        return new Measurement(n, repeats, median, 2.0 * n * n * (double) n / median / 1e9);
    }

    private static double timeOne(NDArray a, NDArray b) {
        long t0 = System.nanoTime();
        try (NDArray c = a.matMul(b)) {
            // Reading an element waits for the product even on an asynchronous (GPU) device.
            c.getFloat(0, 0);
            return (System.nanoTime() - t0) / 1e9;
        }
    }

    static double median(double[] values) {
        double[] s = values.clone();
        Arrays.sort(s);
        int m = s.length / 2;
        return s.length % 2 == 1 ? s[m] : (s[m - 1] + s[m]) / 2;
    }
}
