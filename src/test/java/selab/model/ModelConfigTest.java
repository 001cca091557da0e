package selab.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ModelConfigTest {

    /** A bad width used to become 1.0 silently (so `profile --width 0` reported width 1.00). */
    @Test
    void widthOutsideItsRangeIsRefusedNotReplaced() {
        for (double w : new double[] {0, -1, Double.NaN, 0.2499, 8.0001, 1e9}) {
            assertThrows(IllegalArgumentException.class, () -> new ModelConfig("resnet-20", null, w), "width " + w);
        }
        assertEquals(8.0, new ModelConfig("resnet-20", null, 8.0).width());
        assertEquals(0.25, new ModelConfig("resnet-20", null, 0.25).width());
    }
}
