package selab.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import selab.queue.QueuedRun;
import selab.queue.RunQueue;
import selab.results.RunStatus;

/**
 * kill -9 of a real worker process in the middle of a sweep, then a rerun: every run ends done and was
 * trained once, the records finished before the kill are not touched, and the run that was cut off resumes
 * from its checkpoint at once (the dead worker's claim lock was released by the OS, so the rerun takes its run over
 * instead of waiting for the claim's deadline).
 */
class KillResumeTest {
    private static final String EXP = "killresume";
    private static final int EPOCHS = 4;

    @TempDir
    Path tmp;

    @Test
    void rerunAfterKillNineTrainsEveryRunOnceAndResumesTheInterruptedOne() throws Exception {
        Path spec = Sweeps.spec(tmp, "sweep.yaml", EXP, EPOCHS, List.of(0, 1), "  plain: {model.se: none}\n  se: {}\n", "");
        Path results = tmp.resolve("results");
        Path reports = tmp.resolve("reports");
        Path log = tmp.resolve("first.log");

        Process child = Cli.start(log, "run", spec.toString(), "--results", results.toString(), "--reports",
                reports.toString(), "--device", "cpu");
        String interrupted = waitForDoneRunAndAnotherMidway(child, results, log);
        child.destroyForcibly(); // SIGKILL on Linux: no shutdown hooks, no finally blocks
        assertTrue(child.waitFor(30, TimeUnit.SECONDS), "child did not die");
        assertEquals(137, child.exitValue(), "exit status of a SIGKILLed process");
        String firstLog = Files.readString(log);

        // What the kill left: some done records, one run mid-way with a checkpoint, the rest never started.
        Map<String, JsonNode> before = Sweeps.records(results, EXP);
        Map<String, byte[]> doneBytes = new TreeMap<>();
        for (var e : before.entrySet()) {
            if (e.getValue().get("status").asText().equals("done")) {
                doneBytes.put(e.getKey(), Files.readAllBytes(results.resolve(EXP).resolve(e.getKey()).resolve("run.json")));
            }
        }
        assertFalse(doneBytes.isEmpty(), firstLog);
        Path interruptedDir = results.resolve(EXP).resolve(interrupted);
        assertTrue(Files.isRegularFile(interruptedDir.resolve("checkpoints/last.ckpt")),
                "the interrupted run finished between poll and kill (not a product bug; rerun)\n" + firstLog);
        assertEquals("running", before.get(interrupted).get("status").asText());
        List<String> historyBeforeKill = Sweeps.historyRows(interruptedDir);
        List<String> timingBeforeKill = Files.readAllLines(interruptedDir.resolve("timing.csv"));
        assertTrue(historyBeforeKill.size() >= 1 && historyBeforeKill.size() < EPOCHS, historyBeforeKill.toString());

        // The queue still says the dead process holds the run, with a fresh heartbeat: a worker going by
        // heartbeats alone would leave it alone for --stale-after seconds.
        long deadPid = child.pid();
        try (RunQueue q = RunQueue.open(results.resolve("queue.db"))) {
            QueuedRun r = byId(q.list(EXP)).get(interrupted);
            assertEquals(RunStatus.RUNNING, r.state());
            assertTrue(r.worker().matches(".*-" + deadPid + "-[0-9a-f]+"), r.worker()); // <host>-<pid>-<random>
            assertEquals(1, r.attempts());
            assertEquals(4, q.list(EXP).size());
        }

        // A stale-after far longer than this test: only the dead-process release can hand the run over.
        Cli.Result rerun = Cli.run("run", spec.toString(), "--results", results.toString(), "--reports",
                reports.toString(), "--device", "cpu", "--stale-after", "3600");
        String secondLog = rerun.out();
        assertEquals(0, rerun.exit(), rerun.all());
        assertTrue(secondLog.contains("run " + interrupted + ": its worker " + "" + workerOf(firstLog)
                + " is gone (its claim lock was released); taking it over"), secondLog);

        // Every run done, in the queue and on disk; the interrupted one took a second attempt, the rest one.
        try (RunQueue q = RunQueue.open(results.resolve("queue.db"))) {
            Map<String, QueuedRun> runs = byId(q.list(EXP));
            assertEquals(4, runs.size());
            for (QueuedRun r : runs.values()) {
                assertEquals(RunStatus.DONE, r.state(), r.toString());
                assertEquals(r.id().equals(interrupted) ? 2 : 1, r.attempts(), r.toString());
                assertEquals(r.id().equals(interrupted) ? 1 : 0, r.reclaims(), r.toString());
                assertEquals(0, r.failedAttempts(), "a kill is not a failed attempt: " + r);
            }
        }
        Map<String, JsonNode> after = Sweeps.records(results, EXP);
        assertEquals(4, after.size());
        after.forEach((id, rec) -> assertEquals("done", rec.get("status").asText(), id));

        // Records finished before the kill are byte-identical: the rerun skipped them.
        for (var e : doneBytes.entrySet()) {
            assertTrue(Arrays.equals(e.getValue(), Files.readAllBytes(results.resolve(EXP).resolve(e.getKey()).resolve("run.json"))),
                    "run.json of " + e.getKey() + " changed");
        }

        // Each run trained once: one "training" line per id over both logs; one "resuming" line, for the interrupted run.
        String both = firstLog + "\n" + secondLog;
        Map<String, Long> trained = Sweeps.ids(Sweeps.TRAINING, both).stream()
                .collect(Collectors.groupingBy(s -> s, TreeMap::new, Collectors.counting()));
        assertEquals(after.keySet(), trained.keySet(), both);
        trained.forEach((id, n) -> assertEquals(1L, n, id + " started " + n + " times\n" + both));
        assertEquals(List.of(interrupted), Sweeps.ids(Sweeps.RESUMING, secondLog), secondLog);
        assertTrue(Sweeps.ids(Sweeps.RESUMING, firstLog).isEmpty());
        Set<String> startedInFirst = Set.copyOf(Sweeps.ids(Sweeps.TRAINING, firstLog));
        assertTrue(startedInFirst.contains(interrupted) && startedInFirst.containsAll(doneBytes.keySet()), firstLog);
        assertTrue(Collections.disjoint(startedInFirst, Sweeps.ids(Sweeps.TRAINING, secondLog)), both);

        // The resumed run went on from its checkpoint: its first epoch in the rerun is after the ones it had
        // (the checkpoint is saved just before history.csv, so it may be one epoch ahead of the file).
        int firstResumedEpoch = firstEpochAfter(secondLog, interrupted);
        int had = historyBeforeKill.size();
        assertTrue(firstResumedEpoch == had + 1 || firstResumedEpoch == had + 2,
                "resumed at epoch " + firstResumedEpoch + " with " + had + " epochs in history.csv\n" + secondLog);

        // Its history: one row per epoch, 1..EPOCHS, and the rows written before the kill kept as they were.
        List<String> history = Sweeps.historyRows(interruptedDir);
        assertEquals(EPOCHS, history.size(), history.toString());
        for (int i = 0; i < EPOCHS; i++) {
            assertEquals(String.valueOf(i + 1), history.get(i).split(",")[0], history.toString());
        }
        assertEquals(historyBeforeKill, history.subList(0, had));
        assertEquals(EPOCHS, after.get(interrupted).get("epochs").asInt());

        // Its time covers both attempts: the epochs the checkpoint brought back keep the first attempt's timing,
        // and wall_seconds is the sum over all of them, not just the rerun's.
        List<String> timing = Files.readAllLines(interruptedDir.resolve("timing.csv"));
        assertEquals(EPOCHS + 1, timing.size(), timing.toString());
        assertEquals(timingBeforeKill, timing.subList(0, timingBeforeKill.size()));
        double sum = 0;
        for (String row : timing.subList(1, timing.size())) {
            sum += Double.parseDouble(row.split(",")[1]);
        }
        assertEquals(sum, after.get(interrupted).get("wall_seconds").asDouble(), 1e-9 * sum);
        for (Path dir : Sweeps.runDirs(results, EXP)) {
            assertFalse(Files.exists(dir.resolve("checkpoints")), "checkpoints left in " + dir);
            assertEquals(EPOCHS, Sweeps.historyRows(dir).size(), dir.toString());
        }
    }

