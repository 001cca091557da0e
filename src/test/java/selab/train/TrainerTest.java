package selab.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import selab.model.Geometry;
import selab.model.ModelConfig;
import selab.model.SeConfig;
import selab.model.SeResNet;

class TrainerTest {

    /** Evaluated after every epoch, so the tests below can compare test columns epoch by epoch. */
    static RecipeConfig recipe(int epochs, double lr) {
        return new RecipeConfig(epochs, 32, "sgd", lr, 0.9, false, 5e-4, false, Schedule.COSINE, 30, List.of(), 0.1, 0,
                0.0, 1);
    }

    private static Block seResNet20(int classes) {
        return SeResNet.build(new ModelConfig("resnet-20", SeConfig.paperDefault(), 0.5), new Geometry(1, 16, classes));
    }

    @Test
    void sgdStepsOnOneFixedBatchLowerTheLoss() {
        float[] loss = FixedBatchTraining.losses(SeConfig.paperDefault(), 0.5, 12, 0, 0);
        float first = loss[0];
        float last = loss[loss.length - 1];
        assertTrue(last < 0.75 * first, "loss " + first + " -> " + last);
    }

    private static List<HistoryRow> straight;

    /** Seed 5, 3 epochs, never interrupted: what every resumed run of seed 5 must reproduce (computed once). */
    private static synchronized List<HistoryRow> straight() throws Exception {
        if (straight == null) {
            straight = train(5, 3, null);
        }
        return straight;
    }

    private static List<HistoryRow> train(long seed, int epochs, CheckpointFiles ckpt) throws Exception {
        return fit(seed, epochs, ckpt, null).history();
    }

    /** Trains the test's SE-ResNet-20 (width 0.5) on 128 synthetic 16×16 images, 4 steps of 32 per epoch. */
    private static Trainer.Outcome fit(long seed, int epochs, CheckpointFiles ckpt, Trainer.Listener listener)
            throws Exception {
        return fit(seed, recipe(epochs, 0.05), ckpt, listener);
    }

    private static Trainer.Outcome fit(long seed, RecipeConfig recipe, CheckpointFiles ckpt, Trainer.Listener listener)
            throws Exception {
        try (NDManager m = NDManager.newBaseManager()) {
            TensorBatchSource train = TensorBatchSource.synthetic(m, 128, 8, 2);
            TensorBatchSource test = TensorBatchSource.synthetic(m, 64, 8, 3);
            Block net = seResNet20(8);
            Trainer.initialise(net, seed, m, new Shape(32, 1, 16, 16));
            return new Trainer(net, recipe, seed, m, ckpt, listener).fit(train, test);
        }
    }

    /** Trains seed 5 for 3 epochs (4 steps each) until a stop is requested after step {@code step} of {@code epoch}. */
    private static Trainer.Stopped stopAt(CheckpointFiles ckpt, int epoch, int step, List<String> stepsSeen) {
        Trainer.Listener stopper = new Trainer.Listener() {
            private int e;
            private int s;

            @Override
            public void stepDone(int doneEpoch, int doneStep) {
                e = doneEpoch;
                s = doneStep;
                stepsSeen.add(doneEpoch + "." + doneStep);
            }

            @Override
            public boolean stopRequested() {
                return e == epoch && s == step;
            }
        };
        return assertThrows(Trainer.Stopped.class, () -> fit(5, 3, ckpt, stopper));
    }

