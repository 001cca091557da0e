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
        return row(MD, heading, first);
    }

    private static List<String> row(String md, String heading, String first) {
        String section = md.substring(md.indexOf(heading));
        for (String line : section.split("\n")) {
            if (line.startsWith("| " + first + " |")) {
                String[] cells = line.substring(2, line.length() - 2).split(" \\| ", -1);
                return Arrays.asList(cells);
            }
        }
        throw new AssertionError("no row '" + first + "' after '" + heading + "' in\n" + md);
    }

    @Test
    void experimentRowCountsDistinctRunsAndLinksTheReport() {
        // 4 variants x 3 seeds planned; done: r16 x3, r4 x2, original x3 = 8 (r4 seed 3 failed, r8 running)
        // training time: the 8 done runs' records say 100 s each = 800 s = 13.3 min (failed and running not counted)
        assertEquals(List.of("`exp`", "fashion-mnist", "10000 / 2000", "10", "1, 2, 3", "8 / 12", "13 min",
                "[exp/README.md](exp/README.md)"), row("## Experiments", "`exp`"));
    }

    @Test
    void trainingTimeReadsInMinutesUnderAnHourElseInHours() {
        assertEquals("0 min", SummaryWriter.duration(0));
        assertEquals("< 1 min", SummaryWriter.duration(12));
        assertEquals("59 min", SummaryWriter.duration(3569));
        assertEquals("1.0 h", SummaryWriter.duration(3599)); // not "60 min"
        assertEquals("1.0 h", SummaryWriter.duration(3600));
        assertEquals("8.5 h", SummaryWriter.duration(8.5 * 3600 + 100));
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

    @Test
    void crossCheckedRowsAndTrendsAreOnTheSummaryPage() {
        // Cross-checks: CrossCheckTest's "agree" (peer within 0.05 of selab) and "differ" (peer +1.93) rows.
        List<selab.results.RunRecord> r = new java.util.ArrayList<>();
        double[][] values = {{10.0, 10.1, 9.9}, {10.05, 9.95, 10.1}, {12.0, 12.2, 11.9}, {14.0, 14.1, 13.8}};
        String[] variants = {"agree", peer("agree"), "differ", peer("differ")};
        for (int v = 0; v < variants.length; v++) {
            for (int seed = 0; seed < 3; seed++) {
                r.add(Fixtures.done(variants[v], seed, 16, values[v][seed], 1));
            }
        }
        selab.spec.TableSpec t = new selab.spec.TableSpec("t", "t", null, null, List.of(
                new selab.spec.TableSpec.Row("agree", null, "agree", selab.spec.Implementation.PYTORCH),
                new selab.spec.TableSpec.Row("differ", null, "differ", selab.spec.Implementation.PYTORCH)),
                List.of("top1_err"), List.of());
        ReportInput checked = new ReportInput(Fixtures.EXP, "cross-checked", List.of(t), List.of(), r,
                java.util.Map.of(), java.util.Map.of(), ReportInput.Header.infer(List.of(), r));
        // Trend: ReporterTest's table with a figure of r4 - r16 against the ratio.
        ReportInput base = ReporterTest.input(null);
        ReportInput trended = new ReportInput(base.experiment(), base.specDescription(), base.tables(), base.planned(),
                base.records(), base.historyByRunId(), base.paperScaleProfiles(), base.header(), base.staleReasons(),
                List.of(new selab.spec.TrendSpec("gap", "r4 against r16", "model.se.ratio", List.of(
                        new selab.spec.TrendSpec.Series("r4 - r16", List.of(new selab.spec.TrendSpec.Pair("r4", "r16")))))));
        String md = SummaryWriter.write(List.of(new Reporter().build(checked), new Reporter().build(trended)));
        String section = md.substring(md.indexOf("## Cross-checks against an independent implementation"));
        String agree = section.lines().filter(l -> l.contains("| agree |")).findFirst().orElseThrow(() -> new AssertionError(md));
        assertTrue(agree.contains("10.00 ± 0.10 (n=3)") && agree.contains("PyTorch 10.03 ± 0.08 (n=3)")
                && agree.endsWith("| 0.672 | <0.001 | **agree within ±1.0** |"), agree);
        String differ = section.lines().filter(l -> l.contains("| differ |")).findFirst().orElseThrow();
        assertTrue(differ.contains("+1.93") && differ.endsWith("| **differ** |"), differ);
        assertTrue(md.contains("## Trends\n\n### r4 against r16 — [exp/gap.md](exp/gap.md)\n\n- **r4 - r16**: "), md);
        assertTrue(md.contains("![exp/gap.png](exp/gap.png)"), md);
        assertTrue(md.indexOf("## Trends") < md.indexOf("## Top-1 error by table"), md);
    }

    @Test
    void theExperimentsRowCountsThePeersRunsWithoutARecordApart() {
        ReportInput base = ReporterTest.input(null);
        ReportInput pending = new ReportInput(base.experiment(), base.specDescription(), base.tables(), base.planned(),
                base.records(), base.historyByRunId(), base.paperScaleProfiles(), base.header(), base.staleReasons(),
                base.trends(), 3);
        String cell = row(SummaryWriter.write(List.of(new Reporter().build(pending))), "## Experiments",
                "`" + base.experiment() + "`").get(5);
        String plain = row(SummaryWriter.write(List.of(new Reporter().build(base))), "## Experiments",
                "`" + base.experiment() + "`").get(5);
        assertEquals(plain + " (+3 peer cross-check runs without a readable record)", cell);
        assertTrue(plain.matches("\\d+ / \\d+"), plain);
    }

    @Test
    void peerRunsWithoutRecordCountsDistinctUnrecordedPeerRunsOnly() {
        selab.spec.Implementation torch = selab.spec.Implementation.PYTORCH;
        selab.plan.Variant selabRun = Fixtures.planned("plain", 0, 0);
        selab.plan.Variant peer0 = new selab.plan.Variant(Fixtures.EXP, peer("plain"), 0,
                Fixtures.config(0).withImplementation(torch), "peer-s0");
        selab.plan.Variant peer1 = new selab.plan.Variant(Fixtures.EXP, peer("plain"), 1,
                Fixtures.config(0).withImplementation(torch), "peer-s1");
        // The same peer run planned under a second name (two rows share its config): one run.
        selab.plan.Variant peer0Again = new selab.plan.Variant(Fixtures.EXP, peer("alias"), 0,
                Fixtures.config(0).withImplementation(torch), "peer-s0");
        List<selab.plan.Variant> plan = List.of(selabRun, peer0, peer1, peer0Again);
        assertEquals(2, ReportInput.peerRunsWithoutRecord(plan, java.util.Set.of()));
        assertEquals(1, ReportInput.peerRunsWithoutRecord(plan, java.util.Set.of("peer-s0")));
        assertEquals(0, ReportInput.peerRunsWithoutRecord(plan, java.util.Set.of("peer-s0", "peer-s1")));
        assertEquals(0, ReportInput.peerRunsWithoutRecord(List.of(selabRun), java.util.Set.of()),
                "selab's own run without a record is queued, not a peer run");
    }

    private static String peer(String variant) {
        return selab.spec.TableSpec.Row.peerVariant(variant, selab.spec.Implementation.PYTORCH);
    }
}
