package selab.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The SE blocks of SE-ResNet-50 add (2/r) * sum_s N_s * C_s^2 weights (paper Section 7.1 / Table 10),
 * plus C/r + C biases per block when the FC layers have biases.
 */
class SeParameterFormulaTest {

    private static final int[] UNITS = {3, 4, 6, 3};
    private static final int[] CHANNELS = {256, 512, 1024, 2048};

    /** Expected increase derived from the paper's formula, with hidden width max(1, C/r) as integer division. */
    static long expectedIncrease(int r, List<Integer> stages, boolean bias) {
        long total = 0;
        for (int s = 0; s < 4; s++) {
            if (!stages.contains(s + 2)) {
                continue;
            }
            long c = CHANNELS[s];
            long hidden = Math.max(1, c / r);
            total += UNITS[s] * (2 * c * hidden + (bias ? hidden + c : 0));
        }
        return total;
    }

    private static final long RESNET50 = 25_557_032L;

    @Test
    void everyRatioFrom2To32MatchesTheFormula() {
        for (int r = 2; r <= 32; r++) {
            boolean bias = r % 2 == 1; // alternate, so both bias settings are covered across ratios
            SeConfig se = new SeConfig(r, Squeeze.AVG, Gate.SIGMOID, Placement.STANDARD, null, bias);
            long params = Profiler.profile(new ModelConfig("resnet-50", se, 1.0), Geometry.IMAGENET).params();
            assertEquals(RESNET50 + expectedIncrease(r, List.of(2, 3, 4, 5), bias), params, "r=" + r);
        }
    }

    @Test
    void everyStageSubsetMatchesTheFormula() {
        for (int mask = 1; mask < 16; mask++) {
            List<Integer> stages = new ArrayList<>();
            for (int s = 0; s < 4; s++) {
                if ((mask & (1 << s)) != 0) {
                    stages.add(s + 2);
                }
            }
            int r = new int[] {2, 4, 8, 16, 32}[mask % 5];
            SeConfig se = new SeConfig(r, Squeeze.MAX, Gate.TANH, Placement.STANDARD, stages, false);
            long params = Profiler.profile(new ModelConfig("resnet-50", se, 1.0), Geometry.IMAGENET).params();
            assertEquals(RESNET50 + expectedIncrease(r, stages, false), params, "stages=" + stages + " r=" + r);
        }
    }

    @Test
    void minHiddenWidensNarrowBottlenecksOnlyUpToTheChannelCount() {
        // ResNet-20: 3 units in each of stages 2-4 with 16/32/64 channels; SE adds 2*C*h weights per unit.
        Geometry g = new Geometry(1, 28, 10);
        long plain = Profiler.profile(new ModelConfig("resnet-20", null, 1.0), g).params();
        int[][] cases = { // {min_hidden (0 = null), h at C=16, h at C=32, h at C=64} with r = 16
            {0, 1, 2, 4}, {1, 1, 2, 4}, {3, 3, 3, 4}, {8, 8, 8, 8}, {20, 16, 20, 20}, {100, 16, 32, 64}};
        for (int[] c : cases) {
            Integer min = c[0] == 0 ? null : c[0];
            SeConfig se = new SeConfig(16, Squeeze.AVG, Gate.SIGMOID, Placement.STANDARD, null, false, min);
            long expected = 3L * 2 * (16L * c[1] + 32L * c[2] + 64L * c[3]);
            assertEquals(expected, Profiler.profile(new ModelConfig("resnet-20", se, 1.0), g).params() - plain,
                    "min_hidden=" + min);
        }
    }
}
