package selab.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import selab.results.Json;

/**
 * A record whose fingerprint no longer matches the build (training code changed, data file changed) is shown as
 * stale by status and report, and `run --rerun-stale` retrains exactly those runs, keeping the old record.
 */
class StaleRecordsCliTest {

    @Test
    void staleRecordsAreMarkedAndOnlyThoseAreRetrained(@TempDir Path tmp) throws Exception {
        Path data = Files.createDirectories(tmp.resolve("fm"));
        writeIdx(data, 128, 64, 1);
        Path spec = tmp.resolve("stale.yaml");
        Files.writeString(spec, "name: stale\n"
                + "base:\n"
                + "  model: {arch: resnet-20, width: 0.25}\n"
                + "  data: {source: fashion-mnist, path: '" + data + "'}\n"
                + "  recipe: {epochs: 1, batch_size: 64}\n"
                + "  device: cpu\n"
                + "seeds: [0]\n"
                + "variants:\n  a: {}\n  b: {model.se: none}\n"
                + "tables:\n  - name: t\n    rows: [{variant: a}, {variant: b}]\n    columns: [top1_err]\n");
        String results = tmp.resolve("results").toString();
        String reports = tmp.resolve("reports").toString();
        Cli.Result first = Cli.run("run", spec.toString(), "--results", results);
        assertEquals(0, first.exit(), first.all());
        Map<String, Path> dirs = runDirsByVariant(tmp.resolve("results/stale"));
        Path a = dirs.get("a");
        Path b = dirs.get("b");
        String aId = a.getFileName().toString();

        Cli.Result status = Cli.run("status", spec.toString(), "--results", results);
        assertTrue(status.out().contains("stale     0"), status.all());

        // A code change, as a record made by other training code looks: its code hash differs from this build's.
        ObjectNode rec = (ObjectNode) Json.mapper().readTree(a.resolve("run.json").toFile());
        ((ObjectNode) rec.get("fingerprint")).put("code", "0".repeat(64));
        Json.mapper().writeValue(a.resolve("run.json").toFile(), rec);
        byte[] bBefore = Files.readAllBytes(b.resolve("run.json"));

        status = Cli.run("status", spec.toString(), "--results", results);
        assertTrue(status.out().contains("stale     1"), status.all());
        assertTrue(status.out().contains("stale " + aId + ": training code changed since"), status.all());
        Cli.Result report = Cli.run("report", spec.toString(), "--results", results, "--reports", reports);
        assertEquals(0, report.exit(), report.all());
        String page = Files.readString(tmp.resolve("reports/stale/t.md"));
        assertTrue(page.contains("Not one clean, current build (this table):** 1 of 2 finished runs are stale"), page);
        assertTrue(page.contains("| a †"), page);
        assertFalse(page.contains("| b †"), page);

        Cli.Result rerun = Cli.run("run", spec.toString(), "--results", results, "--rerun-stale");
        assertEquals(0, rerun.exit(), rerun.all());
        assertEquals(List.of(aId), Sweeps.ids(Sweeps.TRAINING, rerun.out()), rerun.all());
        assertTrue(rerun.out().contains("1 stale run(s) queued for retraining"), rerun.all());
        assertEquals("0".repeat(64),
                Json.mapper().readTree(a.resolve("superseded/1/run.json").toFile()).get("fingerprint").get("code").asText());
        assertFalse(Json.mapper().readTree(a.resolve("run.json").toFile()).get("fingerprint").get("code").asText()
                .startsWith("0000000000"));
        assertArrayEquals(bBefore, Files.readAllBytes(b.resolve("run.json")), "a current record is left alone");
        status = Cli.run("status", spec.toString(), "--results", results);
        assertTrue(status.out().contains("stale     0"), status.all());

        // A data change: one training pixel differs. Both runs read that file, so both are retrained.
        writeIdx(data, 128, 64, 2);
        rerun = Cli.run("run", spec.toString(), "--results", results, "--rerun-stale");
        assertEquals(0, rerun.exit(), rerun.all());
        assertEquals(2, Sweeps.ids(Sweeps.TRAINING, rerun.out()).size(), rerun.all());
        assertTrue(rerun.out().contains("stale (data changed since)"), rerun.all());
        assertTrue(Files.exists(b.resolve("superseded/1/run.json")));
        assertTrue(Files.exists(a.resolve("superseded/2/run.json")));
    }

    private static Map<String, Path> runDirsByVariant(Path experiment) throws IOException {
        Map<String, Path> out = new java.util.HashMap<>();
        try (Stream<Path> dirs = Files.list(experiment)) {
            for (Path d : dirs.filter(Files::isDirectory).toList()) {
                out.put(Json.mapper().readTree(d.resolve("run.json").toFile()).get("variant").asText(), d);
            }
        }
        return out;
    }

    /** Fashion-MNIST-shaped IDX files (28×28, 10 classes) with random pixels from {@code seed}. */
    static void writeIdx(Path dir, int train, int test, long seed) throws IOException {
        Random rng = new Random(seed);
        for (String[] split : new String[][] {{"train", String.valueOf(train)}, {"t10k", String.valueOf(test)}}) {
            int n = Integer.parseInt(split[1]);
            ByteArrayOutputStream images = new ByteArrayOutputStream();
            images.write(ByteBuffer.allocate(16).putInt(0x803).putInt(n).putInt(28).putInt(28).array());
            byte[] px = new byte[n * 28 * 28];
            rng.nextBytes(px);
            images.write(px);
            Files.write(dir.resolve(split[0] + "-images-idx3-ubyte"), images.toByteArray());
            ByteArrayOutputStream labels = new ByteArrayOutputStream();
            labels.write(ByteBuffer.allocate(8).putInt(0x801).putInt(n).array());
            for (int i = 0; i < n; i++) {
                labels.write(i % 10);
            }
            Files.write(dir.resolve(split[0] + "-labels-idx1-ubyte"), labels.toByteArray());
        }
    }
}
