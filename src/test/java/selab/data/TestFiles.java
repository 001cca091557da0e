package selab.data;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

/** Writes small dataset files in the on-disk formats, independently of the readers. */
final class TestFiles {

    private TestFiles() {}

    static byte[] randomBytes(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    static byte[] idxImages(int n, int rows, int cols, byte[] pixels) {
        ByteBuffer buf = ByteBuffer.allocate(16 + pixels.length);
        buf.putInt(0x00000803).putInt(n).putInt(rows).putInt(cols).put(pixels);
        return buf.array();
    }

    static byte[] idxLabels(int[] labels) {
        ByteBuffer buf = ByteBuffer.allocate(8 + labels.length);
        buf.putInt(0x00000801).putInt(labels.length);
        for (int l : labels) {
            buf.put((byte) l);
        }
        return buf.array();
    }

    static Path write(Path file, byte[] content) throws IOException {
        Files.createDirectories(file.getParent());
        if (file.getFileName().toString().endsWith(".gz")) {
            try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
                out.write(content);
            }
        } else {
            Files.write(file, content);
        }
        return file;
    }

    /** CIFAR records: label bytes followed by 3072 pixel bytes each. */
    static byte[] cifarRecords(int[][] labelBytes, byte[] pixels) {
        int n = labelBytes.length;
        int lb = labelBytes[0].length;
        ByteBuffer buf = ByteBuffer.allocate(n * (lb + 3072));
        for (int i = 0; i < n; i++) {
            for (int l : labelBytes[i]) {
                buf.put((byte) l);
            }
            buf.put(pixels, i * 3072, 3072);
        }
        return buf.array();
    }

    /** A directory with a tiny MNIST-style split set: 6 train and 4 test images of 3×2 (rows×cols). */
    static void writeTinyIdxDir(Path dir, boolean gz) throws IOException {
        String ext = gz ? ".gz" : "";
        write(dir.resolve("train-images-idx3-ubyte" + ext), idxImages(6, 3, 2, randomBytes(36, 1)));
        write(dir.resolve("train-labels-idx1-ubyte" + ext), idxLabels(new int[] {0, 1, 2, 9, 5, 5}));
        write(dir.resolve("t10k-images-idx3-ubyte" + ext), idxImages(4, 3, 2, randomBytes(24, 2)));
        write(dir.resolve("t10k-labels-idx1-ubyte" + ext), idxLabels(new int[] {3, 3, 7, 0}));
    }
}
