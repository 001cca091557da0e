package selab.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import selab.plan.Planner;
import selab.plan.Variant;
import selab.results.Json;
import selab.spec.SpecLoader;

/**
 * Bad input tried as a careful user would (data, flags, files of the results tree), through the real CLI:
 * each probe ends in exit code 2 and one line naming the file or flag and what is wrong, never a stack trace,
 * and nothing else breaks: a bad path leaves nothing written, a bad record leaves the other runs reported.
 * (The spec probes are in {@link MalformedSpecCliTest}, internal errors in selab.cli.ErrorHandlerTest.)
 */
class BadInputCliTest {
    private static final String EXP = "two";

    /** Two trained SE runs (seeds 0 and 1) that each probe copies and damages. */
    @TempDir
    static Path trained;

    static Path spec;

    @TempDir
    Path tmp;

    @BeforeAll
    static void trainTwoRuns() throws IOException {
        spec = Sweeps.spec(trained, "two.yaml", EXP, 1, List.of(0, 1), "  se: {}\n",
                "tables:\n  - name: t\n    rows: [{variant: se}]\n    columns: [top1_err]\n");
        Cli.Result r = Cli.run("run", spec.toString(), "--results", trained.resolve("results").toString());
        assertEquals(0, r.exit(), r.all());
    }

    /** exit 2, one line on stderr containing every fragment, nothing on stdout unless the verb carried on. */
    private static void assertOneLine(Cli.Result r, String... fragments) {
        assertEquals(2, r.exit(), r.all());
        List<String> lines = r.err().lines().filter(l -> !l.isBlank()).toList();
        assertEquals(1, lines.size(), "one line: " + r.all());
        for (String f : fragments) {
            assertTrue(lines.get(0).contains(f), "the line names " + f + ": " + r.all());
        }
        assertFalse(r.all().contains("\tat "), "no stack trace: " + r.all());
    }

    @Test
    void aSubsetLargerThanItsSplitIsCaughtBeforeAnythingIsQueued() throws IOException {
        Path data = Files.createDirectories(tmp.resolve("fm"));
        StaleRecordsCliTest.writeIdx(data, 128, 64, 1); // 128 training and 64 test images
        Path results = tmp.resolve("results");
        for (String subsets : List.of("train_subset: 129", "test_subset: 65", "train_subset: 100000000")) {
            Path s = idxSpec(data, subsets);
            Cli.Result r = Cli.run("run", s.toString(), "--results", results.toString());
            String field = "data." + subsets.substring(0, subsets.indexOf(':'));
            String images = subsets.startsWith("train") ? "the 128 images of the training split" : "the 64 images of the test split";
            assertOneLine(r, s.toString(), field, images, "allowed: 1.." + (subsets.startsWith("train") ? 128 : 64));
            assertFalse(Files.exists(results), "nothing queued or written: " + r.all());
        }
        // Synthetic images are made in memory: a hundred million of 3x16x16 would be 76.8 GB.
        Path synthetic = tmp.resolve("s.yaml");
        Files.writeString(synthetic, "name: s\nbase: {data: {source: synthetic, train_subset: 100000000}}\n");
        Cli.Result r = Cli.run("run", synthetic.toString(), "--results", results.toString());
        assertOneLine(r, "data.train_subset", "76,800,000,000 bytes", "allowed: 1..1398101");
        assertFalse(Files.exists(results));
        // The control: the whole split as a subset passes the check and trains.
        Cli.Result ok = Cli.run("run", idxSpec(data, "train_subset: 128, test_subset: 64").toString(), "--results",
                results.toString());
        assertEquals(0, ok.exit(), ok.all());
    }

    private Path idxSpec(Path data, String subsets) throws IOException {
        Path s = tmp.resolve("idx.yaml");
        Files.writeString(s, "name: idx\nbase:\n  model: {arch: resnet-20, width: 0.25}\n"
                + "  data: {source: fashion-mnist, path: '" + data + "', " + subsets + "}\n"
                + "  recipe: {epochs: 1, batch_size: 64}\n  device: cpu\n");
        return s;
    }

