package selab.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The suite page over ReporterTest's synthetic Table 10; expected numbers are worked out by hand. */
class SummaryWriterTest {

    private static final String MD = SummaryWriter.write(List.of(new Reporter().build(ReporterTest.input(null))));

    /** Cells of the first Markdown table row whose first cell is {@code first}, after {@code heading}. */
    private static List<String> row(String heading, String first) {
        String section = MD.substring(MD.indexOf(heading));
        for (String line : section.split("\n")) {
            if (line.startsWith("| " + first + " |")) {
                String[] cells = line.substring(2, line.length() - 2).split(" \\| ", -1);
                return Arrays.asList(cells);
            }
        }
        throw new AssertionError("no row '" + first + "' after '" + heading + "' in\n" + MD);
    }

    @Test
    void experimentRowCountsDistinctRunsAndLinksTheReport() {
        // 4 variants x 3 seeds planned; done: r16 x3, r4 x2, original x3 = 8 (r4 seed 3 failed, r8 running)
        assertEquals(List.of("`exp`", "fashion-mnist", "10000 / 2000", "10", "1, 2, 3", "8 / 12",
                "[exp/README.md](exp/README.md)"), row("## Experiments", "`exp`"));
    }

    @Test
    void topOneErrorsAgainstTheBaselineWithPairedTests() {
        // r16: 10, 11, 12 -> 11.00 ± 1.00; paired with original (12, 13, 14): every difference is -2, zero
        // variance, so no p-value
        assertEquals(List.of("SE, r=16", "3", "11.00 ± 1.00", "-2.00"), row("## Top-1 error", "SE, r=16").subList(0, 4));
        // r4: 10.5, 11.2 -> 10.85 ± 0.49; paired over seeds 1, 2: differences -1.5, -1.8, mean -1.65,
        // s = 0.2121, t = -11.0 with 1 df: p = 1 - 2/pi * atan(11) = 0.0577 -> not significant
        assertEquals(List.of("r4", "2", "10.85 ± 0.49", "-1.65 (p 0.058, n.s.)"), row("## Top-1 error", "r4")
                .subList(0, 4));
        assertEquals(List.of("r8", "0", "missing", "–"), row("## Top-1 error", "r8").subList(0, 4));
        assertEquals(List.of("ResNet-50", "3", "13.00 ± 1.00", "(baseline)"), row("## Top-1 error", "ResNet-50")
                .subList(0, 4));
    }

    @Test
    void paperColumnIsCitedAndMarked() {
        // paper Table 10: r=4 22.25, r=16 22.28, ResNet-50 23.30 (rows name the paper's rows)
        assertEquals("22.25", row("## Top-1 error", "r4").get(4));
        assertEquals("22.28", row("## Top-1 error", "SE, r=16").get(4));
        assertEquals("23.30", row("## Top-1 error", "ResNet-50").get(4));
        assertTrue(MD.contains(HeaderBlock.PAPER_NOTE), MD);
        assertTrue(MD.contains("*paper* top-1 err"), MD);
    }

    @Test
    void everyClaimWithItsVerdict() {
        List<String> order = row("## Claims", "10");
        assertEquals("SE beats the plain ResNet", order.get(1));
        assertEquals("[exp/table10.md](exp/table10.md)", order.get(4));
        assertTrue(MD.contains("| r=4 and r=16 perform alike |"), MD);
    }
}
