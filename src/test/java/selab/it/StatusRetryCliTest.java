package selab.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import selab.queue.QueuedRun;
import selab.queue.RunQueue;
import selab.results.Json;
import selab.results.RunStatus;

/**
 * {@code status --format json} and {@code retry} on a run that really failed: an image-folder run whose
 * folder is still empty fails both its attempts; once the images are there, retry + run finishes it.
 */
class StatusRetryCliTest {
    private static final String EXP = "retry";

    @TempDir
    Path tmp;

    @Test
    void statusCountsAFailedRunAndRetryRequeuesIt() throws Exception {
        Path images = Files.createDirectories(tmp.resolve("images"));
        // Files that are there (so the up-front data check passes) but do not decode: the run fails in training.
        for (String split : List.of("train", "val")) {
            for (String cls : List.of("a", "b")) {
                Path dir = Files.createDirectories(images.resolve(split).resolve(cls));
                for (int i = 0; i < 4; i++) {
                    Files.writeString(dir.resolve(i + ".png"), "not a png");
                }
            }
        }
        Path spec = Sweeps.spec(tmp, "s.yaml", EXP, 1, List.of(0),
                "  synth: {}\n"
                        + "  folder: {data.source: imagefolder, data.path: '" + images + "', data.image_size: 16,"
                        + " data.train_subset: null, data.test_subset: null, recipe.batch_size: 4}\n",
                "");
        String results = tmp.resolve("results").toString();
        String reports = tmp.resolve("reports").toString();

        // Nothing queued yet: status still knows the plan.
        JsonNode s0 = statusJson(spec, results);
        assertEquals(EXP, s0.get("experiment").asText());
        assertEquals(2, s0.get("planned").asInt());
        assertEquals(2, s0.get("not_queued").asInt());
        assertEquals(0, s0.get("runs").size());

        Cli.Result first = Cli.run("run", spec.toString(), "--results", results, "--reports", reports, "--device", "cpu");
        assertEquals(1, first.exit(), "a sweep with a failed run exits 1\n" + first.all());
        assertTrue(first.out().contains("1 run(s) failed; see `selab status " + spec + "`"), first.all());
        assertEquals(2, first.out().split("attempt failed", -1).length - 1, "two attempts, both failed\n" + first.all());

        JsonNode s1 = statusJson(spec, results);
        assertEquals(2, s1.get("planned").asInt());
        assertEquals(0, s1.get("not_queued").asInt());
        assertEquals(1, s1.get("done").asInt());
        assertEquals(1, s1.get("failed").asInt());
        assertEquals(0, s1.get("queued").asInt());
        assertEquals(0, s1.get("running").asInt());
        assertEquals(0, s1.get("diverged").asInt());
        assertEquals(0.5, s1.get("progress").asDouble(), 1e-12);
        JsonNode failed = run(s1, "folder");
        assertEquals("failed", failed.get("state").asText());
        assertEquals(2, failed.get("attempts").asInt());
        assertTrue(failed.get("error").asText().contains(images.toString()), failed.toString());
        assertEquals("done", run(s1, "synth").get("state").asText());
        String failedId = failed.get("id").asText();
        assertEquals("failed", Sweeps.records(tmp.resolve("results"), EXP).get(failedId).get("status").asText());

        Cli.Result table = Cli.run("status", spec.toString(), "--results", results);
        assertEquals(0, table.exit(), table.all());
        assertTrue(table.out().contains("failed " + failedId + " folder: "), table.all());
        assertTrue(table.out().contains("progress  1/2 (50%)"), table.all());

        writeImages(images);
        Cli.Result retry = Cli.run("retry", spec.toString(), "--results", results);
        assertEquals(0, retry.exit(), retry.all());
        assertEquals(EXP + ": 1 failed run(s) requeued", retry.out().strip());
        try (RunQueue q = RunQueue.open(tmp.resolve("results/queue.db"))) {
            QueuedRun r = q.list(EXP).stream().filter(x -> x.id().equals(failedId)).findFirst().orElseThrow();
            assertEquals(RunStatus.QUEUED, r.state());
            assertEquals(0, r.attempts());
            assertEquals(null, r.error());
            assertEquals(Map.of(RunStatus.QUEUED, 1, RunStatus.DONE, 1), nonZero(q.counts(EXP)));
        }
        Cli.Result again = Cli.run("retry", spec.toString(), "--results", results);
        assertEquals(EXP + ": 0 failed run(s) requeued", again.out().strip(), "retry is idempotent");

        Cli.Result second = Cli.run("run", spec.toString(), "--results", results, "--reports", reports, "--device", "cpu");
        assertEquals(0, second.exit(), second.all());
        assertEquals(List.of(failedId), Sweeps.ids(Sweeps.TRAINING, second.out()), "only the retried run trains");
        JsonNode s2 = statusJson(spec, results);
        assertEquals(2, s2.get("done").asInt());
        assertEquals(0, s2.get("failed").asInt());
        assertEquals(1.0, s2.get("progress").asDouble(), 1e-12);
        assertTrue(run(s2, "folder").get("error").isNull(), s2.toString());
        assertEquals("done", Sweeps.records(tmp.resolve("results"), EXP).get(failedId).get("status").asText());
    }

