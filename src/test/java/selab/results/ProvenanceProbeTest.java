package selab.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ProvenanceProbeTest {
    private static final Clock T0 = Clock.fixed(Instant.parse("2024-01-02T03:04:05Z"), ZoneOffset.UTC);
    private static final String COMMIT = "0123456789abcdef0123456789abcdef01234567";

    @Test
    void recordsTheBuildsCommitVersionsCpuAndTimes() {
        Provenance p = ProvenanceProbe.capture("cpu", 2, new BuildStamp(COMMIT, false, "c0de"), T0);
        assertEquals(COMMIT, p.gitCommit());
        assertFalse(p.gitDirty());
        assertEquals("cpu", p.device());
        assertEquals(2, p.threads());
        assertEquals("2024-01-02T03:04:05Z", p.startedAt());
        assertNull(p.finishedAt());
        assertEquals("0.35.1", p.djlVersion()); // the pom's djl.version
        assertEquals("2.7.1", p.pytorchVersion()); // the pom's pytorch.version
        assertEquals(System.getProperty("java.version"), p.javaVersion());
        assertFalse(p.host().isBlank());
        assertTrue(p.cpu().contains("family"), p.cpu());

        Provenance done = ProvenanceProbe.finished(p, Clock.fixed(Instant.parse("2024-01-02T05:00:00Z"), ZoneOffset.UTC));
        assertEquals("2024-01-02T05:00:00Z", done.finishedAt());
        assertEquals("2024-01-02T03:04:05Z", done.startedAt());
        assertEquals(p.cpu(), done.cpu());
    }

    @Test
    void buildPropertiesAreReadAndAnUnfilledOrUnknownStampCountsAsDirty() throws Exception {
        assertEquals(new BuildStamp(COMMIT, false, "h"), BuildStamp.fromProperties(props("commit=" + COMMIT + "\ndirty=false\n"), "h"));
        assertEquals(new BuildStamp(COMMIT, true, "h"), BuildStamp.fromProperties(props("commit=" + COMMIT + "\ndirty=true\n"), "h"));
        // git missing at build time: Ant leaves the property reference in place.
        BuildStamp unfilled = BuildStamp.fromProperties(props("commit=${selab.git.commit}\ndirty=false\n"), "h");
        assertEquals(ProvenanceProbe.UNKNOWN, unfilled.commit());
        assertTrue(unfilled.dirty());
        assertTrue(BuildStamp.fromProperties(new Properties(), "h").dirty());
    }

    /** The stamp on the class path was made by this checkout's build: same commit as `git rev-parse HEAD`. */
    @Test
    void theCurrentBuildIsStampedWithThisCheckoutsCommit() throws Exception {
        Process git = new ProcessBuilder("git", "rev-parse", "HEAD").directory(Path.of("").toAbsolutePath().toFile())
                .redirectErrorStream(true).start();
        String head = new String(git.getInputStream().readAllBytes()).trim();
        assertTrue(git.waitFor(30, TimeUnit.SECONDS));
        BuildStamp b = BuildStamp.current();
        if (git.exitValue() == 0) {
            assertEquals(head, b.commit());
        }
        assertEquals(64, b.code().length());
        assertNotEquals(Fingerprint.hash(""), b.code(), "the training packages' classes were found and hashed");
    }

    private static Properties props(String text) throws Exception {
        Properties p = new Properties();
        p.load(new StringReader(text));
        return p;
    }
}
