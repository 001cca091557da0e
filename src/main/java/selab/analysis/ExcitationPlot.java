package selab.analysis;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The paper's Fig. 6 layout as one PNG: a panel per SE block (x = channel index, y = mean gate
 * activation), one line per selected class plus a thicker black line for all classes, panels in a grid
 * under a common title. Rendered headless with XChart.
 */
public final class ExcitationPlot {
    static {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    static final int PANEL_WIDTH = 640;
    static final int PANEL_HEIGHT = 440;
    static final int MAX_COLUMNS = 3;
    private static final int TITLE_HEIGHT = 64;
    private static final Color[] PALETTE = {
        new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c), new Color(0xd62728), new Color(0x9467bd),
        new Color(0x8c564b), new Color(0xe377c2), new Color(0xbcbd22), new Color(0x17becf), new Color(0x7f7f7f)
    };

    private ExcitationPlot() {}

    /**
     * @param title the figure title (its lines separated by '\n')
     * @return PNG bytes of the panel grid
     */
    public static byte[] png(Excitation e, List<String> blocks, List<Integer> classes, String title) {
        List<BufferedImage> panels = new ArrayList<>();
        for (String label : blocks) {
            panels.add(BitmapEncoder.getBufferedImage(panel(e.block(label), classes)));
        }
        return encode(grid(panels, title));
    }

    /** The figure title: which run, variant and data, and what was averaged over what. */
    public static String title(String runId, String variant, String data, Excitation e) {
        return "Role of excitation (paper Fig. 6): run " + runId + ", variant " + variant + ", data " + data
                + String.format(java.util.Locale.ROOT, " (test top-1 error %.2f%%)", e.top1Err()) + "\n"
                + "mean SE gate activation per channel, averaged over the " + e.images()
                + " images of the test split, per class and over all classes";
    }

    /** One block's chart: a line per class with images, then "all". */
    static XYChart panel(BlockExcitation b, List<Integer> classes) {
        XYChart chart = new XYChartBuilder().width(PANEL_WIDTH).height(PANEL_HEIGHT)
                .title(b.label() + " (" + b.channels() + " channels)")
                .xAxisTitle("channel index").yAxisTitle("mean activation").build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        chart.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setPlotGridLinesVisible(true);
        double[] x = new double[b.channels()];
        for (int ch = 0; ch < x.length; ch++) {
            x[ch] = ch;
        }
        for (int i = 0; i < classes.size(); i++) {
            int k = classes.get(i);
            if (b.countOf(k) == 0) {
                continue; // no image of this class in the split: nothing to draw
            }
            line(chart, "class " + k, x, b.meansOf(k), PALETTE[i % PALETTE.length], 1.2f);
        }
        line(chart, ExcitationCsv.ALL, x, b.allMeans(), Color.BLACK, 2.2f);
        return chart;
    }

    private static void line(XYChart chart, String name, double[] x, double[] y, Color color, float width) {
        XYSeries s = chart.addSeries(name, x, y);
        s.setMarker(SeriesMarkers.NONE);
        s.setLineColor(color);
        s.setLineStyle(new BasicStroke(width));
    }

    /** Panels left to right, at most {@link #MAX_COLUMNS} per row, under the title. */
    static BufferedImage grid(List<BufferedImage> panels, String title) {
        int columns = Math.min(MAX_COLUMNS, panels.size());
        int rows = (panels.size() + columns - 1) / columns;
        BufferedImage out = new BufferedImage(columns * PANEL_WIDTH, TITLE_HEIGHT + rows * PANEL_HEIGHT,
                BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, out.getWidth(), out.getHeight());
            g.setColor(Color.BLACK);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
            FontMetrics fm = g.getFontMetrics();
            String[] lines = title.split("\n");
            int y = (TITLE_HEIGHT - lines.length * fm.getHeight()) / 2 + fm.getAscent();
            for (String line : lines) {
                g.drawString(line, Math.max(8, (out.getWidth() - fm.stringWidth(line)) / 2), y);
                y += fm.getHeight();
            }
            for (int i = 0; i < panels.size(); i++) {
                g.drawImage(panels.get(i), (i % columns) * PANEL_WIDTH, TITLE_HEIGHT + (i / columns) * PANEL_HEIGHT, null);
            }
        } finally {
            g.dispose();
        }
        return out;
    }

    private static byte[] encode(BufferedImage image) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, "png", bytes)) {
                throw new IOException("no PNG writer available");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode the excitation figure as PNG: " + e.getMessage(), e);
        }
        return bytes.toByteArray();
    }
}
