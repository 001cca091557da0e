package selab.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static selab.report.Fixtures.done;
import static selab.report.Fixtures.planned;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import selab.model.Profile;
import selab.plan.Variant;
import selab.train.HistoryRow;
import selab.results.RunRecord;
import selab.results.RunStatus;
import selab.spec.TableSpec;
import tech.tablesaw.api.Table;
import tech.tablesaw.io.csv.CsvReadOptions;

class ReporterTest {
    @TempDir
    Path dir;

    /** Table 10 analogue: r16 (3 done), r4 (2 done + 1 failed), r8 (planned only), original (3 done). */
    static ReportInput input(List<String> columns) {
        List<Variant> plan = new ArrayList<>();
        for (long s = 1; s <= 3; s++) {
            plan.add(planned("r16", s, 16));
            plan.add(planned("r4", s, 4));
            plan.add(planned("r8", s, 8));
            plan.add(planned("original", s, 0));
        }
        List<RunRecord> records = List.of(
                done("r16", 1, 16, 10, 2), done("r16", 2, 16, 11, 2), done("r16", 3, 16, 12, 2),
                done("r4", 1, 4, 10.5, 2), done("r4", 2, 4, 11.2, 2),
                Fixtures.record("r4", 3, 4, RunStatus.FAILED, null),
                Fixtures.record("r8", 1, 8, RunStatus.RUNNING, null),
                done("original", 1, 0, 12, 3), done("original", 2, 0, 13, 3), done("original", 3, 0, 14, 3));
        Map<String, List<HistoryRow>> history = new HashMap<>();
        for (RunRecord r : records) {
            history.put(r.id(), Fixtures.history(60, r.metrics() == null ? 50 : r.metrics().finalTop1Err(), 5));
        }
        TableSpec spec = new TableSpec("table10", "Reduction ratio", 10, "original",
                List.of(new TableSpec.Row("r4", "r=4", null), new TableSpec.Row("r8", "r=8", null),
                        new TableSpec.Row("r16", "r=16", "SE, r=16"),
                        new TableSpec.Row("original", "original", "ResNet-50")),
                columns,
                List.of(new TableSpec.Claim("SE beats the plain ResNet", "order", List.of("r16", "original")),
                        new TableSpec.Claim("r=4 and r=16 perform alike", "similar", List.of("r16", "r4"))));
        Map<String, Profile> scale = Map.of("r16", new Profile(28_088_024L, 3_860_000_000L, 10_000_000L));
        ReportInput.Header header = ReportInput.Header.infer(plan, records);
        return new ReportInput(Fixtures.EXP, "Synthetic table 10.", List.of(spec), plan, records, history, scale, header);
    }

    private static String read(Path p) throws Exception {
        return Files.readString(p, StandardCharsets.UTF_8);
    }

    @Test
    void writesTablesReadmeAndPlots() throws Exception {
        List<Path> files = Reporter.write(input(null), dir);
        Path out = dir.resolve(Fixtures.EXP);
        for (String name : List.of("table10.md", "table10.csv", "README.md", "table10-delta.png",
                "table10-ratio.png", "table10-curves.png")) {
            assertTrue(files.contains(out.resolve(name)), name + " in " + files);
        }
        for (Path p : files) {
            assertTrue(Files.size(p) > 0, p.toString());
        }
        try (var s = Files.list(out)) {
            assertTrue(s.noneMatch(p -> p.getFileName().toString().endsWith(".tmp")), "temp files left");
        }
    }

    @Test
    void csvParsesBackWithExpectedColumnsAndValues() throws Exception {
        Reporter.write(input(null), dir);
        String csv = read(dir.resolve(Fixtures.EXP).resolve("table10.csv"));
        Table t = Table.read().csv(CsvReadOptions.builder(new StringReader(csv)).header(true).build());
        assertEquals(4, t.rowCount()); // one header row, one row per table row
        List<String> names = t.columnNames();
        for (String c : List.of("measured_top1_err_mean", "measured_top1_err_std", "measured_top1_err_ci95", "n",
                "delta_top1_err", "p_value", "params", "gflops", "paper_scale_params", "paper_scale_gflops",
                "paper_top1_err", "paper_top5_err", "paper_params_m", "paper_gflops", "run_ids", "n_queued",
                "n_running", "n_failed", "measured_top5_err_mean")) {
            assertTrue(names.contains(c), c + " missing from " + names);
        }
        // Row order as in the spec: r4, r8, r16, original. Values below are computed by hand.
        assertEquals("SE, r=16", t.stringColumn("row").get(2)); // quoted comma survives
        assertEquals(11.0, t.numberColumn("measured_top1_err_mean").getDouble(2), 1e-12);
        assertEquals(1.0, t.numberColumn("measured_top1_err_std").getDouble(2), 1e-12);
        assertEquals(4.303 / Math.sqrt(3), t.numberColumn("measured_top1_err_ci95").getDouble(2), 1e-3);
        // r16 vs original, paired by seed: diffs -2, -2, -2 have zero variance -> untestable, delta -2
        assertEquals(-2.0, t.numberColumn("delta_top1_err").getDouble(2), 1e-12);
        assertTrue(t.column("p_value").isMissing(2));
        // paper Table 10, r=16: 22.28 / 6.03, 28.1 M params (copied from the paper)
        assertEquals(22.28, t.numberColumn("paper_top1_err").getDouble(2), 0);
        assertEquals(28.1, t.numberColumn("paper_params_m").getDouble(2), 0);
        assertEquals(3.87, t.numberColumn("paper_scale_gflops").getDouble(2), 1e-12); // (3.86e9 + 0.01e9) / 1e9
        assertEquals(0.06, t.numberColumn("gflops").getDouble(2), 1e-12); // 60e6 macs
        assertEquals("r16-s1;r16-s2;r16-s3", t.stringColumn("run_ids").get(2));
        // r8: nothing done
        assertEquals("missing", t.stringColumn("status").get(1));
        assertEquals(0, t.numberColumn("n").getDouble(1), 0);
        assertEquals(2, t.numberColumn("n_queued").getDouble(1), 0);
        assertEquals(1, t.numberColumn("n_running").getDouble(1), 0);
        assertTrue(t.column("measured_top1_err_mean").isMissing(1));
        // r4: 2 done, 1 failed; vs original paired on seeds 1,2: diffs -1.5, -1.8 -> mean -1.65
        assertEquals(2, t.numberColumn("n").getDouble(0), 0);
        assertEquals(1, t.numberColumn("n_failed").getDouble(0), 0);
        assertEquals(-1.65, t.numberColumn("delta_top1_err").getDouble(0), 1e-12);
    }

