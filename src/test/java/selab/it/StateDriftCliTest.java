package selab.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import selab.results.Json;

/**
 * Issue 11, defect 7: the queue follows the results tree. A done run whose directory was deleted is queued (status
 * says so) and retrained by the next run; status and retry without a queue create none; temp files left by a crash
 * are removed; a queue file deleted under a running worker stops it with a message, and the rerun resumes.
 */
class StateDriftCliTest {
    private static final String EXP = "drift";

    @TempDir
    Path tmp;

    @Test
    void statusAndRetryWithoutAQueueCreateNone() throws Exception {
        Path spec = Sweeps.spec(tmp, "s.yaml", EXP, 1, List.of(0), "  se: {}\n", "");
        String results = tmp.resolve("results").toString();
        Cli.Result status = Cli.run("status", spec.toString(), "--results", results);
        assertEquals(0, status.exit(), status.all());
        assertTrue(status.out().contains("(no queue at " + tmp.resolve("results/queue.db") + " yet)"), status.all());
        Cli.Result retry = Cli.run("retry", spec.toString(), "--results", results);
        assertEquals(0, retry.exit(), retry.all());
        assertEquals(EXP + ": no queue at " + tmp.resolve("results/queue.db") + ", so no failed run to requeue",
                retry.out().strip());
        assertFalse(Files.exists(tmp.resolve("results")), "nothing created");
    }

    @Test
    void aDeletedRunDirectoryIsQueuedAgainAndStrayTempFilesAreRemoved() throws Exception {
        Path spec = Sweeps.spec(tmp, "s.yaml", EXP, 1, List.of(0, 1), "  se: {}\n", "");
        Path results = tmp.resolve("results");
        String[] run = {"run", spec.toString(), "--results", results.toString(), "--device", "cpu"};
        Cli.Result first = Cli.run(run);
        assertEquals(0, first.exit(), first.all());
        List<Path> dirs = Sweeps.runDirs(results, EXP);
        assertEquals(2, dirs.size());
        Path deleted = dirs.get(0);
        Path kept = dirs.get(1);
        String deletedId = deleted.getFileName().toString();
        try (Stream<Path> files = Files.walk(deleted)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        byte[] keptRecord = Files.readAllBytes(kept.resolve("run.json"));

        JsonNode status = Json.mapper().readTree(Cli.run("status", spec.toString(), "--results", results.toString(),
                "--format", "json").out());
        assertEquals(1, status.get("queued").asInt(), status.toString());
        assertEquals(1, status.get("done").asInt(), status.toString());

        // What a crash between staging and rename leaves: an old temp file, and one a live writer might own.
        Path oldTemp = kept.resolve(".run.json.8042.tmp");
        Path youngTemp = kept.resolve(".history.csv.8043.tmp");
        Files.writeString(oldTemp, "{");
        Files.writeString(youngTemp, "epoch");
        Files.setLastModifiedTime(oldTemp, FileTime.from(Instant.now().minus(Duration.ofHours(2))));

        Cli.Result second = Cli.run(run);
        assertEquals(0, second.exit(), second.all());
        assertEquals(List.of(deletedId), Sweeps.ids(Sweeps.TRAINING, second.out()), second.all());
        assertFalse(Files.exists(oldTemp), second.all());
        assertTrue(Files.exists(youngTemp), "a temp file younger than a minute may be a live write");
        assertTrue(second.out().contains("removed 1 temp file(s) of unfinished writes"), second.all());
        assertEquals(new String(keptRecord), Files.readString(kept.resolve("run.json")));
        assertEquals(2, Sweeps.records(results, EXP).values().stream()
                .filter(r -> r.get("status").asText().equals("done")).count());
    }

    @Test
    void aQueueDeletedUnderARunningWorkerStopsItAndTheRerunResumes() throws Exception {
        int epochs = 5;
        Path spec = Sweeps.spec(tmp, "s.yaml", EXP, epochs, List.of(0), "  se: {}\n", "");
        Path results = tmp.resolve("results");
        Path log = tmp.resolve("child.log");
        Process child = Cli.start(log, "run", spec.toString(), "--results", results.toString(), "--device", "cpu");
        try {
            Sweeps.await(child, log, Duration.ofMinutes(3), () -> Sweeps.runDirs(results, EXP).size() == 1
                    && Sweeps.midway(Sweeps.runDirs(results, EXP).get(0), 1, epochs - 2), "a checkpoint with epochs to go");
            for (String suffix : List.of("", "-wal", "-shm")) {
                Files.deleteIfExists(results.resolve("queue.db" + suffix));
            }
            assertTrue(child.waitFor(3, TimeUnit.MINUTES), "still training into a deleted queue:\n" + Files.readString(log));
        } finally {
            child.destroyForcibly();
        }
        String out = Files.readString(log);
        assertNotEquals(0, child.exitValue(), out);
        assertTrue(out.contains("Queue " + results.resolve("queue.db") + " was deleted while this process had it open"),
                out);
        Path runDir = Sweeps.runDirs(results, EXP).get(0);
        assertEquals("running", Sweeps.records(results, EXP).get(runDir.getFileName().toString()).get("status").asText(),
                "the lost run was left as it was");

        Cli.Result rerun = Cli.run("run", spec.toString(), "--results", results.toString(), "--device", "cpu");
        assertEquals(0, rerun.exit(), rerun.all());
        assertEquals(1, Sweeps.ids(Sweeps.RESUMING, rerun.out()).size(), rerun.all());
        assertEquals(java.util.stream.IntStream.rangeClosed(1, epochs).boxed().toList(), Sweeps.epochs(runDir));
    }
}
