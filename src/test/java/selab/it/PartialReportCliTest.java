package selab.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import selab.queue.RunQueue;
import selab.results.RunStatus;

/**
 * {@code report} of a half-finished sweep: the spec grew (one more seed, one more variant) after its first
 * runs were trained; the report is written from what exists and says what is missing.
 */
class PartialReportCliTest {
    private static final String EXP = "partial";

    @TempDir
    Path tmp;

    @Test
    void reportOfAHalfFinishedSweepSaysWhatIsMissing() throws Exception {
        String table = "tables:\n  - name: gates\n    baseline: plain\n    rows: [{variant: plain}, {variant: se}%s]\n"
                + "    columns: [top1_err, params]\n";
        Path trained = Sweeps.spec(tmp, "a.yaml", EXP, 1, List.of(0), "  plain: {model.se: none}\n  se: {}\n",
                String.format(table, ""));
        Path grown = Sweeps.spec(tmp, "b.yaml", EXP, 1, List.of(0, 1),
                "  plain: {model.se: none}\n  se: {}\n  tanh: {model.se.gate: tanh}\n", String.format(table, ", {variant: tanh}"));
        String results = tmp.resolve("results").toString();
        String reports = tmp.resolve("reports").toString();

        Cli.Result run = Cli.run("run", trained.toString(), "--results", results, "--reports", reports, "--device", "cpu");
        assertEquals(0, run.exit(), run.all());

        Cli.Result full = Cli.run("report", trained.toString(), "--results", results, "--reports", reports);
        assertEquals(0, full.exit(), full.all());
        assertTrue(full.out().startsWith(EXP + ": 2 run record(s) of 2 planned"), full.all());
        assertTrue(md().contains("**Progress (this table):** 2 done, 0 queued, 0 running, 0 failed, 0 diverged, of 2 runs"), md());

        Cli.Result partial = Cli.run("report", grown.toString(), "--results", results, "--reports", reports);
        assertEquals(0, partial.exit(), partial.all());
        assertTrue(partial.out().startsWith(EXP + ": 2 run record(s) of 6 planned"), partial.all());
        String md = md();
        // Planned runs without a record count as queued: 2 of the 6 are done.
        assertTrue(md.contains("**Progress (this table):** 2 done, 4 queued, 0 running, 0 failed, 0 diverged, of 6 runs"), md);
        String tanhRow = md.lines().filter(l -> l.startsWith("| tanh ")).findFirst().orElseThrow(() -> new AssertionError(md));
        assertTrue(tanhRow.contains("missing"), tanhRow);
        assertTrue(tanhRow.contains("| 0/2/0/0/0 |"), tanhRow);
        String seRow = md.lines().filter(l -> l.startsWith("| se ")).findFirst().orElseThrow();
        assertTrue(seRow.contains("| 1/1/0/0/0 |"), seRow);
        assertTrue(Files.isRegularFile(tmp.resolve("reports").resolve(EXP).resolve("README.md")));
        assertTrue(Files.isRegularFile(tmp.resolve("reports").resolve(EXP).resolve("gates.csv")));

        // One page over the given specs: distinct runs done / planned, and a link to the full report.
        Cli.Result summary = Cli.run("report", "--summary", grown.toString(), "--results", results, "--reports", reports);
        assertEquals(0, summary.exit(), summary.all());
        Path page = tmp.resolve("reports/README.md");
        String sum = Files.readString(page);
        String expRow = sum.lines().filter(l -> l.startsWith("| `" + EXP + "` |")).findFirst()
                .orElseThrow(() -> new AssertionError(sum));
        // 2 of 6 done; the two tiny runs trained for seconds: "< 1 min"
        assertTrue(expRow.contains("| 2 / 6 | < 1 min | [" + EXP + "/README.md](" + EXP + "/README.md) |"), expRow);

        // A bad spec among several: exit 2 and no report or summary is touched.
        Path bad = tmp.resolve("bad.yaml");
        Files.writeString(bad, "name: bad\nseeds: [0]\nbase: {model: {arch: resnet-20}}\nbogus_field: 1\n");
        long before = Files.getLastModifiedTime(page).toMillis();
        String gatesBefore = md();
        Cli.Result failed = Cli.run("report", "--summary", trained.toString(), bad.toString(), "--results", results,
                "--reports", reports);
        assertEquals(2, failed.exit(), failed.all());
        assertTrue(failed.err().contains("bad.yaml"), failed.all());
        assertEquals(sum, Files.readString(page));
        assertEquals(before, Files.getLastModifiedTime(page).toMillis());
        assertEquals(gatesBefore, md(), "the good spec's report is not rewritten either");

        // Reporting trains and queues nothing.
        try (RunQueue q = RunQueue.open(tmp.resolve("results/queue.db"))) {
            assertEquals(2, q.list(EXP).size());
            assertEquals(2, q.counts(EXP).get(RunStatus.DONE));
        }
    }

    private String md() throws Exception {
        return Files.readString(tmp.resolve("reports").resolve(EXP).resolve("gates.md"));
    }
}
