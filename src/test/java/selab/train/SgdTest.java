package selab.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.ConstantInitializer;
import org.junit.jupiter.api.Test;

/** Expected values follow torch.optim.SGD's update rule, worked out by hand in the comments. */
class SgdTest {

    /** Two steps on w (start 1.0) with d(loss)/dw = 0.5 each step; returns w after each step. */
    private static double[] twoSteps(double momentum, boolean nesterov, double wd) {
        try (NDManager m = NDManager.newBaseManager()) {
            Linear lin = Linear.builder().setUnits(1).optBias(false).build();
            lin.setInitializer(new ConstantInitializer(1f), ai.djl.nn.Parameter.Type.WEIGHT);
            lin.initialize(m, DataType.FLOAT32, new Shape(1, 1));
            Sgd sgd = new Sgd(m, momentum, nesterov, wd, false);
            ParameterStore ps = new ParameterStore(m, false);
            double[] w = new double[2];
            for (int i = 0; i < 2; i++) {
                try (NDManager step = m.newSubManager()) {
                    NDArray x = step.create(new float[] {0.5f}, new Shape(1, 1));
                    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                        gc.backward(lin.forward(ps, new NDList(x), true).singletonOrThrow().sum());
                    }
                    sgd.step(Sgd.trainable(lin), 0.1);
                }
                w[i] = lin.getParameters().valueAt(0).getArray().getFloat();
            }
            return w;
        }
    }

    @Test
    void momentumWithWeightDecayMatchesTorchRule() {
        // step 1: g = 0.5 + 0.01*1 = 0.51; buf = 0.51; w = 1 - 0.1*0.51 = 0.949
        // step 2: g = 0.5 + 0.01*0.949 = 0.50949; buf = 0.9*0.51 + 0.50949 = 0.96849; w = 0.949 - 0.096849
        double[] w = twoSteps(0.9, false, 0.01);
        assertEquals(0.949, w[0], 1e-6);
        assertEquals(0.852151, w[1], 1e-6);
    }

    @Test
    void nesterovMatchesTorchRule() {
        // step 1: g = 0.5; buf = 0.5; d = g + 0.9*buf = 0.95; w = 1 - 0.095 = 0.905
        // step 2: g = 0.5; buf = 0.9*0.5 + 0.5 = 0.95; d = 0.5 + 0.855 = 1.355; w = 0.905 - 0.1355 = 0.7695
        double[] w = twoSteps(0.9, true, 0);
        assertEquals(0.905, w[0], 1e-6);
        assertEquals(0.7695, w[1], 1e-6);
    }

    @Test
    void gradientsAreZeroedBetweenSteps() {
        // Plain SGD: if gradients accumulated, step 2 would use 1.0 instead of 0.5.
        double[] w = twoSteps(0, false, 0);
        assertEquals(0.95, w[0], 1e-6);
        assertEquals(0.90, w[1], 1e-6);
    }

    @Test
    void aNonFiniteGradientIsZeroedNotKept() {
        // x - x keeps NaN a NaN (and Inf - Inf is NaN): zeroing must write zeros, whatever was there.
        try (NDManager m = NDManager.newBaseManager()) {
            Linear lin = Linear.builder().setUnits(1).optBias(false).build();
            lin.setInitializer(new ConstantInitializer(1f), ai.djl.nn.Parameter.Type.WEIGHT);
            lin.initialize(m, DataType.FLOAT32, new Shape(1, 2));
            ParameterStore ps = new ParameterStore(m, false);
            try (NDManager step = m.newSubManager()) {
                NDArray x = step.create(new float[] {Float.NaN, Float.POSITIVE_INFINITY}, new Shape(1, 2));
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    gc.backward(lin.forward(ps, new NDList(x), true).singletonOrThrow().sum());
                }
                new Sgd(m, 0, false, 0, false).step(Sgd.trainable(lin), 0.0);
            }
            float[] grad = lin.getParameters().valueAt(0).getArray().getGradient().toFloatArray();
            assertEquals(0f, grad[0], 0f);
            assertEquals(0f, grad[1], 0f);
        }
    }
}
