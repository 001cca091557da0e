package selab.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import selab.queue.QueuedRun;
import selab.queue.RunQueue;
import selab.results.RunStatus;

/**
 * Issue 11's crash harness (not in the default suite: tag "crash", run by scripts/crash-harness.sh from CI). A small
 * sweep is killed at random moments, with kill -9 and then with SIGTERM, and rerun after each; after every kill:
 * histories have no gaps or repeats, no finished record ever changes, nothing is failed; every SIGTERM exits 0 with
 * no JVM crash report and its run given back; in the end every run is done, once.
 *
 * <p>System properties: {@code crash.kills} (20), {@code crash.terms} (10), {@code crash.seed} (random, printed).
 */
@Tag("crash")
class CrashHarnessTest {
    private static final String EXP = "crash";
    private static final int EPOCHS = 3;

    @TempDir
    Path tmp;

    private final Map<String, byte[]> finished = new HashMap<>();
    private Path spec;
    private Path results;
    private Path workDir;
    private int starts;

    @Test
    void killsAndSigtermsAtRandomMomentsNeverLoseOrRepeatWork() throws Exception {
        long seed = Long.getLong("crash.seed", System.nanoTime());
        System.out.println("crash harness seed " + seed + " (-Dcrash.seed=" + seed + " repeats it)");
        Random random = new Random(seed);
        spec = Sweeps.spec(tmp, "s.yaml", EXP, EPOCHS, List.of(0, 1), "  plain: {model.se: none}\n  se: {}\n", "");
        results = tmp.resolve("results");
        workDir = Files.createDirectories(tmp.resolve("wd"));

        for (int i = 0; i < Integer.getInteger("crash.kills", 20); i++) {
            Process child = startAndWait(random);
            child.destroyForcibly(); // SIGKILL
            assertTrue(child.waitFor(60, TimeUnit.SECONDS));
            check("after kill -9 #" + (i + 1));
            maybeRestartSweep();
        }
        for (int i = 0; i < Integer.getInteger("crash.terms", 10); i++) {
            Process child = startAndWait(random);
            child.destroy(); // SIGTERM
            assertTrue(child.waitFor(180, TimeUnit.SECONDS), log());
            assertEquals(0, child.exitValue(), "SIGTERM #" + (i + 1) + " did not exit 0:\n" + log());
            check("after SIGTERM #" + (i + 1));
            try (RunQueue q = RunQueue.open(results.resolve("queue.db"))) {
                assertEquals(0, q.counts(EXP).get(RunStatus.RUNNING), "a stopped worker gave its run back\n" + log());
            }
            maybeRestartSweep();
        }
        Cli.Result last = Cli.run("run", spec.toString(), "--results", results.toString(), "--device", "cpu");
        assertEquals(0, last.exit(), last.all());
        check("after the final rerun");
        Map<String, JsonNode> records = Sweeps.records(results, EXP);
        assertEquals(4, records.size());
        records.forEach((id, r) -> assertEquals("done", r.get("status").asText(), id));
        try (RunQueue q = RunQueue.open(results.resolve("queue.db"))) {
            for (QueuedRun r : q.list(EXP)) {
                assertEquals(RunStatus.DONE, r.state(), r.toString());
                assertEquals(0, r.failedAttempts(), "kills are not errors: " + r);
            }
        }
        for (Path dir : Sweeps.runDirs(results, EXP)) {
            assertTrue(!Files.exists(dir.resolve("checkpoints")), dir.toString());
        }
        System.out.println("crash harness: " + starts + " starts, every run done once");
    }

    /** Starts `selab run` and waits until it trains, plus a random 0-3 s: a moment anywhere in the sweep. */
    private Process startAndWait(Random random) throws Exception {
        starts++;
        Process child = Cli.start(List.of(), workDir, log(starts), "run", spec.toString(), "--results",
                results.toString(), "--device", "cpu");
        Path log = log(starts);
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (!Sweeps.read(log).contains(" threads\n") && child.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        Thread.sleep(random.nextInt(3000));
        return child;
    }

    /** A finished sweep is moved aside (its records checked first), so later kills meet a sweep in progress. */
    private void maybeRestartSweep() throws IOException {
        Map<String, JsonNode> records = Sweeps.records(results, EXP);
        if (records.size() == 4 && records.values().stream().allMatch(r -> r.get("status").asText().equals("done"))) {
            Files.move(results, tmp.resolve("results-" + starts));
            finished.clear();
        }
    }

    private void check(String when) throws IOException {
        String context = when + " (start " + starts + ")\n" + log();
        for (Path f : List.of(workDir, results)) {
            if (Files.isDirectory(f)) {
                try (Stream<Path> files = Files.list(f)) {
                    assertEquals(List.of(), files.filter(p -> p.getFileName().toString().startsWith("hs_err")).toList(),
                            context);
                }
            }
        }
        for (Path dir : Sweeps.runDirs(results, EXP)) {
            String id = dir.getFileName().toString();
            List<Integer> epochs = Sweeps.epochs(dir);
            assertEquals(IntStream.rangeClosed(1, epochs.size()).boxed().toList(), epochs,
                    id + ": history with gaps or repeats " + context);
            Path json = dir.resolve("run.json");
            if (!Files.exists(json)) {
                continue;
            }
            byte[] bytes = Files.readAllBytes(json);
            String status = Sweeps.records(results, EXP).get(id).get("status").asText();
            assertTrue(!status.equals("failed"), id + " failed " + context);
            if (finished.containsKey(id)) {
                assertTrue(java.util.Arrays.equals(finished.get(id), bytes), id + ": a finished record changed " + context);
            } else if (status.equals("done")) {
                assertEquals(EPOCHS, epochs.size(), id + " " + context);
                finished.put(id, bytes);
            }
        }
    }

    private Path log(int n) {
        return tmp.resolve("start" + n + ".log");
    }

    private String log() throws IOException {
        return Files.exists(log(starts)) ? Files.readString(log(starts)) : "";
    }
}
