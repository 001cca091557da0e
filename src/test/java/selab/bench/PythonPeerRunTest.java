package selab.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** A short real training run and a matmul run through the peer script. */
@Tag("python")
class PythonPeerRunTest {

    private static PythonPeer peer;

    @BeforeAll
    static void requireTorch() {
        peer = PythonPeer.fromEnvironment();
        PythonPeer.Attempt<String> probe = peer.probe();
        Assumptions.assumeTrue(probe.availability().isAvailable(),
                "python peer unavailable: " + probe.availability().reason());
    }

    @Test
    void twoStepTrainingRunReportsThroughput() {
        PeerRequest request = PeerRequest.defaults().withBatch(8).withThreads(1).withSteps(1, 2);
        PythonPeer.Attempt<PeerResult> run = peer.train(request);

        assertTrue(run.result().isPresent(), run.availability().reason());
        PeerResult r = run.result().get();
        assertEquals(8, r.batch());
        assertEquals(1, r.threads());
        assertEquals(272_186L, r.params()); // hand count, see PythonPeerParamCountTest
        assertTrue(r.medianStepSeconds() > 0, "median step " + r.medianStepSeconds());
        assertTrue(r.imagesPerSecond() > 0, "images/s " + r.imagesPerSecond());
        assertEquals(8 / r.medianStepSeconds(), r.imagesPerSecond(), 1e-6 * r.imagesPerSecond());
        assertTrue(!r.torchVersion().isBlank());
    }

    @Test
    void breakdownModeTimesEachPhase() {
        PeerRequest request = PeerRequest.defaults().withBatch(8).withThreads(1).withSteps(1, 2);
        PythonPeer.Attempt<StepPhases> run = peer.trainPhases(request);

        assertTrue(run.result().isPresent(), run.availability().reason());
        StepPhases p = run.result().get();
        assertEquals(0.0, p.gather()); // the peer's batch is resident
        assertTrue(p.forward() > 0 && p.backward() > 0 && p.optimizer() > 0, p.toString());
    }

    @Test
    void matmulModeReportsPositiveGflops() {
        PythonPeer.Attempt<Double> g = peer.matmulGflops(256, 1);
        assertTrue(g.result().isPresent(), g.availability().reason());
        assertTrue(g.result().get() > 0 && g.result().get() < 1e6, "GFLOP/s " + g.result().get());
    }
}