    @Test
    void markdownShowsMissingCountsAndConsistentCells() throws Exception {
        Reporter.write(input(null), dir);
        String md = read(dir.resolve(Fixtures.EXP).resolve("table10.md"));
        assertTrue(md.contains(HeaderBlock.PAPER_NOTE), "paper note");
        assertTrue(md.contains(selab.model.Profile.CONVENTION), "convention");
        assertTrue(md.contains("Data set: fashion-mnist; train subset: 10000; test subset: 2000"), md);
        assertTrue(md.contains("Seeds: 1, 2, 3"), md);
        assertTrue(md.contains("selab commit: abc1234"), md);
        assertTrue(md.contains("**Progress (this table):** 8 done, 2 queued, 1 running, 1 failed, 0 diverged, of 12 runs"),
                md);
        String r8 = md.lines().filter(l -> l.startsWith("| r8")).findFirst().orElseThrow();
        assertTrue(r8.contains("| missing |"), r8);
        assertTrue(r8.contains("| 0/2/1/0/0 |"), r8);
        assertTrue(md.contains("insufficient data") || md.contains("confirmed") || md.contains("not shown either way"));

        List<String> tableLines = md.lines().filter(l -> l.startsWith("|")).toList();
        assertEquals(2 + 4, tableLines.size()); // header, rule, 4 rows
        int headerCells = cells(tableLines.get(0));
        for (String l : tableLines) {
            assertEquals(headerCells, cells(l), l);
        }
    }

    /** Cells of a pipe-table line: unescaped '|' separators minus one. */
    private static int cells(String line) {
        int bars = 0;
        for (int i = 0; i < line.length(); i++) {
            if (line.charAt(i) == '|' && (i == 0 || line.charAt(i - 1) != '\\')) {
                bars++;
            }
        }
        return bars - 1;
    }

    @Test
    void readmeSummarisesTablesAndClaims() throws Exception {
        Reporter.write(input(null), dir);
        String readme = read(dir.resolve(Fixtures.EXP).resolve("README.md"));
        assertTrue(readme.contains("[table10.md](table10.md)"), readme);
        assertTrue(readme.contains("SE beats the plain ResNet"), readme);
        // r16 (10, 11, 12) vs original (12, 13, 14): paired diffs all 2 -> zero variance -> not testable
        assertTrue(readme.contains("**not shown either way**"), readme);
        assertTrue(readme.contains("Synthetic table 10."), readme);
    }

    @Test
    void aTrendNamedLikeATablesPlotIsAnErrorNotAnOverwrite() {
        // table10's delta plot is table10-delta.png; a trend named table10-delta would write its chart there.
        ReportInput base = input(null);
        ReportInput clash = new ReportInput(base.experiment(), base.specDescription(), base.tables(), base.planned(),
                base.records(), base.historyByRunId(), base.paperScaleProfiles(), base.header(), base.staleReasons(),
                List.of(new selab.spec.TrendSpec("table10-delta", "gap", "model.se.ratio", List.of(
                        new selab.spec.TrendSpec.Series("r4 - r16", List.of(new selab.spec.TrendSpec.Pair("r4", "r16")))))));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Reporter.write(clash, dir));
        assertTrue(e.getMessage().contains("'table10-delta.png'"), e.getMessage());
    }

    @Test
    void failedReportLeavesOldReportIntact() throws Exception {
        Reporter.write(input(null), dir);
        Path md = dir.resolve(Fixtures.EXP).resolve("table10.md");
        byte[] before = Files.readAllBytes(md);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Reporter.write(input(List.of("top1_err", "top7_err")), dir));
        assertTrue(e.getMessage().contains("'table10'") && e.getMessage().contains("'columns'")
                && e.getMessage().contains("top7_err") && e.getMessage().contains("top1_err|top5_err"), e.getMessage());
        assertArrayEquals(before, Files.readAllBytes(md));
    }
}
