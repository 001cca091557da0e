package selab.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import org.junit.jupiter.api.Test;

/**
 * Each placement wires the SE block where the paper's Fig. 5 puts it. Fex's weights are zeroed so the
 * sigmoid gate is exactly 0.5 everywhere; the expected output is then computed from the branch alone.
 */
class PlacementWiringTest {

    private static final Shape IN = new Shape(2, 4, 6, 6);

    private static float[] unitOutput(Placement placement, NDManager m, NDArray x, float[][] expectedOut) {
        SeConfig se = new SeConfig(2, Squeeze.AVG, Gate.SIGMOID, placement, null, false);
        Block branch = new SequentialBlock().add(SeResNet.conv(4, 3, 1)).add(BatchNorm.builder().build());
        ResidualUnit unit = new ResidualUnit(branch, null, new SqueezeExcitation(se, 4, "SE_2_1"), placement);
        unit.initialize(m, DataType.FLOAT32, IN);
        for (Pair<String, Parameter> p : unit.getParameters()) {
            if (p.getKey().contains("fex")) {
                p.getValue().getArray().set(new float[(int) p.getValue().getArray().size()]);
            }
            if (p.getValue().getType() == Parameter.Type.BETA) {
                p.getValue().getArray().set(new float[] {0.3f, -0.2f, 0.1f, 0.5f}); // makes the branch non-homogeneous
            }
        }
        ParameterStore ps = new ParameterStore(m, false);
        NDArray b = branch.forward(ps, new NDList(x), false).singletonOrThrow();
        NDArray bHalf = branch.forward(ps, new NDList(x.mul(0.5)), false).singletonOrThrow();
        NDArray expected = switch (placement) {
            case STANDARD, NOSQUEEZE -> Activation.relu(b.mul(0.5).add(x));
            case PRE -> Activation.relu(bHalf.add(x));
            case POST -> Activation.relu(b.add(x)).mul(0.5);
            case IDENTITY -> Activation.relu(b.add(x.mul(0.5)));
            case CONV3X3 -> throw new IllegalArgumentException();
        };
        expectedOut[0] = expected.toFloatArray();
        return unit.forward(ps, new NDList(x), false).singletonOrThrow().toFloatArray();
    }

    @Test
    void everyUnitLevelPlacementMatchesThePaperFigure() {
        for (Placement p : new Placement[] {Placement.STANDARD, Placement.PRE, Placement.POST, Placement.IDENTITY,
                Placement.NOSQUEEZE}) {
            try (NDManager m = NDManager.newBaseManager()) {
                NDArray x = m.randomNormal(IN);
                float[][] expected = new float[1][];
                float[] actual = unitOutput(p, m, x, expected);
                assertArrayEquals(expected[0], actual, 1e-5f, p.key());
            }
        }
    }

    @Test
    void conv3x3PlacementPutsSeInsideTheBottleneckOnTheMiddleWidth() {
        SeConfig se = new SeConfig(16, Squeeze.AVG, Gate.SIGMOID, Placement.CONV3X3, null, false);
        Block net = SeResNet.build(new ModelConfig("resnet-50", se, 1.0), Geometry.IMAGENET);
        var blocks = SeResNet.seBlocks(net);
        assertEquals(16, blocks.size());
        // The 3x3 conv of stage s has width 64 * 2^(s-2): SE_2_x sees 64 channels, SE_5_x 512.
        assertEquals(64, blocks.get(0).channels());
        assertEquals(512, blocks.get(15).channels());
        SeConfig pre = new SeConfig(16, Squeeze.AVG, Gate.SIGMOID, Placement.PRE, null, false);
        var preBlocks = SeResNet.seBlocks(SeResNet.build(new ModelConfig("resnet-50", pre, 1.0), Geometry.IMAGENET));
        // SE-PRE acts on the unit's input: the first unit of stage 2 gets the stem's 64 channels, the next 256.
        assertEquals(64, preBlocks.get(0).channels());
        assertEquals(256, preBlocks.get(1).channels());
    }

    @Test
    void cifarResNet20HasHandCountedParameters() {
        // stem 3*3*1*16 + BN 2*16 = 176; stage 2: 3 units * 2 * (3*3*16*16 + 2*16) = 14,016;
        // stage 3: first unit 3*3*16*32 + 3*3*32*32 + 2*2*32 + shortcut 16*32 + 2*32 = 14,528, then 2 * 18,560;
        // stage 4: 3*3*32*64 + 3*3*64*64 + 4*64 + 32*64 + 2*64 = 57,728, then 2 * 73,984; head 64*10 + 10 = 650.
        long expected = 176 + 14_016 + (14_528 + 2 * 18_560) + (57_728 + 2 * 73_984) + 650;
        assertEquals(272_186L, expected);
        assertEquals(expected, Profiler.profile(new ModelConfig("resnet-20", null, 1.0), new Geometry(1, 28, 10)).params());
        // SE r=16 adds 2 * sum_s N_s * C_s * max(1, C_s/16) = 2*3*(16*1 + 32*2 + 64*4) = 2,016.
        assertEquals(expected + 2_016L,
                Profiler.profile(new ModelConfig("resnet-20", SeConfig.paperDefault(), 1.0), new Geometry(1, 28, 10)).params());
    }

    @Test
    void noSqueezeAddsItsPerPositionMultiplyAdds() {
        // Fex as 1x1 convs at every position: sum_s N_s * H_s * W_s * 2 * C_s^2 / 16 on ResNet-50 at 224.
        long expectedExtra = 3L * 56 * 56 * 2 * 256 * 256 / 16 + 4L * 28 * 28 * 2 * 512 * 512 / 16
                + 6L * 14 * 14 * 2 * 1024 * 1024 / 16 + 3L * 7 * 7 * 2 * 2048 * 2048 / 16;
        SeConfig noSqueeze = new SeConfig(16, Squeeze.AVG, Gate.SIGMOID, Placement.NOSQUEEZE, null, false);
        Profile p = Profiler.profile(new ModelConfig("resnet-50", noSqueeze, 1.0), Geometry.IMAGENET);
        assertEquals(3_857_973_248L + expectedExtra, p.macs());
        assertEquals(411_041_792L, expectedExtra);
        assertEquals(4.27, Math.round(p.gflops() * 100) / 100.0, 1e-9); // paper Table 16
    }
}
