package selab.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every ablation combination builds and runs at CIFAR scale, and its gates stay in the gate's range. */
class ModelForwardTest {

    private static final List<List<Integer>> STAGE_SUBSETS =
            List.of(List.of(2), List.of(3), List.of(4), List.of(2, 3), List.of(2, 4), List.of(3, 4), List.of(2, 3, 4));

    @Test
    void everyAblationCombinationRunsWithGatesInRange() {
        Geometry g = new Geometry(1, 28, 10);
        int combos = 0;
        for (int r : new int[] {2, 4, 8, 16, 32}) {
            for (Squeeze sq : Squeeze.values()) {
                for (Gate gate : Gate.values()) {
                    for (Placement pl : Placement.values()) {
                        for (List<Integer> stages : STAGE_SUBSETS) {
                            SeConfig se = new SeConfig(r, sq, gate, pl, stages, r % 4 == 0);
                            checkForward(new ModelConfig("resnet-20", se, 0.5), g, stages);
                            combos++;
                        }
                    }
                }
            }
        }
        assertEquals(5 * 2 * 3 * 6 * 7, combos);
    }

    private static void checkForward(ModelConfig cfg, Geometry g, List<Integer> stages) {
        try (NDManager m = NDManager.newBaseManager()) {
            Block net = SeResNet.build(cfg, g);
            Shape in = new Shape(2, g.channels(), g.size(), g.size());
            net.initialize(m, DataType.FLOAT32, in);
            List<SqueezeExcitation> blocks = SeResNet.seBlocks(net);
            // resnet-20 has 3 units per stage; one SE per unit of each selected stage.
            assertEquals(3 * stages.size(), blocks.size(), cfg.toString());
            List<float[]> gates = new ArrayList<>();
            for (SqueezeExcitation b : blocks) {
                int stage = Integer.parseInt(b.label().split("_")[1]);
                assertTrue(stages.contains(stage), b.label() + " outside " + stages);
                b.setTap(s -> gates.add(s.toFloatArray()));
            }
            NDArray x = m.randomNormal(in);
            NDArray y = net.forward(new ParameterStore(m, false), new NDList(x), true).singletonOrThrow();
            assertEquals(new Shape(2, 10), y.getShape(), cfg.toString());
            assertEquals(blocks.size(), gates.size());
            for (float[] s : gates) {
                for (float v : s) {
                    switch (cfg.se().gate()) {
                        // Closed ranges: in float32, tanh and sigmoid saturate to exactly ±1 / 0 / 1
                        // for large inputs (max squeeze after the residual addition produces them).
                        case SIGMOID -> assertTrue(v >= 0 && v <= 1, "sigmoid gate " + v + " " + cfg);
                        case TANH -> assertTrue(v >= -1 && v <= 1, "tanh gate " + v + " " + cfg);
                        case RELU -> assertTrue(v >= 0, "relu gate " + v);
                    }
                }
            }
        }
    }
}
