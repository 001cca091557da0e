package selab.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * SGD with PyTorch's semantics ({@code torch.optim.SGD}): the learning rate is applied outside the
 * momentum buffer (so a schedule change takes effect at once), Nesterov is supported, and weight decay
 * can skip BN parameters and biases. DJL's built-in {@code sgd} puts lr inside the buffer and decays
 * everything, and its {@code nag} fails on PyTorch, hence this class.
 *
 * <pre>
 *   g = grad + wd * w            (wd only on decayed parameters)
 *   buf = momentum * buf + g     (buf = g at the first step)
 *   d = nesterov ? g + momentum * buf : buf
 *   w = w - lr * d
 * </pre>
 */
public final class Sgd {

    private final double momentum;
    private final boolean nesterov;
    private final double weightDecay;
    private final boolean decayBnAndBias;
    private final Map<String, NDArray> buffers = new LinkedHashMap<>();
    private final NDManager manager;

    public Sgd(NDManager manager, double momentum, boolean nesterov, double weightDecay, boolean decayBnAndBias) {
        this.manager = manager;
        this.momentum = momentum;
        this.nesterov = nesterov;
        this.weightDecay = weightDecay;
        this.decayBnAndBias = decayBnAndBias;
    }

    /** Applies one update to every trainable parameter and zeroes its gradient. */
    public void step(Map<String, Parameter> params, double lr) {
        for (Map.Entry<String, Parameter> entry : params.entrySet()) {
            Parameter p = entry.getValue();
            NDArray w = p.getArray();
            // Every temporary is attached to this scope, so nothing accumulates on the model's manager.
            try (NDManager scope = manager.newSubManager()) {
                NDArray grad = w.getGradient();
                grad.attach(scope);
                NDArray g = decays(p) && weightDecay > 0 ? grad.add(scoped(scope, w.mul(weightDecay))) : grad;
                NDArray d = g;
                if (momentum > 0) {
                    NDArray buf = buffers.get(entry.getKey());
                    if (buf == null) {
                        buf = g.duplicate();
                        buf.attach(manager);
                        buffers.put(entry.getKey(), buf);
                    } else {
                        buf.muli(momentum).addi(g);
                    }
                    d = nesterov ? g.add(scoped(scope, buf.mul(momentum))) : buf;
                }
                w.subi(scoped(scope, d.mul(lr)));
                // PyTorch accumulates gradients: zero them for the next step with an op that zeroes (x - x keeps a
                // NaN a NaN, so one bad step would poison every later one).
                JniUtils.zeroGrad((PtNDArray) w);
            }
        }
    }

    private static NDArray scoped(NDManager scope, NDArray a) {
        a.attach(scope);
        return a;
    }

    /** Whether weight decay applies: always to conv/FC weights; to BN and biases only when asked. */
    boolean decays(Parameter p) {
        if (decayBnAndBias) {
            return true;
        }
        return p.getType() == Parameter.Type.WEIGHT;
    }

    /** Momentum buffers keyed by parameter name, for checkpoints. */
    public Map<String, NDArray> buffers() {
        return buffers;
    }

    /** Restores the buffers of a checkpoint; names must match the network's parameter ids. */
    public void restore(Map<String, NDArray> saved) {
        buffers.values().forEach(NDArray::close);
        buffers.clear();
        for (Map.Entry<String, NDArray> e : saved.entrySet()) {
            e.getValue().attach(manager);
            buffers.put(e.getKey(), e.getValue());
        }
    }

    /** Trainable parameters by their stable path name in the block tree (ids are random per build). */
    public static Map<String, Parameter> trainable(ai.djl.nn.Block net) {
        Map<String, Parameter> out = new LinkedHashMap<>();
        for (ai.djl.util.Pair<String, Parameter> p : net.getParameters()) {
            if (p.getValue().requiresGradient()) {
                out.put(p.getKey(), p.getValue());
            }
        }
        return out;
    }
}
