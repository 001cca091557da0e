package selab.train;

import selab.data.BatchSource;

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
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import selab.train.HistoryRow;

/**
 * The hand-written training loop: whole split on the device, batches gathered by a shuffled index,
 * SGD with PyTorch semantics, a schedule that moves every step, evaluation and a checkpoint at every
 * epoch end. The host syncs with the device once per epoch (loss, accuracy), not per step.
 */
public final class Trainer {

    /** Observes progress; all methods have no-op defaults. */
    public interface Listener {
        /** Called by the worker before a run starts, so a display can show an ETA. */
        default void runStarted(String label, int epochs) {}

        default void epochStarted(int epoch, int steps) {}

        default void stepDone(int epoch, int step) {}

        /** Called after the epoch's checkpoint is safely on disk. */
        default void epochDone(HistoryRow row, List<HistoryRow> history) {}
    }

    /** How a run ended: DONE, or DIVERGED at {@code divergedEpoch} (1-based). */
    public record Outcome(boolean diverged, Integer divergedEpoch, List<HistoryRow> history, int resumedFromEpoch,
            double trainSeconds, double imagesPerSecond) {}

    private final Block net;
    private final RecipeConfig recipe;
    private final long seed;
    private final NDManager manager;
    private final Path checkpointFile;
    private final Listener listener;

    public Trainer(Block net, RecipeConfig recipe, long seed, NDManager manager, Path checkpointFile,
            Listener listener) {
        this.net = net;
        this.recipe = recipe;
        this.seed = seed;
        this.manager = manager;
        this.checkpointFile = checkpointFile;
        this.listener = listener == null ? new Listener() {} : listener;
    }

    /** Seeds the engine and initialises the network, so the same seed gives the same weights. */
    public static void initialise(Block net, long seed, NDManager manager, Shape inputShape) {
        Engine.getInstance().setRandomSeed((int) (seed & 0x7fffffff));
        net.initialize(manager, DataType.FLOAT32, inputShape);
    }

    public Outcome fit(BatchSource train, BatchSource test) throws IOException {
        Sgd sgd = new Sgd(manager, recipe.momentum(), recipe.nesterov(), recipe.weightDecay(),
                recipe.decayBnAndBias());
        List<HistoryRow> history = new ArrayList<>();
        int start = 0;
        if (checkpointFile != null && Files.exists(checkpointFile)) {
            Checkpoint ck = Checkpoint.load(checkpointFile);
            ck.restore(net, sgd, manager);
            history.addAll(ck.history());
            start = ck.epochsDone();
        }
        Map<String, Parameter> params = Sgd.trainable(net);
        ParameterStore ps = new ParameterStore(manager, false);
        int n = train.size();
        int batch = Math.min(recipe.batchSize(), n);
        int steps = n / batch; // drop the ragged last batch: BN needs a real batch, and steps stay equal
        LearningRateSchedule schedule = new LearningRateSchedule(recipe, steps);
        double seconds = 0;
        long images = 0;
        for (int epoch = start; epoch < recipe.epochs(); epoch++) {
            listener.epochStarted(epoch + 1, steps);
            Random rng = new Random(seed * 1_000_003L + epoch);
            long[] order = permutation(n, rng);
            long t0 = System.nanoTime();
            double lr = 0;
            double trainLoss;
            double trainErr;
            try (NDManager epochManager = manager.newSubManager()) {
                NDArray lossSum = epochManager.zeros(new Shape());
                NDArray correct = epochManager.zeros(new Shape(), DataType.INT64);
                for (int s = 0; s < steps; s++) {
                    long[] idx = java.util.Arrays.copyOfRange(order, s * batch, (s + 1) * batch);
                    lr = schedule.at((long) epoch * steps + s);
                    try (NDManager step = epochManager.newSubManager()) {
                        NDList b = train.batch(step, idx, true, rng);
                        if (s + 1 < steps) {
                            train.prefetch(java.util.Arrays.copyOfRange(order, (s + 1) * batch, (s + 2) * batch));
                        }
                        step(ps, sgd, params, b, lr, lossSum, correct);
                    }
                    listener.stepDone(epoch + 1, s + 1);
                }
                trainLoss = lossSum.getFloat() / steps; // the epoch's one sync point
                trainErr = 100.0 * (1 - (double) correct.getLong() / ((long) steps * batch));
            }
            double epochSeconds = (System.nanoTime() - t0) / 1e9;
            seconds += epochSeconds;
            images += (long) steps * batch;
            if (!Double.isFinite(trainLoss)) {
                return new Outcome(true, epoch + 1, history, start, seconds, images / seconds);
            }
            Evaluation.Result eval = Evaluation.run(net, ps, test, Math.max(batch, 256), manager);
            HistoryRow row = new HistoryRow(epoch + 1, lr, trainLoss, trainErr, eval.loss(), eval.top1Err(),
                    eval.top5Err(), epochSeconds, steps * batch / epochSeconds);
            history.add(row);
            if (checkpointFile != null) {
                Checkpoint.capture(epoch + 1, history, net, sgd).save(checkpointFile);
            }
            listener.epochDone(row, history);
        }
        return new Outcome(false, null, history, start, seconds, seconds > 0 ? images / seconds : 0);
    }

    /**
     * One training step on one gathered batch, exactly as {@link #fit} runs it: forward under a gradient
     * collector, loss, backward, SGD update, and the epoch's loss and top-1 tallies advanced on the device
     * (no host sync). Public so that {@code selab bench} times this very code. Temporaries live on the
     * batch's manager.
     *
     * @param batch (x, y) from {@link BatchSource#batch}
     * @param params {@link Sgd#trainable} of this trainer's network
     * @param lossSum device scalar to which the batch's mean loss is added
     * @param correct device int64 scalar to which the batch's top-1 hits are added
     * @return the batch's mean loss, detached (a device scalar)
     */
    public NDArray step(ParameterStore ps, Sgd sgd, Map<String, Parameter> params, NDList batch, double lr,
            NDArray lossSum, NDArray correct) {
        NDArray logits;
        NDArray loss;
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            logits = net.forward(ps, new NDList(batch.get(0)), true).singletonOrThrow();
            loss = Losses.crossEntropy(logits, batch.get(1), recipe.labelSmoothing());
            gc.backward(loss);
        }
        sgd.step(params, lr);
        NDArray detached = loss.stopGradient();
        lossSum.addi(detached);
        correct.addi(Evaluation.counts(logits.stopGradient(), batch.get(1)).top1());
        return detached;
    }

    /** Fisher-Yates shuffle from the epoch's own RNG: the order depends only on (seed, epoch). */
    static long[] permutation(int n, Random rng) {
        long[] p = new long[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            long t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }
}