    @Test
    void aDataFlagThatIsNotADirectoryIsAnErrorNotIgnored() {
        Path missing = tmp.resolve("nonexistent");
        Path results = tmp.resolve("results");
        for (List<String> verb : List.of(List.of("run", spec.toString()), List.of("worker"), List.of("excitation", "abc"))) {
            List<String> args = new ArrayList<>(verb);
            args.addAll(List.of("--results", results.toString(), "--data", missing.toString()));
            Cli.Result r = Cli.run(args.toArray(String[]::new));
            assertOneLine(r, "'--data'", "'" + missing + "' is not a directory");
            assertFalse(Files.exists(results), r.all());
        }
    }

    @Test
    void aBadRecordIsNamedAndTheOtherRunCarriesOn() throws IOException {
        Path results = copyOfTrained();
        List<Path> runs = Sweeps.runDirs(results, EXP);
        Path a = runs.get(0);
        Path b = runs.get(1);
        String bId = b.getFileName().toString();
        byte[] aJson = Files.readAllBytes(a.resolve("run.json"));

        // A corrupt run.json: status and report name it and go on with the other run.
        Files.writeString(a.resolve("run.json"), "{\"id\": garbage");
        Cli.Result report = report(results);
        assertOneLine(report, a.resolve("run.json").toString(), "Unrecognized token 'garbage'", "left out of the report");
        assertTrue(report.out().startsWith(EXP + ": 1 run record(s) of 2 planned"), report.all());
        assertTrue(table().contains(bId), "the other run is in the table: " + table());
        Cli.Result status = Cli.run("status", spec.toString(), "--results", results.toString());
        assertOneLine(status, a.resolve("run.json").toString());
        assertTrue(status.out().contains("  done      2"), "the queue's counts are still shown: " + status.all());
        Files.write(a.resolve("run.json"), aJson);

        // A garbage history.csv.
        byte[] bHistory = Files.readAllBytes(b.resolve("history.csv"));
        Files.writeString(b.resolve("history.csv"), "\u0000\u0001 not a csv\n");
        report = report(results);
        assertOneLine(report, b.resolve("history.csv").toString(), "line 1 must be the header");
        assertTrue(report.out().startsWith(EXP + ": 1 run record(s) of 2 planned"), report.all());
        Files.write(b.resolve("history.csv"), bHistory);

        // A done record without its top-1 error is not silently left out of the table's mean.
        ObjectNode rec = (ObjectNode) Json.mapper().readTree(aJson);
        ((ObjectNode) rec.get("metrics")).putNull("final_top1_err");
        Json.mapper().writeValue(a.resolve("run.json").toFile(), rec);
        report = report(results);
        assertOneLine(report, a.resolve("run.json").toString(), "status is done but metrics.final_top1_err is missing");
        Files.write(a.resolve("run.json"), aJson);

        // Repaired, everything reads again.
        report = report(results);
        assertEquals(0, report.exit(), report.all());
        assertTrue(report.out().startsWith(EXP + ": 2 run record(s) of 2 planned"), report.all());
    }

    private Cli.Result report(Path results) {
        return Cli.run("report", spec.toString(), "--results", results.toString(), "--reports",
                tmp.resolve("reports").toString());
    }

    private String table() throws IOException {
        return Files.readString(tmp.resolve("reports").resolve(EXP).resolve("t.md"));
    }

    @Test
    void truncatedWeightsAreNamedNotABareEndOfFile() throws IOException {
        Path results = copyOfTrained();
        Path run = Sweeps.runDirs(results, EXP).get(0);
        Path weights = run.resolve("final.params");
        byte[] whole = Files.readAllBytes(weights);
        Files.write(weights, java.util.Arrays.copyOf(whole, whole.length / 2));
        Cli.Result r = Cli.run("excitation", run.getFileName().toString(), "--results", results.toString(), "--reports",
                tmp.resolve("reports").toString(), "--device", "cpu");
        assertOneLine(r, weights.toString(), "truncated");
        assertFalse(r.all().contains("EOFException"), r.all());
    }

    @Test
    void aQueueFileThatIsNotADatabaseIsNamedAndLeftAlone() throws IOException {
        Path results = Files.createDirectories(tmp.resolve("results"));
        Path queue = results.resolve("queue.db");
        byte[] notes = "my notes, not a queue\n".repeat(200).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        Files.write(queue, notes);
        for (List<String> verb : List.of(List.of("status", spec.toString()), List.of("retry", spec.toString()),
                List.of("run", spec.toString()), List.of("worker"))) {
            List<String> args = new ArrayList<>(verb);
            args.addAll(List.of("--results", results.toString()));
            assertOneLine(Cli.run(args.toArray(String[]::new)), queue + ": not a queue");
            assertArrayEquals(notes, Files.readAllBytes(queue), String.join(" ", verb));
        }
    }

