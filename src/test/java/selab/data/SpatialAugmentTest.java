package selab.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SpatialAugmentTest {

    private NDManager m;

    @BeforeEach
    void open() {
        m = NDManager.newBaseManager();
    }

    @AfterEach
    void close() {
        m.close();
    }

    private static final float[] NINE = {1, 2, 3, 4, 5, 6, 7, 8, 9};

    @Test
    void padCropWithKnownOffsets() {
        // 3 samples of the same 3×3 image 1..9; two channels (channel 1 = 10 × channel 0).
        float[] data = new float[3 * 2 * 9];
        for (int b = 0; b < 3; b++) {
            for (int p = 0; p < 9; p++) {
                data[b * 18 + p] = NINE[p];
                data[b * 18 + 9 + p] = 10 * NINE[p];
            }
        }
        NDArray x = m.create(data, new Shape(3, 2, 3, 3));
        NDArray out = SpatialAugment.padCropFlip(x, 1, new int[] {0, 2, 1}, new int[] {0, 1, 1}, new boolean[3]);
        assertEquals(new Shape(3, 2, 3, 3), out.getShape());
        float[] got = out.toFloatArray();
        // padded image (5×5): zero border around 1..9
        float[] at00 = {0, 0, 0, 0, 1, 2, 0, 4, 5};
        float[] at21 = {4, 5, 6, 7, 8, 9, 0, 0, 0};
        float[][] expected = {at00, at21, NINE};
        for (int b = 0; b < 3; b++) {
            for (int p = 0; p < 9; p++) {
                assertEquals(expected[b][p], got[b * 18 + p], "sample " + b + " channel 0 pixel " + p);
                assertEquals(10 * expected[b][p], got[b * 18 + 9 + p], "sample " + b + " channel 1 pixel " + p);
            }
        }
    }

    @Test
    void flipOnlyMirrorsFlaggedSamples() {
        float[] data = new float[18];
        System.arraycopy(NINE, 0, data, 0, 9);
        System.arraycopy(NINE, 0, data, 9, 9);
        NDArray x = m.create(data, new Shape(2, 1, 3, 3));
        float[] got = SpatialAugment.padCropFlip(x, 0, new int[2], new int[2], new boolean[] {true, false}).toFloatArray();
        assertArrayEquals(new float[] {3, 2, 1, 6, 5, 4, 9, 8, 7, 1, 2, 3, 4, 5, 6, 7, 8, 9}, got);
    }

    @Test
    void padCropAndFlipTogether() {
        NDArray x = m.create(NINE, new Shape(1, 1, 3, 3));
        float[] got = SpatialAugment.padCropFlip(x, 1, new int[] {0}, new int[] {2}, new boolean[] {true}).toFloatArray();
        // window rows 0..2, cols 2..4 of the padded image = [0 0 0; 2 3 0; 5 6 0], mirrored
        assertArrayEquals(new float[] {0, 0, 0, 0, 3, 2, 0, 6, 5}, got);
    }

    @Test
    void resizedCropOfWholeImageIsIdentity() {
        float[] data = new float[2 * 4 * 4];
        new Random(1).ints(data.length, 0, 256).forEach(new java.util.function.IntConsumer() {
            int i;

            @Override
            public void accept(int v) {
                data[i++] = v;
            }
        });
        NDArray x = m.create(data, new Shape(1, 2, 4, 4));
        SpatialAugment.CropBox whole = new SpatialAugment.CropBox(0, 0, 4, 4);
        assertArrayEquals(data, SpatialAugment.resizedCropFlip(x, new SpatialAugment.CropBox[] {whole}, new boolean[1])
                .toFloatArray(), 1e-4f);
    }

    @Test
    void resizedCropInterpolatesBilinearly() {
        // 4×4 image v(y, x) = 4y + x; crop rows 1..2, cols 0..1 and upsample ×2. Half-pixel source coords
        // of the 4 outputs along each axis: (i + 0.5)/2 - 0.5 clamped to [0, 1] = 0, 0.25, 0.75, 1.
        float[] data = new float[16];
        for (int p = 0; p < 16; p++) {
            data[p] = p;
        }
        NDArray x = m.create(data, new Shape(1, 1, 4, 4));
        SpatialAugment.CropBox box = new SpatialAugment.CropBox(1, 0, 2, 2);
        double[] c = {0, 0.25, 0.75, 1};
        float[] plain = SpatialAugment.resizedCropFlip(x, new SpatialAugment.CropBox[] {box}, new boolean[1]).toFloatArray();
        float[] flipped = SpatialAugment.resizedCropFlip(x, new SpatialAugment.CropBox[] {box}, new boolean[] {true})
                .toFloatArray();
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 4; j++) {
                // bilinear interpolation reproduces a linear function exactly
                assertEquals(4 * (1 + c[i]) + c[j], plain[i * 4 + j], 1e-5);
                assertEquals(4 * (1 + c[i]) + c[3 - j], flipped[i * 4 + j], 1e-5);
            }
        }
    }

    @Test
    void resizedCropMixesFourNeighbours() {
        // 2×2 crop [[0, 10], [20, 0]] upsampled to 4×4: output (1, 2) reads source (0.25, 0.75)
        // = 0.75·0.25·0 + 0.75·0.75·10 + 0.25·0.25·20 + 0.25·0.75·0 = 6.875
        float[] data = new float[16];
        data[1] = 10;
        data[4] = 20;
        NDArray x = m.create(data, new Shape(1, 1, 4, 4));
        float[] out = SpatialAugment.resizedCropFlip(x, new SpatialAugment.CropBox[] {new SpatialAugment.CropBox(0, 0, 2, 2)},
                new boolean[1]).toFloatArray();
        assertEquals(6.875, out[1 * 4 + 2], 1e-5);
    }

    @Test
    void sampledResizedCropsStayInsideAndFollowTheRanges() {
        Random rng = new Random(3);
        for (int t = 0; t < 2000; t++) {
            SpatialAugment.CropBox b = SpatialAugment.sampleResizedCrop(32, 48, rng);
            assertTrue(b.y() >= 0 && b.x() >= 0 && b.y() + b.h() <= 32 && b.x() + b.w() <= 48, b.toString());
            double area = (double) b.h() * b.w() / (32 * 48);
            assertTrue(area >= 0.05 && area <= 1.0, "area fraction " + area);
            double ratio = (double) b.w() / b.h();
            // the 3/4..4/3 aspect range is only approximate after rounding to whole pixels
            assertTrue(ratio >= 0.5 && ratio <= 2.0 || area > 0.9, "ratio " + ratio + " for " + b);
        }
    }

    /** Whatever offsets and flips are drawn, each output sample is a window of its padded, maybe mirrored input. */
    @Test
    void randomPadCropFlipOutputsAreWindowsOfThePaddedInput() {
        int b = 8;
        int c = 2;
        int s = 5;
        int pad = 2;
        float[] data = new float[b * c * s * s];
        Random fill = new Random(9);
        for (int i = 0; i < data.length; i++) {
            data[i] = 1 + fill.nextInt(200); // nonzero, so padding is distinguishable
        }
        NDArray x = m.create(data, new Shape(b, c, s, s));
        SpatialAugment aug = new SpatialAugment(new DataConfig.Augment(pad, true, false));
        float[] out = aug.apply(x, new Random(123)).toFloatArray();
        assertArrayEquals(out, aug.apply(x, new Random(123)).toFloatArray(), "same seed, same batch");
        int distinct = 0;
        String first = null;
        for (int k = 0; k < b; k++) {
            String match = findWindow(data, out, k, c, s, pad);
            assertTrue(match != null, "sample " + k + " is not a window of its padded input");
            if (first == null) {
                first = match;
            } else if (!match.equals(first)) {
                distinct++;
            }
        }
        assertTrue(distinct > 0, "all samples got the same offsets and flip");
    }

    private static String findWindow(float[] in, float[] out, int k, int c, int s, int pad) {
        int img = c * s * s;
        for (int oy = 0; oy <= 2 * pad; oy++) {
            for (int ox = 0; ox <= 2 * pad; ox++) {
                for (boolean flip : new boolean[] {false, true}) {
                    boolean ok = true;
                    for (int ch = 0; ch < c && ok; ch++) {
                        for (int i = 0; i < s && ok; i++) {
                            for (int j = 0; j < s && ok; j++) {
                                int py = oy + i - pad;
                                int px = ox + (flip ? s - 1 - j : j) - pad;
                                float want = py < 0 || py >= s || px < 0 || px >= s ? 0
                                        : in[k * img + ch * s * s + py * s + px];
                                ok = out[k * img + ch * s * s + i * s + j] == want;
                            }
                        }
                    }
                    if (ok) {
                        return oy + "," + ox + "," + flip;
                    }
                }
            }
        }
        return null;
    }

    @Test
    void randomResizedCropKeepsShapeAndIsReproducible() {
        NDArray x = m.randomUniform(0, 255, new Shape(4, 3, 16, 16));
        SpatialAugment aug = new SpatialAugment(new DataConfig.Augment(0, true, true));
        NDArray a = aug.apply(x, new Random(5));
        assertEquals(x.getShape(), a.getShape());
        assertArrayEquals(a.toFloatArray(), aug.apply(x, new Random(5)).toFloatArray());
        float min = a.min().getFloat();
        float max = a.max().getFloat();
        assertTrue(min >= x.min().getFloat() - 1e-3 && max <= x.max().getFloat() + 1e-3, "interpolation stays in range");
    }

    @Test
    void noAugmentationReturnsInput() {
        NDArray x = m.ones(new Shape(1, 1, 2, 2));
        assertTrue(new SpatialAugment(DataConfig.Augment.NONE).apply(x, new Random(1)) == x);
    }
}
