package selab.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import selab.io.BadInputException;

class PaperTablesTest {
    private final PaperTables paper = PaperTables.load();

    @Test
    void readsPrintedValuesOfTheAblationTables() {
        // Expected values copied by hand from the paper (Tables 10, 13, 16).
        PaperTables.PaperRow r16 = paper.find(10, "r=16").orElseThrow();
        assertEquals(22.28, r16.top1Err(), 0);
        assertEquals(6.03, r16.top5Err(), 0);
        assertEquals(28.1, r16.paramsM(), 0);
        assertNull(r16.gflops());
        assertEquals(4.27, paper.find(16, "NoSqueeze").orElseThrow().gflops(), 0);
        assertEquals(26.4, paper.find(13, "SE_Stage_4").orElseThrow().paramsM(), 0);
        assertEquals(24.80, paper.find(2, "ResNet-50").orElseThrow().top1Err(), 0);
        assertTrue(paper.find(10, "r=64").isEmpty());
    }

    @Test
    void unknownPaperRowNamesTheTableAndTheAllowedRows() {
        BadInputException e = assertThrows(BadInputException.class, () -> paper.require(12, "gelu", "table 'gates'"));
        assertTrue(e.getMessage().contains("gelu"), e.getMessage());
        assertTrue(e.getMessage().contains("table 12"), e.getMessage());
        assertTrue(e.getMessage().contains("relu, tanh, sigmoid"), e.getMessage());
    }

    @Test
    void readsCifarReferencesAndStatesTheSource() {
        assertEquals(9, paper.cifarReferences().size());
        PaperTables.CifarReference first = paper.cifarReferences().get(0);
        assertEquals("ResNet-110", first.model());
        assertEquals(6.37, first.baselineErr(), 0);
        assertEquals(5.21, first.seErr(), 0);
        assertTrue(PaperTables.SOURCE.contains("arXiv:1709.01507v4"));
        assertTrue(PaperTables.SOURCE.contains("single 224"));
    }
}