    /**
     * Polls until one run is done and another has a checkpoint with at least one more epoch to go (so
     * it cannot finish in the moment between the poll and the kill); returns that run's id.
     */
    private static String waitForDoneRunAndAnotherMidway(Process child, Path results, Path log) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(150);
        while (System.nanoTime() < deadline) {
            if (!child.isAlive()) {
                fail("the sweep ended (exit " + child.exitValue() + ") before it could be killed mid-run:\n"
                        + Files.readString(log));
            }
            Map<String, JsonNode> records = Sweeps.records(results, EXP);
            boolean anyDone = records.values().stream().anyMatch(r -> r.get("status").asText().equals("done"));
            if (anyDone) {
                for (var e : records.entrySet()) {
                    Path dir = results.resolve(EXP).resolve(e.getKey());
                    int rows = Sweeps.historyRows(dir).size();
                    if (e.getValue().get("status").asText().equals("running")
                            && Files.exists(dir.resolve("checkpoints/last.ckpt")) && rows >= 1 && rows <= EPOCHS - 2) {
                        return e.getKey();
                    }
                }
            }
            Thread.sleep(5);
        }
        child.destroyForcibly();
        fail("no run reached the middle of training in time:\n" + Files.readString(log));
        return null;
    }

    /** The epoch number of the first "  epoch N:" line after the worker's line about run {@code id}. */
    private static int firstEpochAfter(String log, String id) {
        int at = log.indexOf("(" + id + ", seed");
        assertTrue(at >= 0, log);
        Matcher m = Pattern.compile("^  epoch (\\d+)[:/]", Pattern.MULTILINE).matcher(log);
        assertTrue(m.find(at), log);
        return Integer.parseInt(m.group(1));
    }

    /** The worker id from the "worker ID on DEVICE" line a drain starts with. */
    private static String workerOf(String log) {
        Matcher m = Pattern.compile("^worker (\\S+) on ", Pattern.MULTILINE).matcher(log);
        assertTrue(m.find(), log);
        return m.group(1);
    }

    private static Map<String, QueuedRun> byId(List<QueuedRun> runs) {
        Map<String, QueuedRun> m = new HashMap<>();
        runs.forEach(r -> m.put(r.id(), r));
        assertNotNull(m);
        return m;
    }
}
