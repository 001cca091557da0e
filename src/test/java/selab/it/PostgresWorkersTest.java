package selab.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import selab.plan.Planner;
import selab.plan.Variant;
import selab.queue.PostgresQueue;
import selab.queue.QueuedRun;
import selab.queue.TestPostgres;
import selab.results.RunStatus;
import selab.spec.SpecLoader;

/**
 * Issue 13: eight {@code selab worker} processes drain one sweep from one PostgreSQL queue (a real server on
 * loopback; skipped, saying why, where none can be started). Midway one worker is killed with kill -9 and another is
 * sent SIGTERM. Every run must end done exactly once: trained from scratch once, its history epochs 1..n without a
 * repeat; the killed worker's run is reclaimed and resumed by another worker; the SIGTERM'd worker releases its run
 * within seconds, exits 0, and another worker resumes that run from its checkpoint.
 */
class PostgresWorkersTest {
    private static final String EXP = "pgworkers";
    private static final int EPOCHS = 6;
    private static final int WORKERS = 8;

    @TempDir
    Path tmp;

    @Test
    void eightWorkersDrainASweepThroughKillAndSigterm() throws Exception {
        String url = TestPostgres.newDatabase();
        Path spec = Sweeps.spec(tmp, "s.yaml", EXP, EPOCHS, List.of(0, 1, 2, 3, 4),
                "  plain: {model.se: none}\n  se: {}\n", "");
        List<Variant> runs = Planner.expand(SpecLoader.load(spec)).distinctRuns();
        Set<String> ids = runs.stream().map(Variant::id).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(10, ids.size());
        try (PostgresQueue q = PostgresQueue.open(url)) {
            assertEquals(10, q.enqueue(runs, 2));
        }
        Path results = tmp.resolve("results");

        List<Process> workers = new ArrayList<>();
        List<Path> logs = new ArrayList<>();
        try {
            for (int i = 0; i < WORKERS; i++) {
                Path log = tmp.resolve("worker" + i + ".log");
                logs.add(log);
                workers.add(Cli.start(log, "worker", "--queue", url, "--results", results.toString(), "--device", "cpu",
                        "--threads", "1", "--worker-id", "w" + i));
            }

            // Two workers, each with a run that has a checkpoint and at least two epochs to go.
            Map<Integer, String> midway = new HashMap<>();
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(4);
            while (midway.size() < 2) {
                for (int i = 0; i < WORKERS && midway.size() < 2; i++) {
                    List<String> started = Sweeps.ids(Sweeps.TRAINING, Sweeps.read(logs.get(i)));
                    if (!midway.containsKey(i) && !started.isEmpty()) {
                        String id = started.get(started.size() - 1);
                        if (!midway.containsValue(id) && Sweeps.midway(results.resolve(EXP).resolve(id), 1, EPOCHS - 2)) {
                            midway.put(i, id);
                        }
                    }
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("no two workers midway through a run within 4 minutes:\n" + allLogs(logs));
                }
                Thread.sleep(20);
            }
            List<Integer> victims = new ArrayList<>(midway.keySet());
            int killed = victims.get(0);
            int stopped = victims.get(1);
            String killedRun = midway.get(killed);
            String stoppedRun = midway.get(stopped);

            // kill -9, frozen first so it cannot finish the run in between; it is still mid-run when it dies.
            Sweeps.freeze(workers.get(killed));
            assertTrue(Sweeps.midway(results.resolve(EXP).resolve(killedRun), 1, EPOCHS - 1),
                    "the run to kill finished its last epoch before it was frozen");
            workers.get(killed).destroyForcibly();
            assertTrue(workers.get(killed).waitFor(30, TimeUnit.SECONDS));

            // SIGTERM: a clean stop within seconds, the run given back with its checkpoint.
            long term = System.nanoTime();
            workers.get(stopped).destroy();
            assertTrue(workers.get(stopped).waitFor(30, TimeUnit.SECONDS),
                    "SIGTERM'd worker still running after 30 s:\n" + Sweeps.read(logs.get(stopped)));
            double stopSeconds = (System.nanoTime() - term) / 1e9;
            String stoppedLog = Sweeps.read(logs.get(stopped));
            assertEquals(0, workers.get(stopped).exitValue(), stoppedLog);
            assertTrue(stoppedLog.contains("(" + stoppedRun + ", seed ") && stoppedLog.contains("): stopped on request ")
                    && stoppedLog.contains("; released, it resumes from the checkpoint written at the stop"), stoppedLog);
            assertTrue(stopSeconds < 20, "took " + stopSeconds + " s to stop and release");
            List<String> rowsAtStop = Sweeps.historyRows(results.resolve(EXP).resolve(stoppedRun));
            assertFalse(rowsAtStop.isEmpty());

            for (int i = 0; i < WORKERS; i++) {
                if (i == killed || i == stopped) {
                    continue;
                }
                Process w = workers.get(i);
                assertTrue(w.waitFor(6, TimeUnit.MINUTES), "worker " + i + " still going:\n" + allLogs(logs));
                assertEquals(0, w.exitValue(), "worker " + i + ":\n" + Sweeps.read(logs.get(i)));
            }
            String all = allLogs(logs);

            // Every run trained from scratch exactly once; the two interrupted ones resumed once each, by others.
            List<String> fresh = new ArrayList<>();
            List<String> resumed = new ArrayList<>();
            for (int i = 0; i < WORKERS; i++) {
                String log = Sweeps.read(logs.get(i));
                fresh.addAll(Sweeps.ids(Sweeps.TRAINING, log));
                List<String> mine = Sweeps.ids(Sweeps.RESUMING, log);
                resumed.addAll(mine);
                if (i == killed || i == stopped) {
                    assertEquals(List.of(), mine, "worker " + i + " resumed something after it was stopped\n" + all);
                }
            }
            assertEquals(ids.size(), fresh.size(), "runs started from scratch (one line each): " + fresh + "\n" + all);
            assertEquals(ids, new TreeSet<>(fresh), all);
            assertEquals(new TreeSet<>(List.of(killedRun, stoppedRun)), new TreeSet<>(resumed), all);
            assertEquals(2, resumed.size(), "each interrupted run resumed once: " + resumed + "\n" + all);
            assertTrue(all.contains("run " + killedRun + ": its worker w" + killed + " is gone (its claim lock was"
                    + " released); taking it over"), all);

            try (PostgresQueue q = PostgresQueue.open(url)) {
                List<QueuedRun> rows = q.list(EXP);
                assertEquals(ids, rows.stream().map(QueuedRun::id).collect(Collectors.toCollection(TreeSet::new)));
                for (QueuedRun r : rows) {
                    assertEquals(RunStatus.DONE, r.state(), r + "\n" + all);
                    assertEquals(0, r.failedAttempts(), r.toString());
                    if (r.id().equals(killedRun)) {
                        assertEquals(1, r.reclaims(), "taken over once: " + r);
                        assertEquals(2, r.attempts(), r.toString());
                    } else if (r.id().equals(stoppedRun)) {
                        assertEquals(0, r.reclaims(), "released, not reclaimed: " + r);
                        assertEquals(2, r.attempts(), r.toString());
                    } else {
                        assertEquals(0, r.reclaims(), r.toString());
                        assertEquals(1, r.attempts(), "claimed once: " + r);
                    }
                }
            }
            List<Integer> allEpochs = IntStream.rangeClosed(1, EPOCHS).boxed().toList();
            for (String id : ids) {
                assertEquals("done", Sweeps.records(results, EXP).get(id).get("status").asText(), id);
                assertEquals(allEpochs, Sweeps.epochs(results.resolve(EXP).resolve(id)), "history of " + id);
            }
            assertEquals(rowsAtStop, Sweeps.historyRows(results.resolve(EXP).resolve(stoppedRun))
                    .subList(0, rowsAtStop.size()), "the rows before the SIGTERM are kept: resumed, not retrained");
        } finally {
            for (Process w : workers) {
                w.destroyForcibly();
            }
        }
    }

    private static String allLogs(List<Path> logs) throws IOException {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < logs.size(); i++) {
            b.append("--- worker ").append(i).append('\n').append(Sweeps.read(logs.get(i)));
        }
        return b.toString();
    }
}
