package selab.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The convolution's output, weight gradient and input gradient against a direct (loop) convolution written
 * out here, for channel counts that are not multiples of oneDNN's 16-channel block. With DJL's plain
 * Conv2d, libtorch 2.7.1 returns input gradients that read unwritten memory for such counts (NaN on AVX-512
 * machines, wrong numbers elsewhere); repeating each case with freed memory filled with NaN exposes that.
 */
class BlockAlignedConv2dTest {

    @ParameterizedTest(name = "ic={0} oc={1} k={2} stride={3}")
    @CsvSource({
        "8, 8, 3, 1", "16, 8, 3, 1", "8, 16, 3, 2", "24, 24, 3, 1", "16, 1, 1, 1", "16, 2, 1, 1", "32, 4, 1, 1",
        "1, 16, 1, 1", "2, 16, 1, 1", "4, 32, 1, 1", "8, 24, 1, 2", "16, 32, 3, 2", "1, 8, 3, 1", "3, 16, 3, 1",
        "12, 16, 3, 1", "24, 16, 3, 1", "24, 32, 1, 2", "6, 16, 3, 2", "40, 8, 3, 1"
    })
    void gradientsMatchADirectConvolution(int ic, int oc, int k, int stride) {
        int n = 16;
        int hw = 8;
        int pad = k / 2;
        int out = (hw + 2 * pad - k) / stride + 1;
        Random rng = new Random(ic * 1000L + oc * 10L + k + stride);
        float[] x = random(rng, n * ic * hw * hw);
        float[] w = random(rng, oc * ic * k * k);
        float[] g = random(rng, n * oc * out * out); // the upstream gradient dL/dy
        // Reference: y = conv(x, w); dL/dw and dL/dx for L = sum(y * g).
        double[] y = new double[n * oc * out * out];
        double[] dw = new double[w.length];
        double[] dx = new double[x.length];
        for (int b = 0; b < n; b++) {
            for (int o = 0; o < oc; o++) {
                for (int oy = 0; oy < out; oy++) {
                    for (int ox = 0; ox < out; ox++) {
                        int yi = ((b * oc + o) * out + oy) * out + ox;
                        for (int i = 0; i < ic; i++) {
                            for (int ky = 0; ky < k; ky++) {
                                for (int kx = 0; kx < k; kx++) {
                                    int iy = oy * stride - pad + ky;
                                    int ix = ox * stride - pad + kx;
                                    if (iy < 0 || ix < 0 || iy >= hw || ix >= hw) {
                                        continue;
                                    }
                                    int xi = ((b * ic + i) * hw + iy) * hw + ix;
                                    int wi = ((o * ic + i) * k + ky) * k + kx;
                                    y[yi] += (double) x[xi] * w[wi];
                                    dw[wi] += (double) g[yi] * x[xi];
                                    dx[xi] += (double) g[yi] * w[wi];
                                }
                            }
                        }
                    }
                }
            }
        }
        for (int repeat = 0; repeat < 8; repeat++) {
            try (NDManager m = NDManager.newBaseManager()) {
                litterFreedMemory(m, n * 16 * hw * hw);
                BlockAlignedConv2d conv = BlockAlignedConv2d.of(oc, k, stride, false);
                conv.initialize(m, DataType.FLOAT32, new Shape(n, ic, hw, hw));
                conv.getParameters().get("weight").getArray().set(w);
                NDArray xs = m.create(x, new Shape(n, ic, hw, hw));
                xs.setRequiresGradient(true);
                NDArray gs = m.create(g, new Shape(n, oc, out, out));
                NDArray ys;
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    ys = conv.forward(new ParameterStore(m, false), new NDList(xs), true).singletonOrThrow();
                    gc.backward(ys.mul(gs).sum());
                }
                String at = "repeat " + repeat + ": ";
                assertClose(y, ys.toFloatArray(), at + "y");
                assertClose(dw, conv.getParameters().get("weight").getArray().getGradient().toFloatArray(), at + "dL/dw");
                assertClose(dx, xs.getGradient().toFloatArray(), at + "dL/dx");
            }
        }
    }

    /** Padded weights are per-step temporaries: nothing piles up on the parameters' manager across steps. */
    @org.junit.jupiter.api.Test
    void paddingLeavesNothingOnTheParametersManager() {
        try (NDManager m = NDManager.newBaseManager()) {
            BlockAlignedConv2d conv = BlockAlignedConv2d.of(8, 3, 1, true);
            conv.initialize(m, DataType.FLOAT32, new Shape(4, 12, 6, 6));
            int before = m.getManagedArrays().size();
            for (int i = 0; i < 5; i++) {
                try (NDManager step = m.newSubManager()) {
                    NDArray x = step.ones(new Shape(4, 12, 6, 6));
                    x.setRequiresGradient(true);
                    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                        gc.backward(conv.forward(new ParameterStore(m, false), new NDList(x), true).singletonOrThrow().sum());
                    }
                }
            }
            assertEquals(before, m.getManagedArrays().size());
        }
    }

    /** Allocates and frees buffers full of NaN, so a kernel that reads memory it did not write sees NaN. */
    static void litterFreedMemory(NDManager m, int floats) {
        for (int i = 0; i < 16; i++) {
            try (NDManager scratch = m.newSubManager()) {
                scratch.full(new Shape(floats + 64L * i), Float.NaN);
                scratch.full(new Shape(floats * 4L + 64L * i), Float.POSITIVE_INFINITY);
            }
        }
    }

    private static float[] random(Random rng, int size) {
        float[] a = new float[size];
        for (int i = 0; i < size; i++) {
            a[i] = (float) rng.nextGaussian();
        }
        return a;
    }

    private static void assertClose(double[] expected, float[] actual, String what) {
        assertEquals(expected.length, actual.length, what + " size");
        for (int i = 0; i < expected.length; i++) {
            assertTrue(Math.abs(expected[i] - actual[i]) <= 1e-3 * (1 + Math.abs(expected[i])),
                    what + "[" + i + "]: expected " + expected[i] + ", got " + actual[i]);
        }
    }
}
