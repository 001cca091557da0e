package selab.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The architecture registry: names, depths and stages as He et al. define the family. */
class ArchitectureTest {

    @Test
    void eachNameStatesTheDepthItsUnitsGive() {
        // Depth = stem conv + 2 (basic) or 3 (bottleneck) convs per unit + classifier (He et al. 2016, Table 1 / Sec. 4.2).
        for (Architecture a : Architecture.values()) {
            int units = 0;
            for (int u : a.unitsPerStage()) {
                units += u;
            }
            int depth = 1 + units * (a.bottleneck() ? 3 : 2) + 1;
            assertEquals("resnet-" + depth, a.key(), a.name());
            assertEquals(depth, a.depth());
        }
    }

    @Test
    void cifarNetsAreSixNPlusTwoWithThreeStagesImageNetNetsHaveFour() {
        for (Architecture a : Architecture.values()) {
            assertEquals(a.bottleneck() ? List.of(2, 3, 4, 5) : List.of(2, 3, 4), a.stages(), a.key());
            if (!a.bottleneck()) {
                assertEquals(0, (a.depth() - 2) % 6, a.key());
            }
        }
    }

    @Test
    void unknownNameListsTheAllowedOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Architecture.of("resnet-18"));
        assertTrue(e.getMessage().contains("'resnet-18'")
                && e.getMessage().contains("resnet-20|resnet-32|resnet-44|resnet-56|resnet-110|resnet-50|resnet-101|resnet-152"),
                e.getMessage());
    }
}
