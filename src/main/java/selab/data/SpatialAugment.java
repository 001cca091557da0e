package selab.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Random;

/**
 * Random spatial augmentation of a whole float batch (B,C,H,W) in a few tensor ops. Every geometric
 * transform is expressed as "output pixel (i, j) of sample b reads source row rows[b][i], column
 * cols[b][j]", so pad-and-crop plus flip is one gather, and a bilinear random-resized-crop is four.
 * Per-sample parameters are drawn from the given Random in sample order, so a batch is reproducible.
 */
public final class SpatialAugment {

    /** Torchvision's RandomResizedCrop defaults. */
    static final double MIN_SCALE = 0.08;
    static final double MAX_SCALE = 1.0;
    static final double MIN_RATIO = 3.0 / 4.0;
    static final double MAX_RATIO = 4.0 / 3.0;

    private final DataConfig.Augment cfg;

    public SpatialAugment(DataConfig.Augment cfg) {
        if (cfg.cropPadding() < 0) {
            throw new IllegalArgumentException("augment.crop_padding must be >= 0, got " + cfg.cropPadding());
        }
        this.cfg = cfg;
    }

    /** Whether this augmentation changes anything at all. */
    public boolean isIdentity() {
        return cfg.cropPadding() == 0 && !cfg.flip() && !cfg.randomResizedCrop();
    }

    /** Crop window inside an H×W image. */
    record CropBox(int y, int x, int h, int w) {}

    /**
     * Augments a float32 batch (B,C,H,W); the result has the same shape and lives in x's manager.
     * Draw order per sample: resized-crop box, crop offsets, flip.
     */
    public NDArray apply(NDArray x, Random rng) {
        if (isIdentity()) {
            return x;
        }
        Shape s = x.getShape();
        int b = Math.toIntExact(s.get(0));
        int h = Math.toIntExact(s.get(2));
        int w = Math.toIntExact(s.get(3));
        int pad = cfg.cropPadding();
        CropBox[] boxes = cfg.randomResizedCrop() ? new CropBox[b] : null;
        int[] oy = new int[b];
        int[] ox = new int[b];
        boolean[] flip = new boolean[b];
        for (int i = 0; i < b; i++) {
            if (boxes != null) {
                boxes[i] = sampleResizedCrop(h, w, rng);
            }
            if (pad > 0) {
                oy[i] = rng.nextInt(2 * pad + 1);
                ox[i] = rng.nextInt(2 * pad + 1);
            }
            flip[i] = cfg.flip() && rng.nextBoolean();
        }
        NDArray out = x;
        if (boxes != null) {
            // Flip rides along with the last gather.
            out = resizedCropFlip(out, boxes, pad > 0 ? new boolean[b] : flip);
        }
        if (pad > 0 || (boxes == null && cfg.flip())) {
            out = padCropFlip(out, pad, oy, ox, flip);
        }
        return out;
    }

    /**
     * Zero-pads by {@code pad} on each side, then takes the H×W window at (oy[b], ox[b]) of the padded
     * image (0 ≤ o ≤ 2·pad), mirrored left-right where flip[b]. One gather.
     */
    static NDArray padCropFlip(NDArray x, int pad, int[] oy, int[] ox, boolean[] flip) {
        Shape s = x.getShape();
        int b = Math.toIntExact(s.get(0));
        int h = Math.toIntExact(s.get(2));
        int w = Math.toIntExact(s.get(3));
        NDArray padded = pad > 0 ? x.pad(new Shape(pad, pad, pad, pad), 0) : x;
        long[] rows = new long[b * h];
        long[] cols = new long[b * w];
        for (int k = 0; k < b; k++) {
            if (oy[k] < 0 || oy[k] > 2 * pad || ox[k] < 0 || ox[k] > 2 * pad) {
                throw new IllegalArgumentException("crop offset (" + oy[k] + ", " + ox[k] + ") of sample " + k
                        + " outside [0, " + 2 * pad + "]");
            }
            for (int i = 0; i < h; i++) {
                rows[k * h + i] = oy[k] + i;
            }
            for (int j = 0; j < w; j++) {
                cols[k * w + j] = ox[k] + (flip[k] ? w - 1 - j : j);
            }
        }
        return gatherRowsCols(padded, rows, cols, h, w);
    }