    @Test
    void aResultsOrReportsPathUnderAFileIsOneLine() throws IOException {
        Path file = Files.writeString(tmp.resolve("file"), "x");
        String under = file.resolve("x").toString();
        for (List<String> verb : List.of(List.of("status", spec.toString()), List.of("retry", spec.toString()),
                List.of("run", spec.toString()), List.of("worker"))) {
            List<String> args = new ArrayList<>(verb);
            args.addAll(List.of("--results", under));
            assertOneLine(Cli.run(args.toArray(String[]::new)), "--results: " + under + " cannot be created: " + file
                    + " is not a directory");
        }
        Cli.Result r = Cli.run("report", spec.toString(), "--results", trained.resolve("results").toString(),
                "--reports", under);
        assertOneLine(r, "--reports: " + under + " cannot be created");
    }

    @Test
    void aReadOnlyResultsDirectoryIsOneLineEvenForStatus() throws IOException {
        Path results = copyOfTrained();
        ReadOnly ro = ReadOnly.make(results);
        try {
            assumeFalse(Files.isWritable(results), "cannot make a directory read-only here (neither chmod nor chattr)");
            Cli.Result status = Cli.run("status", spec.toString(), "--results", results.toString());
            assertOneLine(status, "--results: " + results + " is not writable");
            Cli.Result report = Cli.run("report", spec.toString(), "--results", results.toString(), "--reports",
                    results.resolve("reports").toString());
            assertOneLine(report, "--reports: " + results.resolve("reports") + " cannot be created: " + results
                    + " is not writable");
        } finally {
            ro.undo();
        }
        Cli.Result status = Cli.run("status", spec.toString(), "--results", results.toString());
        assertEquals(0, status.exit(), "writable again, status works: " + status.all());
    }

    @Test
    void aWorkerFailsTheRunWhoseRecordIsCorruptAndTrainsTheOthers() throws IOException {
        Path results = tmp.resolve("results");
        List<Variant> runs = Planner.expand(SpecLoader.load(spec)).distinctRuns();
        Path corrupt = results.resolve(EXP).resolve(runs.get(0).id()).resolve("run.json");
        Files.createDirectories(corrupt.getParent());
        Files.writeString(corrupt, "not json");
        Cli.Result run = Cli.run("run", spec.toString(), "--results", results.toString(), "--max-attempts", "1");
        assertEquals(1, run.exit(), "a run failed: " + run.all());
        assertTrue(run.out().contains(runs.get(1).id() + ", seed 1): done"), "the other run trained: " + run.all());
        assertEquals("not json", Files.readString(corrupt), "the user's file is not overwritten");
        Cli.Result status = Cli.run("status", spec.toString(), "--results", results.toString());
        assertTrue(status.out().contains("  failed " + runs.get(0).id() + " se: Malformed " + corrupt), status.all());
    }

    /** A copy of the trained results tree (records, histories, weights, queue) for one probe to damage. */
    private Path copyOfTrained() throws IOException {
        Path from = trained.resolve("results");
        Path to = tmp.resolve("results");
        try (Stream<Path> all = Files.walk(from)) {
            for (Path p : all.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
        return to;
    }

    /** A directory made read-only: by permissions, or (as root, whom permissions do not stop) immutable. */
    private record ReadOnly(Path dir, boolean immutable) {
        static ReadOnly make(Path dir) throws IOException {
            dir.toFile().setWritable(false, false);
            if (Files.isWritable(dir) && run("chattr", "+i", dir.toString())) {
                return new ReadOnly(dir, true);
            }
            return new ReadOnly(dir, false);
        }

        void undo() {
            if (immutable) {
                run("chattr", "-i", dir.toString());
            }
            dir.toFile().setWritable(true, false);
        }

        private static boolean run(String... cmd) {
            try {
                return new ProcessBuilder(cmd).redirectErrorStream(true).start().waitFor() == 0;
            } catch (IOException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new UncheckedIOException(new IOException(e));
            }
        }
    }
}
