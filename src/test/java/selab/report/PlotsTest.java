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
        assertEquals(List.of("table10-delta.png", "table10-ratio.png", "table10-curves.png"), List.copyOf(plots.keySet()));
        for (byte[] png : plots.values()) {
            assertArrayEquals(PNG_MAGIC, Arrays.copyOf(png, 8));
            var image = ImageIO.read(new ByteArrayInputStream(png));
            assertEquals(Plots.WIDTH, image.getWidth());
            assertEquals(Plots.HEIGHT, image.getHeight());
            assertTrue(distinctColours(image) > 3, "image is blank");
        }
    }

    @Test
    void deltaPlotShowsEachRowsDifferenceWithItsCiAndThePapersDifference() {
        ReportInput in = ReporterTest.input(null);
        RecordTable runs = RecordTable.of(in.experiment(), in.planned(), in.records());
        BuiltTable t = new TableBuilder(runs, in.paperScaleProfiles(), PaperTables.load()).build(in.tables().get(0));
        org.knowm.xchart.XYChart c = Plots.delta(t);
        var measured = c.getSeriesMap().get("measured (selab)");
        // r4 vs original: seeds 1, 2 paired: (10.5 - 12, 11.2 - 13) = (-1.5, -1.8): mean -1.65, sd 0.2121,
        //   CI = t(0.975, 1) * 0.2121 / sqrt(2) = 12.706 * 0.15 = 1.906.
        // r16 vs original: (10 - 12, 11 - 13, 12 - 14) = -2 each: sd 0, so the paired test is undefined and the
        //   row is drawn without an interval. r8 has no done run and is not drawn.
        assertArrayEquals(new double[] {-1.65, -2.0}, measured.getYData(), 1e-9);
        assertArrayEquals(new double[] {12.706204736 * 0.15, 0.0},
                measured.getExtraValues(), 1e-6);
        // Paper Table 10 (cited): r=4 22.25, r=16 22.28, ResNet-50 23.30 -> deltas -1.05 and -1.02.
        var paper = c.getSeriesMap().get("paper (ImageNet SE-ResNet-50, cited)");
        assertArrayEquals(new double[] {22.25 - 23.30, 22.28 - 23.30}, paper.getYData(), 1e-9);
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
