package selab.work;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import selab.data.DataConfig;
import selab.model.ModelConfig;
import selab.plan.RunIds;
import selab.plan.Variant;
import selab.results.Json;
import selab.results.RunStatus;
import selab.results.RunStore;
import selab.spec.RunConfig;
import selab.train.HistoryRow;
import selab.train.RecipeConfig;
import selab.train.Schedule;
import selab.train.Trainer;

/**
 * A run whose attempt died after its second epoch, leaving a damaged last checkpoint: the next attempt sets
 * the checkpoint aside, goes on from the one before it, and the record's time covers both attempts.
 */
class RunExecutorResumeTest {

    private static final String EXP = "resume";

    /** A width-0.25 ResNet-20 on 256 synthetic images, 4 steps of 64 per epoch, 3 epochs. */
    private static Variant run() {
        RunConfig cfg = new RunConfig(new ModelConfig("resnet-20", null, 0.25),
                new DataConfig("synthetic", null, 256, 128, null, DataConfig.Augment.NONE),
                new RecipeConfig(3, 64, "sgd", 0.1, 0.9, false, 5e-4, false, Schedule.COSINE, 30, List.of(), 0.1, 0,
                        0.0));
        return new Variant(EXP, "plain", 0, cfg, RunIds.of(cfg, 0));
    }

    /** Records the epochs an attempt trains and its checkpoint messages; dies after {@code dieAfter} (0 = never). */
    private static final class Attempt implements Trainer.Listener {
        final int dieAfter;
        final List<Integer> epochs = new ArrayList<>();
        final List<String> setAside = new ArrayList<>();

        Attempt(int dieAfter) {
            this.dieAfter = dieAfter;
        }

        @Override
        public void epochDone(HistoryRow row, List<HistoryRow> history) {
            epochs.add(row.epoch());
            if (row.epoch() == dieAfter) {
                throw new IllegalStateException("killed");
            }
        }

        @Override
        public void checkpointSetAside(Path unreadable, Path keptAt, Exception why) {
            setAside.add(unreadable.getFileName() + " -> " + keptAt.getParent().getFileName() + "/" + keptAt.getFileName());
        }
    }

    @Test
    void aDamagedLastCheckpointIsSetAsideAndTheRecordsTimeCoversEveryAttempt(@TempDir Path tmp) throws Exception {
        Variant v = run();
        RunStore straightStore = new RunStore(tmp.resolve("straight"));
        RunStore store = new RunStore(tmp.resolve("results"));
        Path runDir = store.runDir(EXP, v.id());
        try (RunExecutor executor = new RunExecutor(straightStore, Device.cpu(), tmp)) {
            assertEquals(RunStatus.DONE, executor.execute(v, null, () -> {}));
        }
        try (RunExecutor executor = new RunExecutor(store, Device.cpu(), tmp)) {
            Attempt first = new Attempt(2);
            assertThrows(IllegalStateException.class, () -> executor.execute(v, first, () -> {}));
            List<String> timingOfFirst = Files.readAllLines(runDir.resolve("timing.csv"));
            assertEquals(3, timingOfFirst.size(), "header + epochs 1 and 2");
            Path last = runDir.resolve("checkpoints/last.ckpt");
            byte[] damaged = Files.readAllBytes(last);
            damaged[damaged.length / 3] ^= 0x01;
            Files.write(last, damaged);

            Attempt second = new Attempt(0);
            assertEquals(RunStatus.DONE, executor.execute(v, second, () -> {}));
            assertEquals(List.of("last.ckpt -> unreadable-checkpoints/last.ckpt"), second.setAside);
            assertEquals(List.of(2, 3), second.epochs, "went on from epoch 1's checkpoint, the previous one");
            assertArrayEquals(damaged, Files.readAllBytes(runDir.resolve("unreadable-checkpoints/last.ckpt")),
                    "the damaged checkpoint is kept, as it was, after the run is done");
            assertFalse(Files.exists(runDir.resolve("checkpoints")));

            // Same numbers as a run never interrupted.
            assertEquals(Files.readString(straightStore.historyCsv(EXP, v.id())), Files.readString(store.historyCsv(EXP, v.id())));

            // Time: epoch 1 as the first attempt measured it, epochs 2 and 3 as the second did, all in wall_seconds.
            List<String> timing = Files.readAllLines(runDir.resolve("timing.csv"));
            assertEquals(4, timing.size());
            assertEquals(timingOfFirst.get(1), timing.get(1));
            double sum = 0;
            for (String row : timing.subList(1, 4)) {
                sum += Double.parseDouble(row.split(",")[1]);
            }
            JsonNode record = Json.mapper().readTree(runDir.resolve("run.json").toFile());
            assertEquals(sum, record.get("wall_seconds").asDouble(), 1e-9 * sum);
            assertEquals(3 * 256 / sum, record.get("images_per_second").asDouble(), 1e-9 * 3 * 256 / sum);
            assertTrue(record.get("metrics").has("oracle_top1_err"));
        }
    }
}
