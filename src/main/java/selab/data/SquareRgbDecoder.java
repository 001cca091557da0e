package selab.data;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.IIOException;
import javax.imageio.ImageIO;

/**
 * Decodes an image file with javax.imageio and turns it into a size×size RGB image: resize so the
 * shorter side equals size, then centre-crop. Output is planar uint8, C×H×W (R plane, G plane, B plane).
 */
final class SquareRgbDecoder {

    private SquareRgbDecoder() {}

    /** Decodes {@code file} into {@code out[offset .. offset + 3*size*size)}. */
    static void decodeInto(Path file, int size, byte[] out, int offset) {
        BufferedImage src;
        try {
            src = ImageIO.read(file.toFile());
        } catch (IIOException e) {
            throw new DataFormatException(file, "cannot decode image: " + e.getMessage(), e);
        } catch (IOException | RuntimeException e) {
            throw new DataFormatException(file, "cannot read image: " + e, e);
        }
        if (src == null) {
            throw new DataFormatException(file, "not a decodable image (no javax.imageio reader recognises it)");
        }
        if (src.getWidth() <= 0 || src.getHeight() <= 0) {
            throw new DataFormatException(file, "image has empty size " + src.getWidth() + "×" + src.getHeight());
        }
        BufferedImage square = resizeShorterSideAndCrop(src, size);
        int plane = size * size;
        int[] argb = square.getRGB(0, 0, size, size, null, 0, size);
        for (int p = 0; p < plane; p++) {
            int v = argb[p];
            out[offset + p] = (byte) (v >> 16);
            out[offset + plane + p] = (byte) (v >> 8);
            out[offset + 2 * plane + p] = (byte) v;
        }
    }

    /** Shorter side → size (aspect kept), then the central size×size window, drawn onto an RGB canvas. */
    static BufferedImage resizeShorterSideAndCrop(BufferedImage src, int size) {
        BufferedImage img = toRgb(src);
        // Halve repeatedly first: a single bilinear step from a much larger image aliases badly.
        while (Math.min(img.getWidth(), img.getHeight()) >= 2 * size) {
            img = scale(img, img.getWidth() / 2, img.getHeight() / 2);
        }
        double factor = (double) size / Math.min(img.getWidth(), img.getHeight());
        int w = Math.max(size, (int) Math.round(img.getWidth() * factor));
        int h = Math.max(size, (int) Math.round(img.getHeight() * factor));
        if (w != img.getWidth() || h != img.getHeight()) {
            img = scale(img, w, h);
        }
        int x0 = (w - size) / 2;
        int y0 = (h - size) / 2;
        BufferedImage out = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.drawImage(img, -x0, -y0, null);
        g.dispose();
        return out;
    }

    private static BufferedImage toRgb(BufferedImage src) {
        if (src.getType() == BufferedImage.TYPE_INT_RGB) {
            return src;
        }
        // Grey, palette and alpha images all become opaque RGB (transparent areas turn black).
        BufferedImage rgb = new BufferedImage(src.getWidth(), src.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = rgb.createGraphics();
        g.drawImage(src, 0, 0, null);
        g.dispose();
        return rgb;
    }

    private static BufferedImage scale(BufferedImage src, int w, int h) {
        BufferedImage out = new BufferedImage(Math.max(1, w), Math.max(1, h), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
        g.drawImage(src, 0, 0, out.getWidth(), out.getHeight(), null);
        g.dispose();
        return out;
    }
}
