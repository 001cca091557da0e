package selab.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {

    @TempDir
    Path dir;

    @Test
    void writeAllReplacesEveryFileAndLeavesNoTemps() throws IOException {
        Files.writeString(dir.resolve("a.md"), "old a");
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("a.md", bytes("new a"));
        files.put("b.csv", bytes("new b"));
        List<Path> written = AtomicFiles.writeAll(dir, files);
        assertEquals(List.of(dir.resolve("a.md"), dir.resolve("b.csv")), written);
        assertEquals("new a", Files.readString(dir.resolve("a.md")));
        assertEquals("new b", Files.readString(dir.resolve("b.csv")));
        assertEquals(List.of("a.md", "b.csv"), names());
    }

    @Test
    void aFailureWhileStagingLeavesTheOldFilesUntouched() throws IOException {
        Files.writeString(dir.resolve("a.md"), "old a");
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("a.md", bytes("new a"));
        files.put("sub/b.csv", bytes("new b")); // staged after a.md; not a plain name, so staging it fails
        assertThrows(IllegalArgumentException.class, () -> AtomicFiles.writeAll(dir, files));
        assertEquals("old a", Files.readString(dir.resolve("a.md")));
        assertEquals(List.of("a.md"), names(), "staged temp files are removed");
    }

    @Test
    void aFailingWriterLeavesTheOldFileAndNoTemp() throws IOException {
        Path target = dir.resolve("run.json");
        Files.writeString(target, "old");
        assertThrows(IOException.class, () -> AtomicFiles.write(target, out -> {
            out.write(bytes("half"));
            throw new IOException("disk full");
        }));
        assertEquals("old", Files.readString(target));
        assertEquals(List.of("run.json"), names());
    }

    @Test
    void writtenFilesAreReadableByEveryone() throws IOException {
        Path target = dir.resolve("run.json");
        AtomicFiles.write(target, bytes("{}"));
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(target)));
    }

    private List<String> names() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
