package selab.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import selab.queue.QueuedRun;
import selab.queue.RunQueue;
import selab.results.RunStatus;

/**
 * Issue 15: {@code run --workers N} trains every run exactly once, and each run's history is bit-identical to the
 * same run trained by one worker with the same threads.
 */
class WorkersTest {
    private static final String EXP = "pool";

    @TempDir
    Path tmp;

    @Test
    void twoWorkerProcessesTrainEachRunOnceAndAsOneWorkerWould() throws Exception {
        // 2 variants x 2 seeds; every epoch evaluated, so the whole history is compared.
        Path spec = Sweeps.spec(tmp, "s.yaml", EXP, 3, List.of(0, 1),
                "  se: {recipe.evaluate_every: 1}\n  plain: {model.se: none, recipe.evaluate_every: 1}\n", "");
        Path pooled = tmp.resolve("pooled");
        Path single = tmp.resolve("single");
        String poolLog = run(spec, pooled, "--workers", "2", "--threads", "1");
        String singleLog = run(spec, single, "--workers", "1", "--threads", "1");

        assertTrue(poolLog.contains("2 workers, 1 intra-op thread(s) each"), poolLog);
        Map<String, JsonNode> records = Sweeps.records(pooled, EXP);
        assertEquals(4, records.size(), poolLog);
        // Exactly once: one "training (attempt 1" line per run over both workers' output, none taken over.
        List<String> trained = Sweeps.ids(Sweeps.TRAINING, poolLog.replaceAll("(?m)^\\[w\\d+\\] ", ""));
        assertEquals(records.keySet().stream().sorted().toList(), trained.stream().sorted().toList(), poolLog);
        try (RunQueue q = RunQueue.open(pooled.resolve("queue.db"))) {
            for (QueuedRun row : q.list(EXP)) {
                assertEquals(RunStatus.DONE, row.state(), poolLog);
                assertEquals(0, row.reclaims(), poolLog);
            }
        }
        for (String id : records.keySet()) {
            JsonNode r = records.get(id);
            assertEquals("done", r.get("status").asText());
            assertEquals(1, r.get("provenance").get("threads").asInt(), "the worker's own thread count is recorded");
            byte[] a = Files.readAllBytes(pooled.resolve(EXP).resolve(id).resolve("history.csv"));
            byte[] b = Files.readAllBytes(single.resolve(EXP).resolve(id).resolve("history.csv"));
            assertArrayEquals(b, a, id + ": pooled history differs from one worker's\n" + poolLog + "\n" + singleLog);
        }
    }

    @Test
    void sigtermToRunIsPassedToItsWorkersWhichReleaseTheirRunsAndTheRerunFinishes() throws Exception {
        Path spec = Sweeps.spec(tmp, "s.yaml", EXP, 6, List.of(0, 1), "  se: {}\n", "");
        Path results = tmp.resolve("results");
        Path log = tmp.resolve("run.log");
        Process run = Cli.start(log, "run", spec.toString(), "--results", results.toString(), "--device", "cpu",
                "--workers", "2", "--threads", "1");
        try {
            Sweeps.await(run, log, java.time.Duration.ofMinutes(3), () -> Sweeps.runDirs(results, EXP).size() == 2
                    && Sweeps.runDirs(results, EXP).stream().allMatch(d -> Sweeps.midway(d, 1, 4)),
                    "both workers past a checkpoint");
            run.destroy(); // SIGTERM to run only: it must pass it on
            assertTrue(run.waitFor(120, TimeUnit.SECONDS), Sweeps.read(log));
        } finally {
            run.destroyForcibly();
        }
        String out = Files.readString(log);
        assertEquals(0, run.exitValue(), out);
        assertEquals(2, out.split("; released, it resumes from the checkpoint written at the stop", -1).length - 1, out);
        assertTrue(ProcessHandle.allProcesses().noneMatch(p -> p.info().arguments().map(a -> String.join(" ", a))
                .orElse("").contains(results.toString())), "a worker outlived run");
        try (RunQueue q = RunQueue.open(results.resolve("queue.db"))) {
            q.list(EXP).forEach(r -> assertEquals(RunStatus.QUEUED, r.state(), "released: " + r));
        }
        String rerun = run(spec, results, "--workers", "2", "--threads", "1");
        assertEquals(2, Sweeps.ids(Sweeps.RESUMING, rerun.replaceAll("(?m)^\\[w\\d+\\] ", "")).size(), rerun);
        for (Path d : Sweeps.runDirs(results, EXP)) {
            assertEquals(java.util.stream.IntStream.rangeClosed(1, 6).boxed().toList(), Sweeps.epochs(d));
        }
    }

    private Path logFor(Path results) {
        return tmp.resolve(results.getFileName() + ".log");
    }

    private String run(Path spec, Path results, String... extra) throws Exception {
        Path log = logFor(results);
        List<String> args = new java.util.ArrayList<>(List.of("run", spec.toString(), "--results", results.toString(),
                "--device", "cpu"));
        args.addAll(List.of(extra));
        Process p = Cli.start(log, args.toArray(String[]::new));
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), Sweeps.read(log));
        String out = Files.readString(log);
        assertEquals(0, p.exitValue(), out);
        return out;
    }
}