    @Test
    void aStopCheckpointsTheStepItCameAfterAndTheResumedRunIsBitIdentical(@TempDir Path dir) throws Exception {
        CheckpointFiles ckpt = checkpoints(dir);
        List<String> seen = new ArrayList<>();
        // Mid-epoch, then after an epoch's last step (its evaluation left to the resumed run), then after the first
        // step of a resumed run: three stops, three resumes.
        assertEquals("stopped on request in epoch 1 after step 2 of 4", stopAt(ckpt, 1, 2, seen).getMessage());
        Checkpoint at = Checkpoint.load(ckpt.last());
        assertEquals(0, at.epochsDone());
        assertEquals(2, at.partial().stepsDone());
        assertEquals(64, at.partial().examples());
        assertEquals("stopped on request in epoch 2 after step 4 of 4", stopAt(ckpt, 2, 4, seen).getMessage());
        assertEquals(4, Checkpoint.load(ckpt.last()).partial().stepsDone());
        assertEquals(1, Checkpoint.load(ckpt.last()).epochsDone());
        assertEquals("stopped on request in epoch 3 after step 1 of 4", stopAt(ckpt, 3, 1, seen).getMessage());
        // Each step exactly once over the four attempts, in order.
        List<HistoryRow> resumed = fit(5, 3, ckpt, new Trainer.Listener() {
            @Override
            public void stepDone(int e, int s) {
                seen.add(e + "." + s);
            }
        }).history();
        assertEquals(List.of("1.1", "1.2", "1.3", "1.4", "2.1", "2.2", "2.3", "2.4", "3.1", "3.2", "3.3", "3.4"), seen);
        List<HistoryRow> straight = straight();
        assertSameHistory(straight, resumed);
        for (int e = 0; e < 3; e++) {
            assertEquals(straight.get(e).trainTop1Err(), resumed.get(e).trainTop1Err(), 0.0, "epoch " + (e + 1));
            assertEquals(straight.get(e).lr(), resumed.get(e).lr(), 0.0, "epoch " + (e + 1));
        }
    }

    @Test
    void aStopBeforeAnyStepWritesNothing(@TempDir Path dir) throws Exception {
        CheckpointFiles ckpt = checkpoints(dir);
        Trainer.Stopped s = assertThrows(Trainer.Stopped.class, () -> fit(5, 3, ckpt, new Trainer.Listener() {
            @Override
            public boolean stopRequested() {
                return true;
            }
        }));
        assertEquals("stopped on request before the first step", s.getMessage());
        assertFalse(ckpt.exist());
    }

    @Test
    void skippedEvaluationsLeaveTrainingAsItWasAndTheEvaluatedEpochsAsTheyWere() throws Exception {
        List<HistoryRow> every = straight();
        List<HistoryRow> lastOnly = fit(5, recipe(3, 0.05).withEvaluateEvery(null), null, null).history();
        List<HistoryRow> second = fit(5, recipe(3, 0.05).withEvaluateEvery(2), null, null).history();
        assertEquals(3, lastOnly.size());
        for (int e = 0; e < 3; e++) {
            String at = "epoch " + (e + 1);
            // Evaluation must not touch training: the same train columns bit for bit.
            assertEquals(every.get(e).trainLoss(), lastOnly.get(e).trainLoss(), 0.0, at);
            assertEquals(every.get(e).trainTop1Err(), second.get(e).trainTop1Err(), 0.0, at);
            boolean lastEvaluated = e == 2;
            boolean secondEvaluated = e >= 1;
            assertEquals(lastEvaluated, lastOnly.get(e).evaluated(), at);
            assertEquals(secondEvaluated, second.get(e).evaluated(), at);
            assertEquals(lastEvaluated ? every.get(e).testTop1Err() : Double.NaN, lastOnly.get(e).testTop1Err(), 0.0, at);
            assertEquals(secondEvaluated ? every.get(e).testLoss() : Double.NaN, second.get(e).testLoss(), 0.0, at);
        }
        // history.csv writes a skipped evaluation as empty cells and reads them back as NaN.
        String csv = lastOnly.get(0).toCsv();
        assertTrue(csv.endsWith(",,,"), csv);
        assertFalse(HistoryRow.parseCsv(csv).evaluated());
    }

    /** The run "dies" right after the checkpoint of epoch {@code lastEpoch} (of 3); returns each epoch's seconds. */
    private static List<Double> killedAfter(int lastEpoch, long seed, CheckpointFiles ckpt) throws Exception {
        List<Double> seconds = new ArrayList<>();
        Trainer.Listener abort = new Trainer.Listener() {
            @Override
            public void epochDone(HistoryRow row, List<HistoryRow> history) {
                seconds.add(row.seconds());
                if (row.epoch() == lastEpoch) {
                    throw new IllegalStateException("killed");
                }
            }
        };
        assertThrows(IllegalStateException.class, () -> fit(seed, 3, ckpt, abort));
        return seconds;
    }

    private static CheckpointFiles checkpoints(Path dir) {
        return new CheckpointFiles(dir.resolve("checkpoints"), dir.resolve("unreadable"));
    }

