package selab.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import selab.plan.Planner;
import selab.plan.Variant;
import selab.queue.ClaimLocks;
import selab.queue.FaultyQueue;
import selab.queue.Lease;
import selab.queue.QueueException;
import selab.queue.QueuedRun;
import selab.queue.RunQueue;
import selab.queue.WorkQueue;
import selab.results.Json;
import selab.results.RunStatus;
import selab.results.RunStore;
import selab.spec.SpecLoader;
import selab.train.Devices;
import selab.train.Trainer;
import selab.work.Reconciler;
import selab.work.RunExecutor;
import selab.work.Worker;

/**
 * Issue 11, defect 1: the queue's disk fills up (SQLITE_FULL) just as a run finishes. The result must survive: the
 * record says done with its metrics, the weights are there, the worker stops with one clear message instead of
 * rewriting the record as failed, and once the queue can be written again the run is read back, not retrained.
 */
class FullDiskTest {
    private static final String EXP = "fulldisk";
    private static final int EPOCHS = 2;

    @TempDir
    Path tmp;

    @Test
    void aFinishedRunWhoseQueueWriteFailsKeepsItsResultAndIsNotRetrained() throws Exception {
        Path spec = Sweeps.spec(tmp, "s.yaml", EXP, EPOCHS, List.of(0), "  se: {}\n", "");
        List<Variant> runs = Planner.expand(SpecLoader.load(spec)).distinctRuns();
        String id = runs.get(0).id();
        Path results = tmp.resolve("results");
        RunStore store = new RunStore(results);
        ClaimLocks locks = new ClaimLocks(results.resolve(".claims"));
        Worker.Settings settings = new Worker.Settings("w", Lease.of(Duration.ofMinutes(5)), null);
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(log, true, StandardCharsets.UTF_8);

        try (RunQueue queue = RunQueue.open(results.resolve("queue.db"));
                RunExecutor executor = new RunExecutor(store, Devices.choose(selab.train.DevicePreference.CPU), null)) {
            queue.enqueue(runs, 2);
            WorkQueue full = FaultyQueue.failing(queue, Set.of("complete", "fail"), () -> FaultyQueue.diskFull("write"));
            Worker worker = new Worker(full, executor, locks, settings, out, () -> false);
            QueueException e = assertThrows(QueueException.class, () -> worker.drain(EXP, new Trainer.Listener() {}),
                    log.toString(StandardCharsets.UTF_8));
            assertTrue(e.getMessage().startsWith("run " + id + " is recorded as done in " + store.runJson(EXP, id)
                    + ", but the queue could not be told ("), e.getMessage());
            assertTrue(e.getMessage().contains("SQLITE_FULL"), e.getMessage());
            assertTrue(e.getMessage().endsWith("the next `selab run` or `selab worker` reads it back from the results tree"),
                    e.getMessage());
        }
        Path runDir = store.runDir(EXP, id);
        JsonNode record = Json.mapper().readTree(runDir.resolve("run.json").toFile());
        assertEquals("done", record.get("status").asText());
        assertTrue(record.get("metrics").get("final_top1_err").isNumber(), record.toString());
        assertTrue(record.get("error").isNull(), record.toString());
        assertEquals(EPOCHS, record.get("epochs").asInt());
        assertTrue(Files.size(runDir.resolve("final.params")) > 0);
        assertFalse(Files.exists(runDir.resolve("checkpoints")), "deleted only after the record was written");
        byte[] recordBytes = Files.readAllBytes(runDir.resolve("run.json"));
        List<String> history = Sweeps.historyRows(runDir);
        assertEquals(EPOCHS, history.size());

        // Space is back: the next start reads the result back from the record; nothing trains again.
        log.reset();
        try (RunQueue queue = RunQueue.open(results.resolve("queue.db"));
                RunExecutor executor = new RunExecutor(store, Devices.choose(selab.train.DevicePreference.CPU), null)) {
            assertEquals(RunStatus.RUNNING, queue.list(EXP).get(0).state(), "the queue never heard of the result");
            Reconciler.Report report = new Reconciler(queue, store, locks).reconcile(EXP);
            assertEquals(List.of(id), report.changes().finished());
            Worker.Result r = new Worker(queue, executor, locks, settings, out, () -> false)
                    .drain(EXP, new Trainer.Listener() {});
            assertEquals(0, r.finished(), log.toString(StandardCharsets.UTF_8));
            assertTrue(Sweeps.ids(Sweeps.TRAINING, log.toString(StandardCharsets.UTF_8)).isEmpty());
            QueuedRun row = queue.list(EXP).get(0);
            assertEquals(RunStatus.DONE, row.state());
            assertEquals(0, row.failedAttempts());
        }
        assertArrayEquals(recordBytes, Files.readAllBytes(runDir.resolve("run.json")), "the record is untouched");
        assertEquals(history, Sweeps.historyRows(runDir));
    }
}
