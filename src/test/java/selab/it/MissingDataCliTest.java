package selab.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import selab.queue.Claim;
import selab.queue.ClaimLocks;
import selab.queue.ClaimRequest;
import selab.queue.Lease;
import selab.queue.RunQueue;
import selab.results.RunStatus;

/** Missing data is found before anything is queued; a run that failed only for want of data comes back by itself. */
class MissingDataCliTest {

    @Test
    void runWithMissingDataExitsTwoWithOneMessageAndWritesNothing(@TempDir Path tmp) throws Exception {
        // CIFAR-10 is on no machine of this project and no --data/$SELAB_DATA points at it.
        Path spec = tmp.resolve("c.yaml");
        Files.writeString(spec, "name: needs-cifar\nbase:\n  model: {arch: resnet-20, width: 0.25}\n"
                + "  data: {source: cifar10}\n  recipe: {epochs: 1}\nseeds: [0, 1]\nvariants:\n  a: {}\n  b: {model.se: none}\n");
        Path results = tmp.resolve("results");
        Cli.Result r = Cli.run("run", spec.toString(), "--results", results.toString());
        assertEquals(2, r.exit(), r.all());
        assertTrue(r.err().contains("cannot find cifar10 data"), r.all());
        assertEquals(1, r.err().split("cannot find").length - 1, "one message, not one per run: " + r.all());
        assertFalse(Files.exists(results), "nothing written, no queue: " + r.all());

        Cli.Result badRoot = Cli.run("run", spec.toString(), "--results", results.toString(), "--data",
                tmp.resolve("nonexistent").toString());
        assertEquals(2, badRoot.exit(), badRoot.all());
        assertTrue(badRoot.err().contains("'--data': '" + tmp.resolve("nonexistent") + "' is not a directory"), badRoot.all());
        assertFalse(Files.exists(results));
    }

    @Test
    void aRunThatFailedBecauseItsDataWasMissingIsTrainedByTheNextRun(@TempDir Path tmp) throws Exception {
        Path data = Files.createDirectories(tmp.resolve("fm"));
        StaleRecordsCliTest.writeIdx(data, 128, 64, 1);
        Path spec = tmp.resolve("m.yaml");
        Files.writeString(spec, "name: missing\nbase:\n  model: {arch: resnet-20, width: 0.25}\n"
                + "  data: {source: fashion-mnist, path: '" + data + "'}\n  recipe: {epochs: 1, batch_size: 64}\n"
                + "  device: cpu\nseeds: [0]\nvariants:\n  a: {}\n");
        Path results = tmp.resolve("results");
        // What an older selab (or a worker on a machine without the data) left: the run failed for want of data.
        try (RunQueue q = RunQueue.open(results.resolve("queue.db"))) {
            q.enqueue(selab.plan.Planner.expand(selab.spec.SpecLoader.load(spec)).distinctRuns(), 1);
            Claim c = q.claim(new ClaimRequest("w", ClaimRequest.newToken(), ClaimLocks.node(),
                    Lease.of(Duration.ofMinutes(5)), null, null)).orElseThrow();
            assertEquals(Optional.of(RunStatus.FAILED),
                    q.fail(c, "selab.data.DataNotFoundException: cannot find fashion-mnist data"));
        }
        Cli.Result r = Cli.run("run", spec.toString(), "--results", results.toString());
        assertEquals(0, r.exit(), r.all());
        assertTrue(r.out().contains("1 run(s) that failed because their data was missing are queued again"), r.all());
        assertEquals(1, Sweeps.ids(Sweeps.TRAINING, r.out()).size(), r.all());
        assertEquals(List.of("done"), Sweeps.records(results, "missing").values().stream()
                .map(n -> n.get("status").asText()).toList());
    }
}
