package selab.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import selab.spec.TableSpec;

class PlotsTest {
    private static final byte[] PNG_MAGIC = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    @Test
    void rendersNonEmptyPngs() throws Exception {
        ReportInput in = ReporterTest.input(null);
        RecordTable runs = RecordTable.of(in.experiment(), in.planned(), in.records());
        BuiltTable t = new TableBuilder(runs, in.paperScaleProfiles(), PaperTables.load()).build(in.tables().get(0));
        Map<String, byte[]> plots = Plots.forTable(t, runs, in.historyByRunId());
        assertEquals(List.of("table10-bar.png", "table10-ratio.png", "table10-curves.png"), List.copyOf(plots.keySet()));
        for (byte[] png : plots.values()) {
            assertArrayEquals(PNG_MAGIC, Arrays.copyOf(png, 8));
            var image = ImageIO.read(new ByteArrayInputStream(png));
            assertEquals(Plots.WIDTH, image.getWidth());
            assertEquals(Plots.HEIGHT, image.getHeight());
            assertTrue(distinctColours(image) > 3, "image is blank");
        }
    }

    @Test
    void noRatioPlotWhenRatioDoesNotVary() {
        ReportInput in = ReporterTest.input(null);
        RecordTable runs = RecordTable.of(in.experiment(), in.planned(), in.records());
        TableSpec one = new TableSpec("t", "t", null, null,
                List.of(new TableSpec.Row("r16", null, null), new TableSpec.Row("original", null, null)),
                null, null);
        BuiltTable t = new TableBuilder(runs, Map.of(), PaperTables.load()).build(one);
        assertNull(Plots.ratio(t, runs));
    }

    @Test
    void ratioAxisLabelsPowersOfTwo() {
        assertEquals("16", Plots.powerOfTwoLabel(4.0));
        assertEquals("2", Plots.powerOfTwoLabel(1.0));
        assertEquals("2.83", Plots.powerOfTwoLabel(1.5)); // 2^1.5
    }

    private static int distinctColours(java.awt.image.BufferedImage img) {
        java.util.Set<Integer> colours = new java.util.HashSet<>();
        for (int y = 0; y < img.getHeight(); y += 7) {
            for (int x = 0; x < img.getWidth(); x += 7) {
                colours.add(img.getRGB(x, y));
            }
        }
        return colours.size();
    }
}