    @Test
    void aRunNeverClaimedHasNullWorkerHeartbeatAndError() throws Exception {
        Path spec = Sweeps.spec(tmp, "s.yaml", EXP, 1, List.of(0), "  se: {}\n", "");
        try (RunQueue q = RunQueue.open(tmp.resolve("results/queue.db"))) {
            q.enqueue(selab.plan.Planner.expand(selab.spec.SpecLoader.load(spec)).distinctRuns(), 2);
        }
        JsonNode s = statusJson(spec, tmp.resolve("results").toString());
        assertEquals(1, s.get("queued").asInt());
        JsonNode r = run(s, "se");
        assertEquals("queued", r.get("state").asText());
        assertEquals(0, r.get("attempts").asInt());
        for (String field : List.of("worker", "heartbeat_at", "error")) {
            assertTrue(r.get(field).isNull(), field + " should be JSON null: " + r);
        }
    }

    @Test
    void statusRejectsAnUnknownFormat() throws Exception {
        Path spec = Sweeps.spec(tmp, "s.yaml", EXP, 1, List.of(0), "  se: {}\n", "");
        Cli.Result r = Cli.run("status", spec.toString(), "--results", tmp.resolve("results").toString(), "--format", "xml");
        assertEquals(2, r.exit(), r.all());
        assertTrue(r.err().contains("--format: 'xml' is not allowed; allowed: table|json"), r.all());
        assertTrue(!Files.exists(tmp.resolve("results")), "no queue created for a bad flag");
    }

    private static JsonNode statusJson(Path spec, String results) throws Exception {
        Cli.Result r = Cli.run("status", spec.toString(), "--results", results, "--format", "json");
        assertEquals(0, r.exit(), r.all());
        return Json.mapper().readTree(r.out());
    }

    private static JsonNode run(JsonNode status, String variant) {
        for (JsonNode r : status.get("runs")) {
            if (r.get("variant").asText().equals(variant)) {
                return r;
            }
        }
        throw new AssertionError("no run of variant " + variant + " in " + status);
    }

    private static Map<RunStatus, Integer> nonZero(Map<RunStatus, Integer> counts) {
        Map<RunStatus, Integer> m = new java.util.EnumMap<>(RunStatus.class);
        counts.forEach((k, v) -> {
            if (v != 0) {
                m.put(k, v);
            }
        });
        return m;
    }

    /** train/{a,b} and val/{a,b}, four 16×16 PNGs each: class a reddish, class b bluish. */
    private static void writeImages(Path root) throws Exception {
        Random rng = new Random(7);
        for (String split : List.of("train", "val")) {
            for (String cls : List.of("a", "b")) {
                Path dir = Files.createDirectories(root.resolve(split).resolve(cls));
                for (int i = 0; i < 4; i++) {
                    BufferedImage img = new BufferedImage(16, 16, BufferedImage.TYPE_INT_RGB);
                    for (int y = 0; y < 16; y++) {
                        for (int x = 0; x < 16; x++) {
                            int v = rng.nextInt(128);
                            img.setRGB(x, y, cls.equals("a") ? (128 + v) << 16 | v : v << 16 | (128 + v));
                        }
                    }
                    ImageIO.write(img, "png", dir.resolve(i + ".png").toFile());
                }
            }
        }
    }
}
