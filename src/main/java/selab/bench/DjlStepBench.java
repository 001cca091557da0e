package selab.bench;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import selab.model.Geometry;
import selab.model.ModelConfig;
import selab.model.SeResNet;
import selab.data.BatchSource;
import selab.train.Losses;
import selab.train.RecipeConfig;
import selab.train.Sgd;
import selab.train.Trainer;

/**
 * Times selab's training step for one network: a per-step sub-manager, {@link BatchSource#batch} from the
 * split's uint8 tensor, then {@link Trainer#step} (forward under a gradient collector, loss, backward, SGD,
 * device-side tallies), i.e. the very code {@link Trainer#fit} runs. The network and its optimizer state live
 * across calls, so interleaved rounds continue training the same model.
 */
public final class DjlStepBench implements AutoCloseable {

    private final NDManager manager;
    private final NDManager tallies;
    private final BatchSource source;
    private final Block net;
    private final Trainer trainer;
    private final Sgd sgd;
    private final Map<String, Parameter> params;
    private final ParameterStore ps;
    private final RecipeConfig recipe;
    private final BatchOrder order;
    private final Random rng;
    private final NDArray lossSum;
    private final NDArray correct;

    /**
     * @param recipe supplies lr, momentum, weight decay and label smoothing (epochs and schedule are unused:
     *     the learning rate stays at {@code recipe.lr()})
     * @param parent manager under which the network lives until {@link #close}
     */
    public DjlStepBench(ModelConfig model, Geometry geometry, BatchSource source, RecipeConfig recipe, long seed,
            NDManager parent) {
        this.manager = parent.newSubManager();
        this.source = source;
        this.recipe = recipe;
        this.net = SeResNet.build(model, geometry);
        Trainer.initialise(net, seed, manager,
                new Shape(recipe.batchSize(), geometry.channels(), geometry.size(), geometry.size()));
        this.trainer = new Trainer(net, recipe, seed, manager, null, null);
        this.sgd = new Sgd(manager, recipe.momentum(), recipe.nesterov(), recipe.weightDecay(),
                recipe.decayBnAndBias());
        this.params = Sgd.trainable(net);
        this.ps = new ParameterStore(manager, false);
        this.rng = new Random(seed);
        this.order = new BatchOrder(source.size(), recipe.batchSize(), rng);
        this.tallies = manager.newSubManager();
        this.lossSum = tallies.zeros(new Shape());
        this.correct = tallies.zeros(new Shape(), DataType.INT64);
    }

    /** Trainable parameters of the network. */
    public long params() {
        return params.values().stream().mapToLong(p -> p.getArray().size()).sum();
    }

    /** Runs {@code warmup} untimed steps, then returns the wall seconds of each of {@code steps} timed ones. */
    public List<Double> timeSteps(int warmup, int steps) {
        for (int i = 0; i < warmup; i++) {
            step();
        }
        List<Double> seconds = new ArrayList<>(steps);
        for (int i = 0; i < steps; i++) {
            long t0 = System.nanoTime();
            step();
            seconds.add((System.nanoTime() - t0) / 1e9);
        }
        return seconds;
    }

    private void step() {
        long[] idx = order.next();
        try (NDManager step = tallies.newSubManager()) {
            NDList batch = source.batch(step, idx, true, rng);
            NDArray loss = trainer.step(ps, sgd, params, batch, recipe.lr(), lossSum, correct);
            // One host read per step so each step's time is its own on an asynchronous device; on the CPU
            // every op has already run eagerly, so this costs nothing.
            loss.getFloat();
        }
    }

    /**
     * The same step split into gather, forward+loss, backward and optimizer, each followed by a device sync
     * and timed on its own (a replica of {@link Trainer#step}'s phases: it cannot be timed from outside).
     *
     * @return the median of each phase over {@code steps} timed steps
     */
    public StepPhases phases(int warmup, int steps) {
        List<Double> gather = new ArrayList<>();
        List<Double> forward = new ArrayList<>();
        List<Double> backward = new ArrayList<>();
        List<Double> optimizer = new ArrayList<>();
        for (int i = 0; i < warmup + steps; i++) {
            long[] idx = order.next();
            try (NDManager step = tallies.newSubManager()) {
                long t0 = System.nanoTime();
                NDList batch = source.batch(step, idx, true, rng);
                sync(batch.get(0));
                long t1 = System.nanoTime();
                long t2;
                long t3;
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    NDArray logits = net.forward(ps, new NDList(batch.get(0)), true).singletonOrThrow();
                    NDArray loss = Losses.crossEntropy(logits, batch.get(1), recipe.labelSmoothing());
                    sync(loss);
                    t2 = System.nanoTime();
                    gc.backward(loss);
                    sync(params.values().iterator().next().getArray().getGradient());
                    t3 = System.nanoTime();
                }
                sgd.step(params, recipe.lr());
                sync(params.values().iterator().next().getArray());
                long t4 = System.nanoTime();
                if (i >= warmup) {
                    gather.add((t1 - t0) / 1e9);
                    forward.add((t2 - t1) / 1e9);
                    backward.add((t3 - t2) / 1e9);
                    optimizer.add((t4 - t3) / 1e9);
                }
            }
        }
        return new StepPhases(Median.of(gather), Median.of(forward), Median.of(backward), Median.of(optimizer));
    }

    /** Waits for {@code a} on an asynchronous device; CPU ops have finished when they return. */
    private static void sync(NDArray a) {
        if (!a.getDevice().isGpu()) {
            return;
        }
        try (NDArray s = a.sum()) {
            s.toType(DataType.FLOAT32, false).getFloat();
        }
    }

    @Override
    public void close() {
        manager.close();
    }
}
