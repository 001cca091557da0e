package selab.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import selab.cli.Main;
import selab.results.RunRecord;
import selab.results.RunStatus;
import selab.results.RunStore;

/** {@code selab excitation} end to end on a tiny run trained by {@code selab run} on synthetic data. */
class ExcitationCommandTest {

    @TempDir
    static Path tmp;
    static Path results;
    static Path reports;
    static Map<String, RunRecord> byVariant;

    @BeforeAll
    static void trainTinyRuns() throws IOException {
        results = tmp.resolve("results");
        reports = tmp.resolve("reports");
        Path spec = tmp.resolve("excite.yaml");
        Files.writeString(spec, """
                name: excite
                base:
                  model: {arch: resnet-20, width: 0.25, se: {ratio: 4}}
                  data: {source: synthetic, train_subset: 256, test_subset: 128}
                  recipe: {epochs: 1, batch_size: 64}
                seeds: [0]
                variants:
                  se: {}
                  plain: {model.se: none}
                """);
        assertEquals(0, Main.execute("run", spec.toString(), "--results", results.toString(), "--device", "cpu"));
        byVariant = new RunStore(results).listRecords("excite").stream()
                .collect(Collectors.toMap(RunRecord::variant, Function.identity()));
        assertEquals(RunStatus.DONE, byVariant.get("se").status());
    }

    private static int excitation(String... args) {
        List<String> all = new java.util.ArrayList<>(List.of("excitation"));
        all.addAll(List.of(args));
        all.addAll(List.of("--results", results.toString(), "--reports", reports.toString(), "--device", "cpu"));
        return Main.execute(all.toArray(String[]::new));
    }

    @Test
    void defaultFigureHasThreeBlocksFourClassesAndAll() throws IOException {
        String id = byVariant.get("se").id();
        java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        java.io.PrintStream stdout = System.out;
        System.setOut(new java.io.PrintStream(captured, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            assertEquals(0, excitation(id));
        } finally {
            System.setOut(stdout);
        }
        String out = captured.toString(java.nio.charset.StandardCharsets.UTF_8);
        stdout.print(out);
        // The weights loaded from final.params, on the re-loaded test split, reproduce the error the trainer
        // recorded at the end of training (BN statistics and normalisation included).
        java.util.regex.Matcher m = java.util.regex.Pattern
                .compile("top-1 error of the loaded weights on the test split: ([0-9.]+)%").matcher(out);
        assertTrue(m.find(), out);
        assertEquals(byVariant.get("se").metrics().finalTop1Err(), Double.parseDouble(m.group(1)), 0.006);
        Path csv = reports.resolve("excite").resolve("excitation-" + id + ".csv");
        List<String> lines = Files.readAllLines(csv);
        assertEquals("block,class,channel,mean_activation,n_images", lines.get(0));
        // resnet-20 at width 0.25: SE_2_1 has 16/4 = 4 channels, SE_3_3 32/4 = 8, SE_4_3 64/4 = 16;
        // classes 0,1,2,3 plus "all"
        assertEquals(5 * (4 + 8 + 16), lines.size() - 1);
        assertEquals(5 * 4, lines.stream().filter(l -> l.startsWith("SE_2_1,")).count());
        assertEquals(5 * 16, lines.stream().filter(l -> l.startsWith("SE_4_3,")).count());
        long perClassImages = 0;
        for (String l : lines.subList(1, lines.size())) {
            String[] f = l.split(",", -1);
            assertEquals(5, f.length, l);
            if (f[1].equals("all")) {
                assertEquals("128", f[4], l); // the whole test split
            }
            if (f[0].equals("SE_2_1") && f[2].equals("0") && !f[1].equals("all")) {
                perClassImages += Long.parseLong(f[4]);
            }
            if (!f[3].isEmpty()) {
                double v = Double.parseDouble(f[3]);
                assertTrue(v > 0 && v < 1, "sigmoid gate mean out of (0,1): " + l);
            }
        }
        assertTrue(perClassImages > 0 && perClassImages <= 128, "images of classes 0-3: " + perClassImages);
        Path png = reports.resolve("excite").resolve("excitation-" + id + ".png");
        BufferedImage image = ImageIO.read(png.toFile());
        assertNotNull(image, "not a readable PNG: " + png);
        assertEquals(3 * ExcitationPlot.PANEL_WIDTH, image.getWidth());
        // Width 0.25, r = 4: 4/8/16 channels give 1/2/4 hidden units per block, 3 blocks per stage.
        List<String> hidden = Files.readAllLines(reports.resolve("excite").resolve("excitation-" + id + "-hidden.csv"));
        assertEquals("block,unit,active_images,n_images", hidden.get(0));
        assertEquals(3 * (1 + 2 + 4), hidden.size() - 1);
        for (String l : hidden.subList(1, hidden.size())) {
            long active = Long.parseLong(l.split(",")[2]);
            assertTrue(active >= 0 && active <= 128 && l.endsWith(",128"), l);
        }
    }

    @Test
    void chosenBlocksAndClassesWithExplicitExperiment() throws IOException {
        String id = byVariant.get("se").id();
        assertEquals(0, excitation(id, "--experiment", "excite", "--blocks", "SE_4_1,SE_3_2", "--classes", "9"));
        List<String> lines = Files.readAllLines(reports.resolve("excite").resolve("excitation-" + id + ".csv"));
        assertEquals(2 * 16 + 2 * 8, lines.size() - 1);
        assertTrue(lines.get(1).startsWith("SE_4_1,9,0,"), lines.get(1));
        assertTrue(lines.get(lines.size() - 1).startsWith("SE_3_2,all,7,"), lines.get(lines.size() - 1));
    }

    @Test
    void badRequestsExitWithTwo() throws IOException {
        RunStore store = new RunStore(results);
        assertEquals(2, excitation("no-such-run"));
        assertEquals(2, excitation(byVariant.get("plain").id())); // no SE block
        String id = byVariant.get("se").id();
        assertEquals(2, excitation(id, "--blocks", "SE_5_1"));
        assertEquals(2, excitation(id, "--classes", "10"));
        RunRecord se = byVariant.get("se");
        store.write(copy(se, "se-failed", RunStatus.FAILED));
        assertEquals(2, excitation("se-failed"));
        store.write(copy(se, "se-noweights", RunStatus.DONE)); // done, but no final.params beside it
        assertFalse(Files.exists(store.finalParams("excite", "se-noweights")));
        assertEquals(2, excitation("se-noweights"));
    }

    private static RunRecord copy(RunRecord r, String id, RunStatus status) {
        return new RunRecord(id, r.experiment(), r.variant(), r.seed(), status, r.config(), r.metrics(), r.params(),
                r.paperFlops(), r.epochs(), r.wallSeconds(), r.imagesPerSecond(), r.provenance(), r.error(), r.fingerprint());
    }
}
