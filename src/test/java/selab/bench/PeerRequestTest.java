package selab.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import selab.model.Gate;
import selab.model.Geometry;
import selab.model.ModelConfig;
import selab.model.Placement;
import selab.model.SeConfig;
import selab.model.Squeeze;

class PeerRequestTest {

    @Test
    void seResNet32OnCifarBecomesTheScriptArguments() {
        ModelConfig model = new ModelConfig("resnet-32", SeConfig.paperDefault().withStages(List.of(2, 3, 4)), 0.5);
        PeerRequest r = PeerRequest.forModel(model, Geometry.CIFAR10, 64, 2, 1, 3);
        assertEquals(List.of("--depth", "32", "--width", "0.5", "--se", "--ratio", "16", "--batch", "64",
                "--channels", "3", "--size", "32", "--classes", "10", "--threads", "2", "--warmup", "1",
                "--steps", "3", "--lr", "0.1", "--momentum", "0.9", "--wd", "5.0E-4"), r.scriptArgs());
    }

    @Test
    void plainModelPassesNoSe() {
        PeerRequest r = PeerRequest.forModel(new ModelConfig("resnet-20", null, 1.0), Geometry.FASHION_MNIST,
                128, 2, 5, 20);
        assertTrue(r.scriptArgs().contains("--no-se"));
    }

    @Test
    void imageNetResNetIsRejectedWithAllowedValues() {
        var e = assertThrows(IllegalArgumentException.class, () -> PeerRequest.forModel(
                new ModelConfig("resnet-50", null, 1.0), Geometry.CIFAR10, 8, 1, 0, 1));
        assertTrue(e.getMessage().contains("resnet-50") && e.getMessage().contains("resnet-110"), e.getMessage());
    }

    @Test
    void unsupportedSeVariantIsRejectedByField() {
        SeConfig tanh = new SeConfig(16, Squeeze.AVG, Gate.TANH, Placement.STANDARD, null, false);
        var e = assertThrows(IllegalArgumentException.class, () -> PeerRequest.forModel(
                new ModelConfig("resnet-20", tanh, 1.0), Geometry.CIFAR10, 8, 1, 0, 1));
        assertTrue(e.getMessage().contains("model.se.gate") && e.getMessage().contains("sigmoid"), e.getMessage());
    }

    @Test
    void badDepthIsRejected() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> new PeerRequest(21, 1, false, 16, 8, 1, 28, 10, 1, 0, 1, 0.1, 0.9, 0));
        assertTrue(e.getMessage().contains("21"), e.getMessage());
    }
}
