package selab.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import selab.data.BatchSource;
import selab.model.Geometry;
import selab.model.ModelConfig;
import selab.model.SeResNet;
import selab.train.RecipeConfig;
import selab.train.Tallies;
import selab.train.Trainer;
import selab.train.TrainingStep;

/**
 * Times selab's training step for one network: {@link TrainingStep#run}, the very code {@link Trainer#fit}
 * runs for every batch (per-step manager, gather from the split's uint8 tensor, forward under a gradient
 * collector, loss, backward, SGD, device-side tallies). The network and its optimizer state live across calls,
 * so interleaved rounds continue training the same model.
 */
public final class DjlStepBench implements AutoCloseable {

    private final NDManager manager;
    private final BatchSource source;
    private final TrainingStep trainingStep;
    private final Tallies tallies;
    private final double lr;
    private final BatchOrder order;
    private final Random rng;

    /**
     * @param recipe supplies lr, momentum, weight decay and label smoothing (epochs and schedule are unused:
     *     the learning rate stays at {@code recipe.lr()})
     * @param parent manager under which the network lives until {@link #close}
     */
    public DjlStepBench(ModelConfig model, Geometry geometry, BatchSource source, RecipeConfig recipe, long seed,
            NDManager parent) {
        this.manager = parent.newSubManager();
        this.source = source;
        this.lr = recipe.lr();
        Block net = SeResNet.build(model, geometry);
        Trainer.initialise(net, seed, manager,
                new Shape(recipe.batchSize(), geometry.channels(), geometry.size(), geometry.size()));
        this.trainingStep = new TrainingStep(net, recipe, manager);
        this.rng = new Random(seed);
        this.order = new BatchOrder(source.size(), recipe.batchSize(), rng);
        this.tallies = new Tallies(manager);
    }

    /** Trainable parameters of the network. */
    public long params() {
        return trainingStep.parameterCount();
    }

    /** Runs {@code warmup} untimed steps, then returns the wall seconds of each of {@code steps} timed ones. */
    public List<Double> timeSteps(int warmup, int steps) {
        // One device sync at the end of each step, so each step's time is its own on an asynchronous device;
        // on the CPU every op has already run eagerly, so this costs nothing.
        TrainingStep.Probe endOfStep = (phase, output, step) -> {
            if (phase == TrainingStep.Phase.UPDATE) {
                sync(output, step);
            }
        };
        for (int i = 0; i < warmup; i++) {
            step(endOfStep);
        }
        List<Double> seconds = new ArrayList<>(steps);
        for (int i = 0; i < steps; i++) {
            long t0 = System.nanoTime();
            step(endOfStep);
            seconds.add((System.nanoTime() - t0) / 1e9);
        }
        return seconds;
    }

    /**
     * The same step with a device sync after each of its phases (gather, forward+loss, backward, optimizer),
     * each timed on its own.
     *
     * @return the median of each phase over {@code steps} timed steps
     */
    public StepPhases phases(int warmup, int steps) {
        Map<TrainingStep.Phase, List<Double>> seconds = new EnumMap<>(TrainingStep.Phase.class);
        for (TrainingStep.Phase p : TrainingStep.Phase.values()) {
            seconds.put(p, new ArrayList<>());
        }
        for (int i = 0; i < warmup + steps; i++) {
            boolean timed = i >= warmup;
            long[] phaseStart = {System.nanoTime()};
            step((phase, output, step) -> {
                sync(output, step);
                long now = System.nanoTime();
                if (timed) {
                    seconds.get(phase).add((now - phaseStart[0]) / 1e9);
                }
                phaseStart[0] = now;
            });
        }
        return new StepPhases(Median.of(seconds.get(TrainingStep.Phase.GATHER)),
                Median.of(seconds.get(TrainingStep.Phase.FORWARD)), Median.of(seconds.get(TrainingStep.Phase.BACKWARD)),
                Median.of(seconds.get(TrainingStep.Phase.UPDATE)));
    }

    private void step(TrainingStep.Probe probe) {
        trainingStep.run(source, order.next(), null, rng, lr, tallies, probe);
    }

    /** Waits for {@code a} on an asynchronous device; CPU ops have finished when they return. */
    private static void sync(NDArray a, NDManager step) {
        if (!a.getDevice().isGpu()) {
            return;
        }
        NDArray s = a.sum();
        s.attach(step); // the sum of a weight would otherwise land on the network's manager
        s.toType(DataType.FLOAT32, false).getFloat();
    }

    @Override
    public void close() {
        manager.close();
    }
}
