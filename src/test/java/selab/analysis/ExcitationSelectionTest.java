package selab.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import selab.io.BadInputException;

/** Which blocks and classes the figure shows by default, and clear errors for bad choices. */
class ExcitationSelectionTest {

    private static List<String> labels(int[] stages, int[] units) {
        List<String> out = new ArrayList<>();
        for (int s = 0; s < stages.length; s++) {
            for (int u = 1; u <= units[s]; u++) {
                out.add("SE_" + stages[s] + "_" + u);
            }
        }
        return out;
    }

    @Test
    void defaultsAreEarlyMiddleAndLastBlocks() {
        assertEquals(List.of("SE_2_1", "SE_3_3", "SE_4_3"),
                ExcitationAnalysis.defaultBlocks(labels(new int[] {2, 3, 4}, new int[] {3, 3, 3})));
        // ResNet-50: stages 2-5 with 3,4,6,3 units; the middle of four stages is the second (paper's SE_3_4)
        assertEquals(List.of("SE_2_1", "SE_3_4", "SE_5_3"),
                ExcitationAnalysis.defaultBlocks(labels(new int[] {2, 3, 4, 5}, new int[] {3, 4, 6, 3})));
        // SE only in stage 4: first and last of that stage, the repeat collapses
        assertEquals(List.of("SE_4_1", "SE_4_3"), ExcitationAnalysis.defaultBlocks(labels(new int[] {4}, new int[] {3})));
        assertEquals(List.of("SE_3_1", "SE_3_3", "SE_4_3"),
                ExcitationAnalysis.defaultBlocks(labels(new int[] {3, 4}, new int[] {3, 3})));
    }

    @Test
    void requestedBlocksAreCheckedAndKeptInOrder() {
        List<String> available = labels(new int[] {2, 3, 4}, new int[] {3, 3, 3});
        assertEquals(List.of("SE_4_2", "SE_2_2"),
                ExcitationAnalysis.resolveBlocks(List.of("SE_4_2", " SE_2_2", "SE_4_2"), available));
        assertEquals(List.of("SE_2_1", "SE_3_3", "SE_4_3"), ExcitationAnalysis.resolveBlocks(null, available));
        BadInputException bad = assertThrows(BadInputException.class,
                () -> ExcitationAnalysis.resolveBlocks(List.of("SE_5_1"), available));
        assertTrue(bad.getMessage().contains("'SE_5_1'") && bad.getMessage().contains("SE_2_1,SE_2_2"), bad.getMessage());
    }

    @Test
    void requestedClassesAreChecked() {
        assertEquals(List.of(0, 1, 2, 3), ExcitationAnalysis.resolveClasses(null, 10));
        assertEquals(List.of(0, 1), ExcitationAnalysis.resolveClasses(List.of(), 2));
        assertEquals(List.of(7, 2), ExcitationAnalysis.resolveClasses(List.of(7, 2, 7), 10));
        BadInputException bad = assertThrows(BadInputException.class,
                () -> ExcitationAnalysis.resolveClasses(List.of(3, 10), 10));
        assertTrue(bad.getMessage().contains("class 10") && bad.getMessage().contains("0..9"), bad.getMessage());
    }
}
