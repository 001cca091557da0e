package selab.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import selab.model.Geometry;
import selab.model.ModelConfig;
import selab.model.SeConfig;
import selab.model.SeResNet;
import selab.train.HistoryRow;

class TrainerTest {

    static RecipeConfig recipe(int epochs, double lr) {
        return new RecipeConfig(epochs, 32, "sgd", lr, 0.9, false, 5e-4, false, Schedule.COSINE, 30, List.of(), 0.1, 0, 0.0);
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

    private static List<HistoryRow> train(long seed, int epochs, Path ckpt) throws Exception {
        try (NDManager m = NDManager.newBaseManager()) {
            TensorBatchSource train = TensorBatchSource.synthetic(m, 128, 8, 2);
            TensorBatchSource test = TensorBatchSource.synthetic(m, 64, 8, 3);
            Block net = seResNet20(8);
            Trainer.initialise(net, seed, m, new Shape(32, 1, 16, 16));
            return new Trainer(net, recipe(epochs, 0.05), seed, m, ckpt, null).fit(train, test).history();
        }
    }

    @Test
    void sameSeedGivesIdenticalHistoryAndTrainingLearns() throws Exception {
        List<HistoryRow> a = train(7, 3, null);
        List<HistoryRow> b = train(7, 3, null);
        assertEquals(3, a.size());
        for (int i = 0; i < a.size(); i++) {
            assertEquals(a.get(i).trainLoss(), b.get(i).trainLoss(), 0.0, "epoch " + (i + 1));
            assertEquals(a.get(i).testLoss(), b.get(i).testLoss(), 0.0, "epoch " + (i + 1));
        }
        assertTrue(a.get(2).trainLoss() < a.get(0).trainLoss());
        List<HistoryRow> c = train(8, 1, null);
        assertFalse(c.get(0).trainLoss() == a.get(0).trainLoss(), "another seed, another run");
    }

    @Test
    void resumingFromACheckpointContinuesBitForBit(@TempDir Path dir) throws Exception {
        List<HistoryRow> straight = train(5, 3, null);
        Path ckpt = dir.resolve("last.ckpt");
        // Simulate a run stopped after epoch 1: a 3-epoch recipe whose loop is cut by a 1-epoch run is not
        // the same schedule, so instead write the checkpoint of epoch 1 via a listener that aborts.
        try (NDManager m = NDManager.newBaseManager()) {
            TensorBatchSource train = TensorBatchSource.synthetic(m, 128, 8, 2);
            TensorBatchSource test = TensorBatchSource.synthetic(m, 64, 8, 3);
            Block net = seResNet20(8);
            Trainer.initialise(net, 5, m, new Shape(32, 1, 16, 16));
            Trainer.Listener abortAfterFirst = new Trainer.Listener() {
                @Override
                public void epochDone(HistoryRow row, List<HistoryRow> history) {
                    throw new IllegalStateException("killed");
                }
            };
            try {
                new Trainer(net, recipe(3, 0.05), 5, m, ckpt, abortAfterFirst).fit(train, test);
            } catch (IllegalStateException expected) {
                // the run "dies" right after its first checkpoint
            }
        }
        List<HistoryRow> resumed = train(5, 3, ckpt);
        assertEquals(3, resumed.size());
        for (int i = 0; i < 3; i++) {
            assertEquals(straight.get(i).trainLoss(), resumed.get(i).trainLoss(), 0.0, "epoch " + (i + 1));
            assertEquals(straight.get(i).testTop1Err(), resumed.get(i).testTop1Err(), 0.0, "epoch " + (i + 1));
        }
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
}