    /**
     * Crops boxes[b] out of each sample and resizes it bilinearly (half-pixel centres, like
     * torch's interpolate with align_corners=false) back to H×W, mirrored where flip[b]. Four gathers.
     */
    static NDArray resizedCropFlip(NDArray x, CropBox[] boxes, boolean[] flip) {
        Shape s = x.getShape();
        int b = Math.toIntExact(s.get(0));
        int h = Math.toIntExact(s.get(2));
        int w = Math.toIntExact(s.get(3));
        long[] ylo = new long[b * h];
        long[] yhi = new long[b * h];
        float[] wy = new float[b * h];
        long[] xlo = new long[b * w];
        long[] xhi = new long[b * w];
        float[] wx = new float[b * w];
        for (int k = 0; k < b; k++) {
            CropBox box = boxes[k];
            if (box.y() < 0 || box.x() < 0 || box.h() < 1 || box.w() < 1 || box.y() + box.h() > h
                    || box.x() + box.w() > w) {
                throw new IllegalArgumentException("crop box " + box + " of sample " + k + " outside " + h + "×" + w);
            }
            for (int i = 0; i < h; i++) {
                double src = sourceCoordinate(i, h, box.h());
                int lo = (int) Math.floor(src);
                ylo[k * h + i] = box.y() + lo;
                yhi[k * h + i] = box.y() + Math.min(lo + 1, box.h() - 1);
                wy[k * h + i] = (float) (src - lo);
            }
            for (int j = 0; j < w; j++) {
                double src = sourceCoordinate(flip[k] ? w - 1 - j : j, w, box.w());
                int lo = (int) Math.floor(src);
                xlo[k * w + j] = box.x() + lo;
                xhi[k * w + j] = box.x() + Math.min(lo + 1, box.w() - 1);
                wx[k * w + j] = (float) (src - lo);
            }
        }
        NDManager m = x.getManager();
        NDArray g00 = gatherRowsCols(x, ylo, xlo, h, w);
        NDArray g01 = gatherRowsCols(x, ylo, xhi, h, w);
        NDArray g10 = gatherRowsCols(x, yhi, xlo, h, w);
        NDArray g11 = gatherRowsCols(x, yhi, xhi, h, w);
        NDArray wxArr = m.create(wx, new Shape(b, 1, 1, w)).toDevice(x.getDevice(), false);
        NDArray wyArr = m.create(wy, new Shape(b, 1, h, 1)).toDevice(x.getDevice(), false);
        NDArray top = g00.add(g01.sub(g00).mul(wxArr));
        NDArray bottom = g10.add(g11.sub(g10).mul(wxArr));
        return top.add(bottom.sub(top).mul(wyArr));
    }

    /** Source coordinate (within a crop of length in) of output pixel i out of out, clamped at 0. */
    private static double sourceCoordinate(int i, int out, int in) {
        double src = (i + 0.5) * in / out - 0.5;
        return Math.max(0, Math.min(src, in - 1));
    }

    /**
     * out[b, c, i, j] = x[b, c, rows[b·H + i], cols[b·W + j]] for a source x (B,C,Hs,Ws), with ONE gather on
     * the flattened spatial axis. The index is built on the device from the small row/column tables.
     */
    static NDArray gatherRowsCols(NDArray x, long[] rows, long[] cols, int h, int w) {
        Shape s = x.getShape();
        long b = s.get(0);
        long c = s.get(1);
        long srcH = s.get(2);
        long srcW = s.get(3);
        NDManager m = x.getManager();
        NDArray r = m.create(rows, new Shape(b, h, 1)).toDevice(x.getDevice(), false);
        NDArray q = m.create(cols, new Shape(b, 1, w)).toDevice(x.getDevice(), false);
        NDArray index = r.mul(srcW).add(q).reshape(b, 1, (long) h * w).broadcast(b, c, (long) h * w);
        return x.reshape(b, c, srcH * srcW).gather(index, 2).reshape(b, c, h, w);
    }

    /** Torchvision's RandomResizedCrop.get_params with scale (0.08, 1) and ratio (3/4, 4/3). */
    static CropBox sampleResizedCrop(int height, int width, Random rng) {
        double area = (double) height * width;
        double logMin = Math.log(MIN_RATIO);
        double logMax = Math.log(MAX_RATIO);
        for (int attempt = 0; attempt < 10; attempt++) {
            double target = area * (MIN_SCALE + (MAX_SCALE - MIN_SCALE) * rng.nextDouble());
            double aspect = Math.exp(logMin + (logMax - logMin) * rng.nextDouble());
            int w = (int) Math.round(Math.sqrt(target * aspect));
            int h = (int) Math.round(Math.sqrt(target / aspect));
            if (w > 0 && w <= width && h > 0 && h <= height) {
                return new CropBox(rng.nextInt(height - h + 1), rng.nextInt(width - w + 1), h, w);
            }
        }
        double inRatio = (double) width / height; // fallback: central crop at the nearest allowed ratio
        int w;
        int h;
        if (inRatio < MIN_RATIO) {
            w = width;
            h = Math.min(height, (int) Math.round(w / MIN_RATIO));
        } else if (inRatio > MAX_RATIO) {
            h = height;
            w = Math.min(width, (int) Math.round(h * MAX_RATIO));
        } else {
            w = width;
            h = height;
        }
        return new CropBox((height - h) / 2, (width - w) / 2, h, w);
    }
}
