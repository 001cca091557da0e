package selab.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class ProfilerTest {

    private static ModelConfig resnet50(SeConfig se) {
        return new ModelConfig("resnet-50", se, 1.0);
    }

    @Test
    void resNet50HasTorchvisionParameterCountAndPaperMultiplyAdds() {
        Profile p = Profiler.profile(resnet50(null), Geometry.IMAGENET);
        // torchvision resnet50 (v1 and v1.5 share parameters): 25,557,032.
        assertEquals(25_557_032L, p.params());
        // Original v1 (stride on the first 1x1 conv): 3.858 G multiply-adds at 224x224.
        assertEquals(3_857_973_248L, p.macs());
        assertEquals(0L, p.seElementwise());
    }

    @Test
    void seResNet50HasPaperParameterCount() {
        // (2/16) * sum N_s C_s^2 with N = 3,4,6,3 and C = 256..2048 = 2,514,944 SE weights.
        assertEquals(28_071_976L, Profiler.profile(resnet50(SeConfig.paperDefault()), Geometry.IMAGENET).params());
        SeConfig withBias = new SeConfig(16, Squeeze.AVG, Gate.SIGMOID, Placement.STANDARD, null, true);
        assertEquals(28_088_024L, Profiler.profile(resnet50(withBias), Geometry.IMAGENET).params());
    }
}
