package selab.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A missing or broken peer yields an empty result with a reason, never an exception. Needs no torch. */
class PythonPeerFailureTest {

    @TempDir
    Path dir;

    private Path fakePython(String body) throws IOException {
        Path exe = dir.resolve("fake-python");
        Files.writeString(exe, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(exe, PosixFilePermissions.fromString("rwx------"));
        return exe;
    }

    @Test
    void missingPythonIsReported() {
        PythonPeer peer = new PythonPeer(dir.resolve("no-such-python").toString(), Duration.ofSeconds(10));
        PythonPeer.Attempt<PeerResult> run = peer.train(PeerRequest.defaults());
        assertFalse(run.result().isPresent());
        assertEquals(PythonPeer.Status.PYTHON_MISSING, run.availability().status());
        assertTrue(run.availability().reason().contains("no-such-python"), run.availability().reason());
        assertTrue(run.availability().reason().contains("SELAB_PYTHON"), run.availability().reason());
    }

    @Test
    void pythonWithoutTorchIsReported() throws IOException {
        Path exe = fakePython("echo \"ModuleNotFoundError: No module named 'torch'\" >&2; exit 1");
        PythonPeer.Attempt<Long> run = new PythonPeer(exe.toString(), Duration.ofSeconds(10))
                .countParams(PeerRequest.defaults());
        assertFalse(run.result().isPresent());
        assertEquals(PythonPeer.Status.TORCH_MISSING, run.availability().status());
        assertTrue(run.availability().reason().contains("No module named 'torch'"), run.availability().reason());
    }

    @Test
    void failingScriptReportsExitStatusAndStderrTailOnly() throws IOException {
        // 40 stderr lines; the reason keeps the last 15 (line26..line40), not the early ones.
        Path exe = fakePython("for i in $(seq 1 40); do echo line$i >&2; done; exit 3");
        PythonPeer.Attempt<PeerResult> run = new PythonPeer(exe.toString(), Duration.ofSeconds(10))
                .train(PeerRequest.defaults());
        assertFalse(run.result().isPresent());
        assertEquals(PythonPeer.Status.SCRIPT_FAILED, run.availability().status());
        String reason = run.availability().reason();
        assertTrue(reason.contains("status 3"), reason);
        assertTrue(reason.contains("line40") && reason.contains("line26"), reason);
        assertFalse(reason.contains("line25"), reason);
    }

    @Test
    void nonJsonOutputIsReported() throws IOException {
        Path exe = fakePython("echo hello; exit 0");
        PythonPeer.Attempt<PeerResult> run = new PythonPeer(exe.toString(), Duration.ofSeconds(10))
                .train(PeerRequest.defaults());
        assertFalse(run.result().isPresent());
        assertEquals(PythonPeer.Status.SCRIPT_FAILED, run.availability().status());
        assertTrue(run.availability().reason().contains("hello"), run.availability().reason());
    }

    @Test
    void jsonMissingAFieldIsReportedByName() throws IOException {
        Path exe = fakePython("echo '{\"framework\": \"pytorch\", \"batch\": 8}'; exit 0");
        PythonPeer.Attempt<PeerResult> run = new PythonPeer(exe.toString(), Duration.ofSeconds(10))
                .train(PeerRequest.defaults());
        assertEquals(PythonPeer.Status.SCRIPT_FAILED, run.availability().status());
        assertTrue(run.availability().reason().contains("torch_version"), run.availability().reason());
    }

    @Test
    void hangingPeerIsKilledAtTimeout() throws IOException {
        Path exe = fakePython("exec sleep 30");
        long t0 = System.nanoTime();
        PythonPeer.Attempt<PeerResult> run = new PythonPeer(exe.toString(), Duration.ofMillis(500))
                .train(PeerRequest.defaults());
        assertTrue((System.nanoTime() - t0) / 1e9 < 10, "should not wait for the 30 s sleep");
        assertEquals(PythonPeer.Status.SCRIPT_FAILED, run.availability().status());
        assertTrue(run.availability().reason().contains("timeout"), run.availability().reason());
    }

    @Test
    void threadCountReachesThePeerEnvironment() throws IOException {
        // The fake peer echoes its OMP/MKL thread variables back as the JSON the real script prints.
        Path exe = fakePython("echo \"{\\\"torch_version\\\": \\\"fake\\\", \\\"threads\\\": $OMP_NUM_THREADS,"
                + " \\\"batch\\\": $MKL_NUM_THREADS, \\\"params\\\": 1, \\\"median_step_s\\\": 0.5,"
                + " \\\"images_per_s\\\": 2.0}\"");
        PythonPeer.Attempt<PeerResult> run = new PythonPeer(exe.toString(), Duration.ofSeconds(10))
                .train(PeerRequest.defaults().withThreads(3));
        assertTrue(run.result().isPresent(), run.availability().reason());
        assertEquals(new PeerResult("fake", 3, 3, 1, 0.5, 2.0), run.result().get());
    }
}
