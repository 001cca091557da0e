package selab.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScalarsTest {

    /**
     * d(c * x)/dx = c, even when the JVM has collected and reused the memory of every short-lived direct
     * buffer between forward and backward (what a GC in the middle of a training step does).
     */
    @Test
    void gradientOfAConstantMultipleSurvivesGarbageCollection() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.arange(12f).reshape(3, 4);
            x.setRequiresGradient(true);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray y = Scalars.times(Scalars.times(x, 0.25), 3.0);
                reuseFreedDirectMemory();
                gc.backward(y.sum());
            }
            float[] grad = x.getGradient().toFloatArray();
            for (float v : grad) {
                assertEquals(0.75f, v, 0f);
            }
            assertEquals(new Shape(3, 4), x.getGradient().getShape());
        }
    }

    private static void reuseFreedDirectMemory() {
        for (int round = 0; round < 3; round++) {
            System.gc();
            List<ByteBuffer> fill = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                ByteBuffer b = ByteBuffer.allocateDirect(4 + 4 * i);
                while (b.remaining() >= 4) {
                    b.putFloat(Float.NaN);
                }
                fill.add(b);
            }
        }
    }
}
