package selab.train;

import selab.data.BatchSource;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * The hand-written training loop: whole split on the device, batches gathered by a shuffled index, one
 * {@link TrainingStep} per batch with the lr of {@link LearningRateSchedule}, evaluation and a checkpoint at
 * every epoch end. The host syncs with the device once per epoch (loss, accuracy), not per step.
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
        TrainingStep trainingStep = new TrainingStep(net, recipe, manager);
        Sgd sgd = trainingStep.sgd();
        List<HistoryRow> history = new ArrayList<>();
        int start = 0;
        if (checkpointFile != null && Files.exists(checkpointFile)) {
            Checkpoint ck = Checkpoint.load(checkpointFile);
            ck.restore(net, sgd, manager);
            history.addAll(ck.history());
            start = ck.epochsDone();
        }
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
            try (Tallies tallies = new Tallies(manager)) {
                for (int s = 0; s < steps; s++) {
                    lr = schedule.at((long) epoch * steps + s);
                    long[] next = s + 1 < steps ? Arrays.copyOfRange(order, (s + 1) * batch, (s + 2) * batch) : null;
                    trainingStep.run(train, Arrays.copyOfRange(order, s * batch, (s + 1) * batch), next, rng, lr,
                            tallies, TrainingStep.Probe.NONE);
                    listener.stepDone(epoch + 1, s + 1);
                }
                trainLoss = tallies.meanLoss(); // the epoch's one sync point
                trainErr = tallies.top1Err();
            }
            double epochSeconds = (System.nanoTime() - t0) / 1e9;
            seconds += epochSeconds;
            images += (long) steps * batch;
            if (!Double.isFinite(trainLoss)) {
                return new Outcome(true, epoch + 1, history, start, seconds, images / seconds);
            }
            Evaluation.Result eval = Evaluation.run(net, trainingStep.parameterStore(), test, Math.max(batch, 256),
                    manager);
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
