package selab.report;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a set of finished files: every file goes to a temporary sibling first, and only when all temp
 * files are written are they moved over the old ones. A failure before the moves leaves every old file
 * as it was; each move replaces one file atomically, so no reader sees half a file.
 */
final class AtomicFiles {
    private AtomicFiles() {}

    static List<Path> write(Path dir, Map<String, byte[]> contents) throws IOException {
        Files.createDirectories(dir);
        Map<Path, Path> staged = new LinkedHashMap<>();
        try {
            for (Map.Entry<String, byte[]> e : contents.entrySet()) {
                Path target = dir.resolve(e.getKey());
                Path tmp = Files.createTempFile(dir, "." + e.getKey() + ".", ".tmp");
                staged.put(tmp, target);
                Files.write(tmp, e.getValue());
                readableByAll(tmp); // createTempFile makes owner-only files; reports are for everyone
            }
            List<Path> written = new ArrayList<>();
            for (Map.Entry<Path, Path> e : staged.entrySet()) {
                move(e.getKey(), e.getValue());
                written.add(e.getValue());
            }
            return written;
        } finally {
            for (Path tmp : staged.keySet()) {
                Files.deleteIfExists(tmp); // no-op for moved files
            }
        }
    }

    private static void readableByAll(Path p) throws IOException {
        try {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-r--r--"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: keep its default permissions
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
