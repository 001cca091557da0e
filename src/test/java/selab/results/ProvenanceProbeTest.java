package selab.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProvenanceProbeTest {
    private static final Clock T0 = Clock.fixed(Instant.parse("2024-01-02T03:04:05Z"), ZoneOffset.UTC);

    @TempDir
    Path repo;

    @Test
    void recordsCommitDirtinessVersionsAndTimes() throws Exception {
        git("init", "-q", "-b", "main");
        Files.writeString(repo.resolve("a.txt"), "one");
        git("add", "a.txt");
        git("-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-m", "first");
        // Independent of `git rev-parse`: the branch file holds the commit hash.
        String head = Files.readString(repo.resolve(".git/refs/heads/main")).trim();

        Provenance clean = ProvenanceProbe.capture("cpu", 2, repo, T0);
        assertEquals(head, clean.gitCommit());
        assertEquals(40, clean.gitCommit().length());
        assertFalse(clean.gitDirty());
        assertEquals("cpu", clean.device());
        assertEquals(2, clean.threads());
        assertEquals("2024-01-02T03:04:05Z", clean.startedAt());
        assertNull(clean.finishedAt());
        assertEquals("0.35.1", clean.djlVersion()); // the pom's djl.version
        assertEquals("2.7.1", clean.pytorchVersion()); // the pom's pytorch.version
        assertEquals(System.getProperty("java.version"), clean.javaVersion());
        assertFalse(clean.host().isBlank());

        Files.writeString(repo.resolve("untracked.txt"), "new");
        assertFalse(ProvenanceProbe.capture("cpu", 2, repo, T0).gitDirty(), "untracked files do not count");
        Files.writeString(repo.resolve("a.txt"), "two");
        assertTrue(ProvenanceProbe.capture("cpu", 2, repo, T0).gitDirty(), "a modified tracked file does");

        Provenance done = ProvenanceProbe.finished(clean,
                Clock.fixed(Instant.parse("2024-01-02T05:00:00Z"), ZoneOffset.UTC));
        assertEquals("2024-01-02T05:00:00Z", done.finishedAt());
        assertEquals("2024-01-02T03:04:05Z", done.startedAt());
    }

    @Test
    void outsideAGitRepositoryTheCommitIsUnknown() throws IOException {
        Path plain = Files.createDirectories(repo.resolve("not-a-repo"));
        // JUnit's temp dir lies outside any repository.
        Provenance p = ProvenanceProbe.capture("cpu", 1, plain, T0);
        assertEquals("unknown", p.gitCommit());
        assertFalse(p.gitDirty());
    }

    private void git(String... args) throws Exception {
        String[] command = new String[args.length + 1];
        command[0] = "git";
        System.arraycopy(args, 0, command, 1, args.length);
        Process p = new ProcessBuilder(command).directory(repo.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), "git " + String.join(" ", args) + ": " + out);
    }
}
