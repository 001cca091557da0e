package selab.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Replaces files' content all at once: the bytes go to a temp file in the same directory, are
 * fsync'ed, and the temp file is renamed over the target. A crash at any point leaves either the old
 * file or the new one, never a half-written one; at worst a stray {@code .*.tmp} file remains, which
 * readers ignore because they only open the exact target names.
 */
public final class AtomicFiles {
    /** Suffix of temp files (named .<target>.<random>.tmp), so readers and cleaners can recognise them. */
    static final String TEMP_SUFFIX = ".tmp";

    private AtomicFiles() {}

    /** Writes {@code content} to a temp file stream; may throw to abort without touching the target. */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    /** Whether {@code file} is the temp file of a write that never finished (a crash between staging and rename). */
    public static boolean isTemp(Path file) {
        String name = file.getFileName().toString();
        return name.startsWith(".") && name.endsWith(TEMP_SUFFIX);
    }

    public static void write(Path target, byte[] bytes) throws IOException {
        write(target, out -> out.write(bytes));
    }

    public static void write(Path target, Content content) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Path temp = stage(dir, target.getFileName().toString(), content);
        try {
            replace(temp, target);
            syncDirectory(dir);
        } finally {
            Files.deleteIfExists(temp); // no-op once moved
        }
    }

    /**
     * Writes a set of files (name to bytes) into {@code dir}: all are staged first, and only when every
     * one is on disk are they renamed over the old ones. A failure while staging leaves every old file
     * as it was. Returns the written paths in the map's order.
     */
    public static List<Path> writeAll(Path dir, Map<String, byte[]> contents) throws IOException {
        Map<Path, Path> staged = new LinkedHashMap<>();
        try {
            for (Map.Entry<String, byte[]> e : contents.entrySet()) {
                byte[] bytes = e.getValue();
                staged.put(stage(dir, e.getKey(), out -> out.write(bytes)), dir.resolve(e.getKey()));
            }
            List<Path> written = new ArrayList<>();
            for (Map.Entry<Path, Path> e : staged.entrySet()) {
                replace(e.getKey(), e.getValue());
                written.add(e.getValue());
            }
            syncDirectory(dir.toAbsolutePath());
            return written;
        } finally {
            for (Path temp : staged.keySet()) {
                Files.deleteIfExists(temp); // no-op for moved files
            }
        }
    }

    /** Writes a durable, world-readable temp sibling of {@code name} in {@code dir}. */
    private static Path stage(Path dir, String name, Content content) throws IOException {
        Files.createDirectories(dir);
        Path temp = Files.createTempFile(dir, "." + name + ".", TEMP_SUFFIX);
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE);
                    OutputStream out = Channels.newOutputStream(channel)) {
                content.writeTo(out);
                out.flush();
                channel.force(true);
            }
            readableByAll(temp); // createTempFile makes owner-only files; records and reports are shared
            return temp;
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
    }

    private static void replace(Path temp, Path target) throws IOException {
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("File system of " + target.toAbsolutePath().getParent()
                    + " cannot rename atomically; selab's records and reports need it", e);
        }
    }

    private static void readableByAll(Path p) throws IOException {
        try {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-r--r--"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: keep its default permissions
        }
    }

    /** Makes the rename itself durable. Some platforms cannot open a directory; the rename is still atomic. */
    private static void syncDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException ignored) {
            // Not supported here (e.g. Windows); durability of the rename is then up to the OS.
        }
    }
}
