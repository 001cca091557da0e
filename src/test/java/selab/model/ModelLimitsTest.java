package selab.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The input bounds against the networks themselves: DJL's shape inference walks each built net, and the layers
 * that shrink the feature map are counted and their input sides read, independently of {@link ModelLimits}'s
 * formula.
 */
class ModelLimitsTest {

    @Test
    void smallestInputsWorkedOutByHand() {
        // resnet-20…110: stride 2 at stages 3 and 4; n=3 -> 2 -> 1. resnet-50…152: stem conv, max-pool, stages
        // 3, 4, 5; n=17 -> 9 -> 5 -> 3 -> 2 -> 1.
        assertEquals(3, ModelLimits.minInputSide(Architecture.of("resnet-20")));
        assertEquals(3, ModelLimits.minInputSide(Architecture.of("resnet-110")));
        assertEquals(17, ModelLimits.minInputSide(Architecture.of("resnet-50")));
        assertEquals(17, ModelLimits.minInputSide(Architecture.of("resnet-152")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"resnet-20", "resnet-110", "resnet-50", "resnet-152"})
    void atTheSmallestInputEveryDownsamplingHalvesAtLeastTwoPixelsAndBelowItOneDoesNot(String arch) {
        Architecture a = Architecture.of(arch);
        int min = ModelLimits.minInputSide(a);
        // At a large input every stride-2 layer shrinks the map: their number is the formula's.
        assertEquals(ModelLimits.strideTwoLayers(a), shrinkingInputs(arch, 224).size());
        List<Long> atMin = shrinkingInputs(arch, min);
        assertEquals(ModelLimits.strideTwoLayers(a), atMin.size(), "every stride still shrinks at " + min);
        assertTrue(atMin.stream().allMatch(side -> side >= 2), "inputs of the shrinking layers at " + min + ": " + atMin);
        assertEquals(ModelLimits.strideTwoLayers(a) - 1, shrinkingInputs(arch, min - 1).size(),
                "one below the minimum, the last stride-2 layer sees a single pixel and shrinks nothing");
    }

    @Test
    void widthBoundsAreInclusiveAndNaNIsOut() {
        assertTrue(ModelLimits.widthAllowed(0.25));
        assertTrue(ModelLimits.widthAllowed(8));
        assertFalse(ModelLimits.widthAllowed(0.2499));
        assertFalse(ModelLimits.widthAllowed(8.0001));
        assertFalse(ModelLimits.widthAllowed(Double.NaN));
        assertEquals("a number in [0.25, 8]", ModelLimits.allowedWidths());
        // At the lower bound the narrowest conv (the 16-channel stem of the CIFAR nets) keeps 4 channels.
        assertEquals(4, SeResNet.scaled(16, ModelLimits.MIN_WIDTH));
    }

    /** The input side of every top-level layer of the built net whose output map is smaller than its input. */
    private static List<Long> shrinkingInputs(String arch, int side) {
        Block net = SeResNet.build(new ModelConfig(arch, null, ModelLimits.MIN_WIDTH), new Geometry(3, side, 10));
        Shape in = new Shape(1, 3, side, side);
        List<Long> out = new ArrayList<>();
        try (NDManager manager = NDManager.newBaseManager(ai.djl.Device.cpu())) {
            net.initialize(manager, DataType.FLOAT32, in);
            Shape s = in;
            for (Block child : net.getChildren().values()) {
                if (s.dimension() < 4) {
                    break; // the global pool and the classifier
                }
                Shape next = child.getOutputShapes(new Shape[] {s})[0];
                if (next.dimension() == 4 && next.get(2) < s.get(2)) {
                    out.add(s.get(2));
                }
                s = next;
            }
        }
        return out;
    }
}
