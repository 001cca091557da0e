package selab.train;

import selab.data.BatchSource;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * The hand-written training loop: whole split on the device, batches gathered by a shuffled index, one
 * {@link TrainingStep} per batch with the lr of {@link LearningRateSchedule}, a checkpoint at every epoch end and
 * an evaluation at the epochs the recipe names. The host syncs with the device once per epoch (loss, accuracy), not per step.
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

        /**
         * A checkpoint could not be read or restored and was moved to {@code keptAt}; the run goes on from the
         * checkpoint before it, or from scratch when none is readable.
         */
        default void checkpointSetAside(Path unreadable, Path keptAt, Exception why) {}

        /**
         * Asked after every step: true stops training there. The trainer then writes a checkpoint of the epoch in
         * progress (if it keeps checkpoints) and throws {@link Stopped}; a later fit resumes from that step.
         */
        default boolean stopRequested() {
            return false;
        }
    }

    /** Training stopped on {@link Listener#stopRequested}, its progress checkpointed. */
    public static final class Stopped extends RuntimeException {
        Stopped(String where) {
            super("stopped on request " + where, null, false, false);
        }
    }

    /**
     * How a run ended: DONE, or DIVERGED at {@code divergedEpoch} (1-based).
     *
     * @param trainSeconds wall seconds spent in training steps, summed over every epoch of every attempt that
     *     reached its checkpoint (evaluation excluded; an epoch cut off by a crash is not counted)
     * @param imagesPerSecond training images of those epochs per {@code trainSeconds}
     */
    public record Outcome(boolean diverged, Integer divergedEpoch, List<HistoryRow> history, double trainSeconds,
            double imagesPerSecond) {}

    private final Block net;
    private final RecipeConfig recipe;
    private final long seed;
    private final NDManager manager;
    private final CheckpointFiles checkpoints;
    private final Listener listener;

    /** @param checkpoints where to save and resume from; null = no checkpoints */
    public Trainer(Block net, RecipeConfig recipe, long seed, NDManager manager, CheckpointFiles checkpoints,
            Listener listener) {
        this.net = net;
        this.recipe = recipe;
        this.seed = seed;
        this.manager = manager;
        this.checkpoints = checkpoints;
        this.listener = listener == null ? new Listener() {} : listener;
    }

    /** Seeds the engine and initialises the network, so the same seed gives the same weights. */
    public static void initialise(Block net, long seed, NDManager manager, Shape inputShape) {
        Engine.getInstance().setRandomSeed((int) (seed & 0x7fffffff));
        net.initialize(manager, DataType.FLOAT32, inputShape);
    }

    public Outcome fit(BatchSource train, BatchSource test) throws IOException {
        TrainingStep trainingStep = new TrainingStep(net, recipe, manager);
        Checkpoint resumed = resume(trainingStep.sgd());
        List<HistoryRow> history = new ArrayList<>(resumed == null ? List.of() : resumed.history());
        Checkpoint.PartialEpoch partial = resumed == null ? null : resumed.partial();
        int start = history.size();
        int n = train.size();
        int batch = Math.min(recipe.batchSize(), n);
        int steps = n / batch; // drop the ragged last batch: BN needs a real batch, and steps stay equal
        long imagesPerEpoch = (long) steps * batch;
        LearningRateSchedule schedule = new LearningRateSchedule(recipe, steps);
        // Earlier attempts' epochs count too: their timing came back with the checkpoint's history.
        double seconds = history.stream().mapToDouble(HistoryRow::seconds).sum();
        long images = start * imagesPerEpoch;
        for (int epoch = start; epoch < recipe.epochs(); epoch++) {
            if (listener.stopRequested()) {
                // Nothing new since the last checkpoint (an epoch end, a stop, or none yet): nothing to write.
                throw new Stopped(epoch == 0 && partial == null ? "before the first step" : "before epoch " + (epoch + 1)
                        + (partial == null ? "" : " step " + (partial.stepsDone() + 1)));
            }
            listener.epochStarted(epoch + 1, steps);
            Random rng = new Random(seed * 1_000_003L + epoch);
            long[] order = permutation(n, rng);
            int first = 0;
            double before = 0; // seconds of this epoch's steps in an earlier attempt
            double lr = 0;
            if (partial != null) { // the epoch a stop interrupted: its RNG and tallies go on from the step it reached
                rng = RngState.load(partial.rng());
                first = partial.stepsDone();
                before = partial.seconds();
                lr = partial.lr(); // the row's lr when every step was done before the stop
            }
            long t0 = System.nanoTime();
            double trainLoss;
            double trainErr;
            try (Tallies tallies = partial == null ? new Tallies(manager) : new Tallies(manager, partial)) {
                partial = null;
                for (int s = first; s < steps; s++) {
                    lr = schedule.at((long) epoch * steps + s);
                    long[] next = s + 1 < steps ? Arrays.copyOfRange(order, (s + 1) * batch, (s + 2) * batch) : null;
                    trainingStep.run(train, Arrays.copyOfRange(order, s * batch, (s + 1) * batch), next, rng, lr,
                            tallies, TrainingStep.Probe.NONE);
                    listener.stepDone(epoch + 1, s + 1);
                    // A stop after the epoch's last step too: its evaluation, which can take minutes, is left to
                    // the resumed run (stepsDone == steps).
                    if (listener.stopRequested()) {
                        if (checkpoints != null) {
                            double sofar = before + (System.nanoTime() - t0) / 1e9;
                            checkpoints.save(Checkpoint.capture(epoch, history, net, trainingStep.sgd(),
                                    tallies.partial(RngState.save(rng), sofar, lr)));
                        }
                        throw new Stopped("in epoch " + (epoch + 1) + " after step " + (s + 1) + " of " + steps);
                    }
                }
                trainLoss = tallies.meanLoss(); // the epoch's one sync point
                trainErr = tallies.top1Err();
            }
            double epochSeconds = before + (System.nanoTime() - t0) / 1e9;
            seconds += epochSeconds;
            images += imagesPerEpoch;
            if (!Double.isFinite(trainLoss)) {
                return new Outcome(true, epoch + 1, history, seconds, images / seconds);
            }
            // Only the epochs the recipe asks for (the reports' needs): a skipped epoch's test columns stay NaN.
            Evaluation.Result eval = recipe.evaluatesAfter(epoch + 1)
                    ? Evaluation.run(net, trainingStep.parameterStore(), test, Math.max(batch, 256), manager)
                    : Evaluation.Result.NOT_EVALUATED;
            // Weights that went NaN in the epoch's last steps leave its mean loss finite; the evaluation sees them
            // (the next epoch's mean train loss does, when this one is not evaluated).
            if (eval != Evaluation.Result.NOT_EVALUATED && !Double.isFinite(eval.loss())) {
                return new Outcome(true, epoch + 1, history, seconds, images / seconds);
            }
            HistoryRow row = new HistoryRow(epoch + 1, lr, trainLoss, trainErr, eval.loss(), eval.top1Err(),
                    eval.top5Err(), epochSeconds, imagesPerEpoch / epochSeconds);
            history.add(row);
            if (checkpoints != null) {
                checkpoints.save(Checkpoint.capture(epoch + 1, history, net, trainingStep.sgd()));
            }
            listener.epochDone(row, history);
        }
        return new Outcome(false, null, history, seconds, seconds > 0 ? images / seconds : 0);
    }

    /**
     * Restores the newest checkpoint that can be read and returns it (null: start from scratch). A
     * checkpoint that cannot be read, or does not fit, is set aside so that no later attempt trips on it again.
     */
    private Checkpoint resume(Sgd sgd) throws IOException {
        if (checkpoints == null || !checkpoints.exist()) {
            return null;
        }
        // A failed restore may have loaded part of a checkpoint: keep the fresh state to go back to.
        Checkpoint fresh = Checkpoint.capture(0, List.of(), net, sgd);
        for (Path file : checkpoints.newestFirst()) {
            try {
                Checkpoint ck = Checkpoint.load(file);
                ck.restore(net, sgd, manager);
                if (ck.partial() != null) {
                    RngState.load(ck.partial().rng()); // unreadable: set aside now, not after the restore
                }
                return ck;
            } catch (IOException | RuntimeException e) {
                listener.checkpointSetAside(file, checkpoints.setAside(file), e);
            }
        }
        fresh.restore(net, sgd, manager);
        return null;
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
