package selab.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** The CSV and PNG writers on a small hand-made result. */
class ExcitationOutputTest {

    private static BlockExcitation block(String label, double offset) {
        // 3 classes x 2 channels; class 1 has no images
        return new BlockExcitation(label, 2, new long[] {3, 0, 1},
                new double[][] {{0.25 + offset, 0.5}, {Double.NaN, Double.NaN}, {0.75, 1.0}},
                new double[] {0.375 + offset, 0.625}, 4);
    }

    @Test
    void csvHasOneRowPerBlockClassAndChannelWithAllLast() {
        Excitation e = new Excitation(List.of(block("SE_2_1", 0), block("SE_3_1", 0.125)), 4, 3, 50.0, List.of());
        String csv = ExcitationCsv.render(e, List.of("SE_3_1"), List.of(2, 1));
        assertEquals("""
                block,class,channel,mean_activation,n_images
                SE_3_1,2,0,0.75,1
                SE_3_1,2,1,1.0,1
                SE_3_1,1,0,,0
                SE_3_1,1,1,,0
                SE_3_1,all,0,0.5,4
                SE_3_1,all,1,0.625,4
                """, csv);
    }

    @Test
    void pngHasOnePanelPerBlockInAGridUnderTheTitle() throws IOException {
        Excitation e = new Excitation(List.of(block("SE_2_1", 0), block("SE_3_1", 0.1), block("SE_3_2", 0.2),
                block("SE_4_1", 0.3)), 4, 3, 50.0, List.of());
        String title = ExcitationPlot.title("abc123", "se", "synthetic", e);
        BufferedImage three = ImageIO.read(new ByteArrayInputStream(
                ExcitationPlot.png(e, List.of("SE_2_1", "SE_3_1", "SE_4_1"), List.of(0, 1, 2), title)));
        assertEquals(3 * ExcitationPlot.PANEL_WIDTH, three.getWidth());
        BufferedImage four = ImageIO.read(new ByteArrayInputStream(
                ExcitationPlot.png(e, e.labels(), List.of(0), title)));
        assertEquals(3 * ExcitationPlot.PANEL_WIDTH, four.getWidth());
        assertEquals(three.getHeight() + ExcitationPlot.PANEL_HEIGHT, four.getHeight()); // a second row
        // something was drawn in the second row's first panel
        int x = ExcitationPlot.PANEL_WIDTH / 2;
        boolean drawn = false;
        for (int y = three.getHeight(); y < four.getHeight() && !drawn; y++) {
            drawn = (four.getRGB(x, y) & 0xffffff) != 0xffffff;
        }
        assertEquals(true, drawn);
        assertNotEquals(0, four.getRGB(0, 0) & 0xffffff); // white background, not empty black
    }
}
