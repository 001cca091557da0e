package selab.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.util.Map;
import java.util.Random;
import selab.data.BatchSource;

/**
 * One SGD step of a network, the unit {@link Trainer#fit} repeats and {@code selab bench} times: gather the
 * batch into a per-step manager (and hint the next one to the source), forward under a gradient collector,
 * loss, backward, the {@link Sgd} update, and the epoch's loss and top-1 tallies advanced on the device. No
 * host sync, and nothing outlives the step but the weights, the momentum buffers and the tallies.
 */
public final class TrainingStep {

    /** The phases of a step, in order. */
    public enum Phase {
        /** The batch is gathered, augmented and normalised; output: the images. */
        GATHER,
        /** Forward pass and loss; output: the loss. */
        FORWARD,
        /** Backward pass; output: the first parameter's gradient. */
        BACKWARD,
        /** SGD update and gradient zeroing; output: the first parameter's weights. */
        UPDATE
    }

    /**
     * Sees each phase's output as soon as the phase is queued, e.g. to sync the device and time the phase.
     * Temporaries it makes belong on {@code step}, which is closed when the step ends.
     */
    @FunctionalInterface
    public interface Probe {
        Probe NONE = (phase, output, step) -> {};

        void after(Phase phase, NDArray output, NDManager step);
    }

    private final Block net;
    private final NDManager manager;
    private final double labelSmoothing;
    private final Sgd sgd;
    private final Map<String, Parameter> params;
    private final Parameter first;
    private final ParameterStore ps;

    /** @param manager the network's manager; the momentum buffers live on it, each step on a sub-manager */
    public TrainingStep(Block net, RecipeConfig recipe, NDManager manager) {
        this.net = net;
        this.manager = manager;
        this.labelSmoothing = recipe.labelSmoothing();
        this.sgd = new Sgd(manager, recipe.momentum(), recipe.nesterov(), recipe.weightDecay(), recipe.decayBnAndBias());
        this.params = Sgd.trainable(net);
        this.first = params.values().iterator().next();
        this.ps = new ParameterStore(manager, false);
    }

    /**
     * Trains on the examples at {@code indices}.
     *
     * @param next the indices of the following step, a prefetch hint for the source; null when none follows
     * @param rng the epoch's augmentation RNG
     */
    public void run(BatchSource source, long[] indices, long[] next, Random rng, double lr, Tallies tallies,
            Probe probe) {
        try (NDManager step = manager.newSubManager()) {
            NDList batch = source.batch(step, indices, true, rng);
            if (next != null) {
                source.prefetch(next);
            }
            probe.after(Phase.GATHER, batch.get(0), step);
            NDArray logits;
            NDArray loss;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                logits = net.forward(ps, new NDList(batch.get(0)), true).singletonOrThrow();
                loss = Losses.crossEntropy(logits, batch.get(1), labelSmoothing);
                probe.after(Phase.FORWARD, loss, step);
                gc.backward(loss);
                NDArray gradient = first.getArray().getGradient(); // a new handle: keep it off the net's manager
                gradient.attach(step);
                probe.after(Phase.BACKWARD, gradient, step);
            }
            sgd.step(params, lr);
            probe.after(Phase.UPDATE, first.getArray(), step);
            tallies.add(loss.stopGradient(), logits.stopGradient(), batch.get(1));
        }
    }

    /** Number of trainable scalars. */
    public long parameterCount() {
        return params.values().stream().mapToLong(p -> p.getArray().size()).sum();
    }

    /** The parameter store of the network's forward passes, shared with evaluation. */
    ParameterStore parameterStore() {
        return ps;
    }

    /** The optimizer, whose momentum buffers a checkpoint saves and restores. */
    Sgd sgd() {
        return sgd;
    }
}