    private static void assertSameHistory(List<HistoryRow> expected, List<HistoryRow> actual) {
        assertEquals(expected.size(), actual.size());
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(expected.get(i).trainLoss(), actual.get(i).trainLoss(), 0.0, "epoch " + (i + 1));
            assertEquals(expected.get(i).testLoss(), actual.get(i).testLoss(), 0.0, "epoch " + (i + 1));
            assertEquals(expected.get(i).testTop1Err(), actual.get(i).testTop1Err(), 0.0, "epoch " + (i + 1));
        }
    }

    @Test
    void sameSeedGivesIdenticalHistoryAndTrainingLearns() throws Exception {
        List<HistoryRow> a = train(7, 3, null);
        List<HistoryRow> b = train(7, 3, null);
        assertEquals(3, a.size());
        assertSameHistory(a, b);
        assertTrue(a.get(2).trainLoss() < a.get(0).trainLoss());
        List<HistoryRow> c = train(8, 1, null);
        assertFalse(c.get(0).trainLoss() == a.get(0).trainLoss(), "another seed, another run");
    }

    @Test
    void theLrMovesEveryStepAsPyTorchsSchedulerSteppedPerIteration() throws Exception {
        // recipe(3, 0.05) on 128 images in batches of 32 is the script's "cosine" recipe: 4 steps per epoch.
        List<Double> pytorch = LearningRateScheduleTest.pytorch().get("cosine");
        List<HistoryRow> h = straight();
        for (int e = 0; e < 3; e++) {
            // A history row's lr is the one its epoch's last step used.
            assertEquals(pytorch.get(4 * e + 3), h.get(e).lr(), 1e-12, "epoch " + (e + 1));
        }
    }

    @Test
    void resumingContinuesBitForBitAndTimeAccumulatesOverAttempts(@TempDir Path dir) throws Exception {
        List<HistoryRow> straight = straight();
        CheckpointFiles ckpt = checkpoints(dir);
        // A 3-epoch recipe cut by a 1-epoch run would not be the same schedule: the first attempt dies instead.
        List<Double> firstAttempt = killedAfter(1, 5, ckpt);
        List<Double> secondAttempt = new ArrayList<>();
        Trainer.Outcome resumed = fit(5, 3, ckpt, new Trainer.Listener() {
            @Override
            public void epochDone(HistoryRow row, List<HistoryRow> history) {
                secondAttempt.add(row.seconds());
            }
        });
        assertSameHistory(straight, resumed.history());
        assertEquals(1, firstAttempt.size());
        assertEquals(2, secondAttempt.size(), "the resumed attempt trains epochs 2 and 3 only");
        // Training time covers both attempts: epoch 1 from the first, epochs 2-3 from the second.
        double total = firstAttempt.get(0) + secondAttempt.get(0) + secondAttempt.get(1);
        assertEquals(total, resumed.trainSeconds(), 1e-9 * total);
        assertEquals(3 * 128 / total, resumed.imagesPerSecond(), 1e-9 * resumed.imagesPerSecond());
    }

    @Test
    void anUnreadableLastCheckpointIsSetAsideAndTrainingResumesFromThePreviousOne(@TempDir Path dir)
            throws Exception {
        List<HistoryRow> straight = straight();
        CheckpointFiles ckpt = checkpoints(dir);
        killedAfter(2, 5, ckpt); // last = epoch 2, previous = epoch 1
        byte[] damaged = Files.readAllBytes(ckpt.last());
        damaged[damaged.length / 2] ^= 0x10; // one flipped bit in the weights: only the checksum can tell
        Files.write(ckpt.last(), damaged);

        List<String> setAside = new ArrayList<>();
        List<Integer> trained = new ArrayList<>();
        Trainer.Outcome out = fit(5, 3, ckpt, new Trainer.Listener() {
            @Override
            public void checkpointSetAside(Path unreadable, Path keptAt, Exception why) {
                setAside.add(unreadable.getFileName() + " -> " + dir.relativize(keptAt));
            }

            @Override
            public void epochDone(HistoryRow row, List<HistoryRow> history) {
                trained.add(row.epoch());
            }
        });
        assertEquals(List.of("last.ckpt -> unreadable/last.ckpt"), setAside);
        assertArrayEquals(damaged, Files.readAllBytes(dir.resolve("unreadable/last.ckpt")), "kept as it was");
        assertEquals(List.of(2, 3), trained, "resumed after epoch 1, the previous checkpoint");
        assertSameHistory(straight, out.history());
    }

    @Test
    void withNoReadableCheckpointTrainingStartsFromScratch(@TempDir Path dir) throws Exception {
        List<HistoryRow> straight = straight();
        CheckpointFiles ckpt = checkpoints(dir);
        killedAfter(2, 5, ckpt);
        // Cut the last one short (a torn copy) and replace the previous one with a stranger's file.
        byte[] last = Files.readAllBytes(ckpt.last());
        Files.write(ckpt.last(), Arrays.copyOf(last, last.length - 100));
        Files.writeString(ckpt.previous(), "not a checkpoint");

        List<String> setAside = new ArrayList<>();
        List<Integer> trained = new ArrayList<>();
        Trainer.Outcome out = fit(5, 3, ckpt, new Trainer.Listener() {
            @Override
            public void checkpointSetAside(Path unreadable, Path keptAt, Exception why) {
                setAside.add(unreadable.getFileName().toString());
            }

            @Override
            public void epochDone(HistoryRow row, List<HistoryRow> history) {
                trained.add(row.epoch());
            }
        });
        assertEquals(List.of("last.ckpt", "previous.ckpt"), setAside);
        assertEquals(List.of(1, 2, 3), trained);
        // From scratch means from the initial weights, though the torn checkpoint may have been half loaded.
        assertSameHistory(straight, out.history());
        assertTrue(Files.exists(dir.resolve("unreadable/last.ckpt")) && Files.exists(dir.resolve("unreadable/previous.ckpt")));
    }

    @Test
    void aNonFiniteLossEndsTheRunAsDivergedWithItsEpoch() throws Exception {
        try (NDManager m = NDManager.newBaseManager()) {
            TensorBatchSource train = TensorBatchSource.synthetic(m, 128, 8, 2);
            TensorBatchSource test = TensorBatchSource.synthetic(m, 64, 8, 3);
            Block net = seResNet20(8);
            Trainer.initialise(net, 1, m, new Shape(32, 1, 16, 16));
            // lr 1e8 without a schedule: the weights blow up to inf/NaN within the first epoch.
            RecipeConfig explode = new RecipeConfig(3, 32, "sgd", 1e8, 0.9, false, 0, false, Schedule.CONSTANT, 30,
                    List.of(), 0.1, 0, 0.0);
            Trainer.Outcome out = new Trainer(net, explode, 1, m, null, null).fit(train, test);
            assertTrue(out.diverged());
            assertEquals(1, out.divergedEpoch());
            assertTrue(out.history().isEmpty(), "no evaluated epoch is recorded for a diverged one");
        }
    }

    @Test
    void weightsThatGoNonFiniteInTheLastStepEndTheRunAsDiverged() throws Exception {
        try (NDManager m = NDManager.newBaseManager()) {
            // One step per epoch: its loss is computed before the update, from the finite initial weights, so
            // the epoch's mean training loss is finite; the absurd lr makes the weights inf/NaN after it.
            TensorBatchSource train = TensorBatchSource.synthetic(m, 32, 8, 2);
            TensorBatchSource test = TensorBatchSource.synthetic(m, 64, 8, 3);
            Block net = seResNet20(8);
            Trainer.initialise(net, 1, m, new Shape(32, 1, 16, 16));
            RecipeConfig explode = new RecipeConfig(2, 32, "sgd", 1e300, 0.9, false, 0, false, Schedule.CONSTANT, 30,
                    List.of(), 0.1, 0, 0.0, 1); // epoch 1 evaluated: the evaluation must see the weights
            List<Integer> steps = new ArrayList<>();
            Trainer.Outcome out = new Trainer(net, explode, 1, m, null, new Trainer.Listener() {
                @Override
                public void epochStarted(int epoch, int stepsInEpoch) {
                    steps.add(stepsInEpoch);
                }
            }).fit(train, test);
            assertEquals(List.of(1), steps, "one step, in epoch 1 only");
            boolean finite = true;
            for (var p : Sgd.trainable(net).values()) {
                for (float w : p.getArray().toFloatArray()) {
                    finite &= Float.isFinite(w);
                }
            }
            assertFalse(finite, "the step left non-finite weights");
            assertTrue(out.diverged(), "evaluation of non-finite weights is divergence, not a done run");
            assertEquals(1, out.divergedEpoch());
            assertTrue(out.history().isEmpty());
        }
    }
}
