package selab.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import selab.bench.PythonPeer;

/**
 * A row's {@code cross_check: pytorch} through the real CLI: {@code run} trains the row with selab and with the
 * PyTorch peer, records the peer's runs as the peer's, and {@code report} puts both side by side; on a machine whose
 * python has no torch the peer's runs are left out with one line and the rows say "not run".
 */
class CrossCheckCliTest {
    private static final String EXP = "xcheck";

    @TempDir
    Path tmp;

    /** Tiny runs on the Fashion-MNIST slice shipped in the repository (the peer reads IDX files only). */
    private Path spec() throws Exception {
        Path p = tmp.resolve("xcheck.yaml");
        Files.writeString(p, """
                name: xcheck
                base:
                  model: {arch: resnet-20, width: 0.25}
                  data: {source: fashion-mnist, path: data/fashion-mnist-quick, train_subset: 256, test_subset: 128}
                  recipe: {epochs: 2, batch_size: 64}
                  device: cpu
                seeds: [0, 1]
                variants:
                  plain: {model.se: none}
                  se: {}
                tables:
                  - name: t
                    baseline: plain
                    rows: [{variant: plain, cross_check: pytorch}, {variant: se}]
                """);
        return p;
    }

    @Test
    void thePeerTrainsTheRowItsRunsAreRecordedAsItsOwnAndTheReportComparesThem() throws Exception {
        PythonPeer.Attempt<String> torch = PythonPeer.fromEnvironment().probe();
        assumeTrue(torch.result().isPresent(), "PyTorch peer unavailable: " + torch.availability().reason());
        Path results = tmp.resolve("results");
        String reports = tmp.resolve("reports").toString();
        Cli.Result run = Cli.run("run", spec().toString(), "--results", results.toString(), "--threads", "1");
        assertEquals(0, run.exit(), run.all());
        assertTrue(run.out().contains("cross-check: 2 run(s) by the PyTorch peer (torch " + torch.result().get() + ")"),
                run.all());

        Map<String, JsonNode> records = Sweeps.records(results, EXP);
        assertEquals(6, records.size(), records.keySet().toString());
        List<JsonNode> peer = records.values().stream().filter(r -> r.get("variant").asText().equals("plain@pytorch"))
                .toList();
        assertEquals(2, peer.size());
        for (JsonNode r : peer) {
            assertEquals("done", r.get("status").asText());
            assertEquals("pytorch", r.at("/config/implementation").asText());
            assertEquals(torch.result().get(), r.at("/provenance/pytorch_version").asText());
            assertTrue(r.at("/provenance/djl_version").isNull(), "DJL did not train it");
            assertTrue(r.at("/fingerprint/libraries").asText().startsWith("pytorch " + torch.result().get()));
            Path dir = results.resolve(EXP).resolve(r.get("id").asText());
            assertEquals(List.of(1, 2), Sweeps.epochs(dir));
            assertFalse(Files.exists(dir.resolve("checkpoints")), "the peer's request and raw output are not kept");
            // Same architecture: the peer's parameter count is selab's for the plain row.
            long selabParams = records.values().stream().filter(s -> s.get("variant").asText().equals("plain"))
                    .findFirst().orElseThrow().get("params").asLong();
            assertEquals(selabParams, r.get("params").asLong());
        }
        records.values().stream().filter(r -> !r.get("variant").asText().contains("@"))
                .forEach(r -> assertTrue(r.at("/config/implementation").isMissingNode(), r.toString()));

        Cli.Result report = Cli.run("report", spec().toString(), "--results", results.toString(), "--reports", reports);
        assertEquals(0, report.exit(), report.all());
        String md = Files.readString(tmp.resolve("reports").resolve(EXP).resolve("t.md"));
        assertTrue(md.contains("## Cross-check: an independent implementation"), md);
        assertTrue(md.contains("PyTorch " + torch.result().get()), md);
        // The header counts fingerprints per implementation: one selab build and the peer, not two builds mixed.
        assertTrue(md.contains("selab's runs: 1 distinct (") && md.contains("over 4 finished runs")
                && md.contains(" — pytorch peer's runs: 1 distinct (") && md.contains("over 2 finished runs"), md);
        String row = md.lines().filter(l -> l.startsWith("| plain") && l.contains("(n=2)")).findFirst()
                .orElseThrow(() -> new AssertionError(md));
        assertTrue(row.contains("| 2/0/0/0/0 |"), row);
        String readme = Files.readString(tmp.resolve("reports").resolve(EXP).resolve("README.md"));
        assertTrue(readme.contains(" of 6 runs\n"), readme); // the peer's 2 recorded runs are counted like selab's 4
        assertFalse(readme.contains("without a readable record"), readme);
        String csv = Files.readString(tmp.resolve("reports").resolve(EXP).resolve("t-cross-check.csv"));
        assertEquals(2, csv.lines().count(), csv);
        assertTrue(csv.lines().skip(1).findFirst().orElseThrow().startsWith("t,plain,plain,pytorch,2,"), csv);

        // A rerun trains nothing: the peer's records count as finished like selab's.
        Cli.Result again = Cli.run("run", spec().toString(), "--results", results.toString(), "--threads", "1");
        assertEquals(0, again.exit(), again.all());
        assertTrue(again.out().contains("6 runs planned, 0 newly queued"), again.all());
        Cli.Result status = Cli.run("status", spec().toString(), "--results", results.toString());
        assertTrue(status.out().contains("stale     0"), status.all()); // the peer's records match the shipped script
    }

    @Test
    void withoutTorchThePeersRunsAreNotQueuedAndTheRowsSayNotRun() throws Exception {
        Path results = tmp.resolve("results-no-torch");
        Path log = tmp.resolve("run.log");
        // A child JVM whose peer python does not exist: the machine of a user without python3-torch.
        Process p = Cli.start(List.of("env", "SELAB_PYTHON=" + tmp.resolve("no-python3")), null, log, "run",
                spec().toString(), "--results", results.toString(), "--threads", "1");
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "run did not finish");
        String out = Files.readString(log);
        assertEquals(0, p.exitValue(), out);
        assertEquals(1, out.lines().filter(l -> l.contains("PyTorch peer run(s) not queued")).count(), out);
        assertTrue(out.contains("cross-check: 2 PyTorch peer run(s) not queued: cannot run python"), out);
        assertTrue(out.contains("6 runs planned, 4 newly queued"), out);
        assertEquals(4, Sweeps.records(results, EXP).size());

        Cli.Result report = Cli.run("report", spec().toString(), "--results", results.toString(), "--reports",
                tmp.resolve("reports-no-torch").toString());
        assertEquals(0, report.exit(), report.all());
        String md = Files.readString(tmp.resolve("reports-no-torch").resolve(EXP).resolve("t.md"));
        assertTrue(md.contains("**not run**"), md);
        assertTrue(md.contains("*Not run*: no PyTorch run of the row is recorded"), md);
        // The peer's 2 runs are not counted as queued, but the progress line says they are missing.
        String readme = Files.readString(tmp.resolve("reports-no-torch").resolve(EXP).resolve("README.md"));
        assertTrue(readme.contains("**Progress (all runs of the experiment):** 4 done, 0 queued, 0 running, 0 failed,"
                + " 0 diverged, of 4 runs; +2 peer cross-check runs without a readable record, not counted above\n"),
                readme);
        // The table itself is selab's as without a cross-check: both rows measured from their 2 runs.
        assertEquals(2, md.lines().filter(l -> l.matches("\\| (plain|se)[ †‡]* \\| 2 \\|.*")).count(), md);
    }
}
