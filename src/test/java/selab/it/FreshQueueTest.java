package selab.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * results/ is committed but results/queue.db is not: a fresh clone re-enqueues every run, and the
 * worker must recognise the finished records instead of training them again.
 */
class FreshQueueTest {
    @TempDir
    Path tmp;

    @Test
    void finishedRecordsAreNotRetrainedWhenTheQueueIsLost() throws Exception {
        Path spec = Sweeps.spec(tmp, "s.yaml", "fresh", 1, List.of(0), "  se: {}\n  original: {model.se: none}\n", "");
        String results = tmp.resolve("results").toString();
        Cli.Result first = Cli.run("run", spec.toString(), "--results", results, "--device", "cpu");
        assertEquals(0, first.exit(), first.all());
        assertEquals(2, Sweeps.ids(Sweeps.TRAINING, first.out()).size(), first.out());
        byte[] before = Files.readAllBytes(Sweeps.runDirs(tmp.resolve("results"), "fresh").get(0).resolve("run.json"));

        for (String suffix : List.of("", "-wal", "-shm")) {
            Files.deleteIfExists(tmp.resolve("results/queue.db" + suffix));
        }
        Cli.Result again = Cli.run("run", spec.toString(), "--results", results, "--device", "cpu");
        assertEquals(0, again.exit(), again.all());
        assertTrue(Sweeps.ids(Sweeps.TRAINING, again.out()).isEmpty(), again.out());
        assertEquals(2, again.out().split("already recorded as finished", -1).length - 1, again.out());
        assertEquals(new String(before),
                Files.readString(Sweeps.runDirs(tmp.resolve("results"), "fresh").get(0).resolve("run.json")));
    }
}
